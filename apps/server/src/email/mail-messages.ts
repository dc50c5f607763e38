import type { FormEvent, MessageEvent, SessionEvent, SessionSummary } from '@parley/protocol';
import type { SiteConfig } from '../config/config-schema.js';
import { emailLocale } from './email-texts.js';
import { type MailBlock, type MailContent, renderMail } from './render-mail.js';

/** The visitor's address in an offline form: its first email field's answer (the default form's `email`). */
export function offlineEmail(site: SiteConfig, form: FormEvent): string | undefined {
  const field = site.offlineForm.find((f) => f.type === 'email');
  const value = field ? form.fields[field.name]?.trim() : undefined;
  return value || undefined;
}

/** Who left the form, as the team reads it: the name field, else the visitor's name, else anonymous. */
function senderName(form: FormEvent, session: SessionSummary, anonymous: string): string {
  return form.fields.name?.trim() || session.visitor.name?.trim() || anonymous;
}

/**
 * The mail to the site's team for an offline message, in the site's language: who left it and
 * every field of the form, labelled as the form labels them.
 * @example offlineMail(site, session, form).subject // 'New message from Ada (Shop)'
 */
export function offlineMail(site: SiteConfig, session: SessionSummary, form: FormEvent): MailContent {
  const locale = emailLocale(site.appearance.locale);
  const name = senderName(form, session, locale.t('offline.anonymous'));
  const params = { name, site: site.name };
  const labels = new Map(site.offlineForm.map((f) => [f.name, f.label]));
  const rows = Object.entries(form.fields).map(([field, value]) => ({
    label: labels.get(field) ?? field,
    value,
  }));
  return renderMail(
    locale,
    locale.t('offline.subject', params),
    [
      { kind: 'paragraph', text: locale.t('offline.intro', params) },
      { kind: 'fields', rows },
      { kind: 'paragraph', text: locale.t('offline.replyHint') },
    ],
    locale.t('footer', params),
  );
}

/** A date and time in the locale's words, in UTC (the server knows no visitor's time zone). */
const when = (at: number, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at);

/**
 * A session's transcript for its visitor, in the visitor's language (else the site's): every
 * message with its time and author, the visitor as "You", and the offline message they left.
 * @example transcriptMail(site, session, events).html
 */
export function transcriptMail(
  site: SiteConfig,
  session: SessionSummary,
  events: SessionEvent[],
): MailContent {
  const locale = emailLocale(session.visitor.locale ?? site.appearance.locale);
  const params = { site: site.name, date: when(session.createdAt, locale.language) };
  const you = locale.t('transcript.you');
  const rows = events.flatMap((event) => {
    const at = when(event.at, locale.language);
    if (event.type === 'form')
      return [{ label: `${at} · ${you}`, value: Object.values(event.fields).join('\n') }];
    if (event.type !== 'message') return [];
    const author = event.author.role === 'visitor' ? you : (event.author.name ?? site.name);
    // A file (issue 14) is named in the transcript; its bytes stay behind signed links.
    const file = event.attachment ? `[${event.attachment.name}]` : '';
    return [{ label: `${at} · ${author}`, value: [event.text, file].filter(Boolean).join('\n') }];
  });
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: locale.t('transcript.intro', params) },
    rows.length > 0 ? { kind: 'fields', rows } : { kind: 'paragraph', text: locale.t('transcript.empty') },
  ];
  return renderMail(locale, locale.t('transcript.subject', params), blocks, locale.t('footer', params));
}

/**
 * An agent's answer to an offline message, in the visitor's language (else the site's), quoting
 * what the visitor wrote.
 * @example replyMail(site, session, form, 'We have sent a new parcel.').text
 */
export function replyMail(
  site: SiteConfig,
  session: SessionSummary,
  form: FormEvent,
  text: string,
): MailContent {
  const locale = emailLocale(session.visitor.locale ?? site.appearance.locale);
  const params = { site: site.name };
  const said = form.fields.message ?? Object.values(form.fields).join('\n');
  return renderMail(
    locale,
    locale.t('reply.subject', params),
    [
      { kind: 'paragraph', text },
      { kind: 'paragraph', text: locale.t('reply.quote') },
      { kind: 'quote', text: said },
    ],
    locale.t('footer', params),
  );
}

/**
 * A conversation an agent started (issue 15, item 5), for a visitor whose widget was not open: the
 * agent's message, and the way back to the site (its `siteUrl`, else its name), in the visitor's
 * language (else the site's).
 * @example agentStartMail(site, session, message).subject // 'A message from Ada of Shop'
 */
export function agentStartMail(
  site: SiteConfig,
  session: SessionSummary,
  message: MessageEvent,
): MailContent {
  const locale = emailLocale(session.visitor.locale ?? site.appearance.locale);
  const params = { agent: message.author.name ?? site.name, site: site.name };
  const url = site.email?.siteUrl;
  return renderMail(
    locale,
    locale.t('start.subject', params),
    [
      { kind: 'paragraph', text: locale.t('start.intro', params) },
      { kind: 'quote', text: message.text },
      url
        ? { kind: 'link', text: locale.t('start.link', params), href: url }
        : { kind: 'paragraph', text: locale.t('start.noLink', params) },
    ],
    locale.t('footer', params),
  );
}

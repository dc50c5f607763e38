import type { EmailLocale } from './email-texts.js';

/** A mail's content: a plain-text part and an HTML part saying the same. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** One block of a mail: a paragraph, a list of labelled values, a quoted text, or a link. */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'fields'; rows: Array<{ label: string; value: string }> }
  | { kind: 'quote'; text: string };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to put in HTML: every markup character becomes an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const paragraph = (text: string) => `<p style="margin:0 0 12px;white-space:pre-wrap">${escapeHtml(text)}</p>`;

function blockHtml(block: MailBlock): string {
  if (block.kind === 'paragraph') return paragraph(block.text);
  if (block.kind === 'link') {
    return `<p style="margin:0 0 12px"><a href="${escapeHtml(block.href)}">${escapeHtml(block.text)}</a></p>`;
  }
  if (block.kind === 'quote') {
    return `<blockquote style="margin:0 0 12px;padding-inline-start:12px;border-inline-start:3px solid #ccc;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
  }
  const rows = block.rows
    .map(
      ({ label, value }) =>
        `<tr><th scope="row" style="text-align:start;vertical-align:top;padding:2px 12px 2px 0">${escapeHtml(label)}</th><td style="white-space:pre-wrap;padding:2px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return `<table role="presentation" style="border-collapse:collapse;margin:0 0 12px">${rows}</table>`;
}

function blockText(block: MailBlock): string {
  if (block.kind === 'paragraph') return block.text;
  if (block.kind === 'link') return `${block.text}: ${block.href}`;
  if (block.kind === 'quote') return block.text.replace(/^/gm, '> ');
  return block.rows.map(({ label, value }) => `${label}: ${value.replace(/\n/g, '\n  ')}`).join('\n');
}

/**
 * Renders a mail from blocks of text, as plain text and as HTML. Nothing given is ever taken as
 * markup: every text (what a visitor typed included) is escaped into the HTML part, so `<b>` shows
 * as the characters `<b>`. The HTML carries the locale's language and direction.
 * @example renderMail(locale, 'Hello', [{ kind: 'paragraph', text: 'Hi <b>there</b>' }], 'Sent by Shop')
 */
export function renderMail(
  locale: EmailLocale,
  subject: string,
  blocks: MailBlock[],
  footer: string,
): MailContent {
  const text = `${[...blocks.map(blockText), `-- \n${footer}`].join('\n\n')}\n`;
  const html = [
    '<!doctype html>',
    `<html lang="${locale.language}" dir="${locale.dir}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#1f2937">',
    ...blocks.map(blockHtml),
    `<p style="margin:24px 0 0;color:#6b7280;font-size:13px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/**
 * What Parley's mail says, in every language the widget speaks (en, de, es, ar; issue 13). The
 * widget's own texts live in its bundle; these are the server's, in the same tone: formal German
 * and Spanish, as the widget's are. `{name}` placeholders are filled in with escaped values.
 */
const en = {
  'offline.subject': 'New message from {name} ({site})',
  'offline.intro': '{name} left a message on {site} while nobody was available to chat.',
  'offline.replyHint': 'Reply to this email to answer them.',
  'offline.anonymous': 'A visitor',
  'transcript.subject': 'Your conversation with {site}',
  'transcript.intro': 'Here is the transcript of your conversation with {site} of {date}.',
  'transcript.you': 'You',
  'transcript.empty': 'There were no messages.',
  'reply.subject': 'Re: your message to {site}',
  'reply.quote': 'You wrote:',
  'start.subject': 'A message from {agent} of {site}',
  'start.intro': '{agent} of {site} started a conversation with you:',
  'start.link': 'Answer in the chat on {site}',
  'start.noLink': 'Answer in the chat the next time you visit {site}.',
  footer: 'Sent by {site} through Parley.',
} as const;

export type EmailTextKey = keyof typeof en;
type EmailTexts = Record<EmailTextKey, string>;

const de: EmailTexts = {
  'offline.subject': 'Neue Nachricht von {name} ({site})',
  'offline.intro': '{name} hat auf {site} eine Nachricht hinterlassen, als niemand zum Chatten da war.',
  'offline.replyHint': 'Antworten Sie auf diese E-Mail, um zu antworten.',
  'offline.anonymous': 'Ein Besucher',
  'transcript.subject': 'Ihre Unterhaltung mit {site}',
  'transcript.intro': 'Hier ist der Verlauf Ihrer Unterhaltung mit {site} vom {date}.',
  'transcript.you': 'Sie',
  'transcript.empty': 'Es gab keine Nachrichten.',
  'reply.subject': 'Re: Ihre Nachricht an {site}',
  'reply.quote': 'Sie schrieben:',
  'start.subject': 'Eine Nachricht von {agent} ({site})',
  'start.intro': '{agent} von {site} hat eine Unterhaltung mit Ihnen begonnen:',
  'start.link': 'Im Chat auf {site} antworten',
  'start.noLink': 'Antworten Sie im Chat, wenn Sie {site} das nächste Mal besuchen.',
  footer: 'Gesendet von {site} über Parley.',
};

const es: EmailTexts = {
  'offline.subject': 'Nuevo mensaje de {name} ({site})',
  'offline.intro': '{name} dejó un mensaje en {site} cuando no había nadie disponible para chatear.',
  'offline.replyHint': 'Responda a este correo para contestarle.',
  'offline.anonymous': 'Un visitante',
  'transcript.subject': 'Su conversación con {site}',
  'transcript.intro': 'Esta es la transcripción de su conversación con {site} del {date}.',
  'transcript.you': 'Usted',
  'transcript.empty': 'No hubo mensajes.',
  'reply.subject': 'Re: su mensaje a {site}',
  'reply.quote': 'Usted escribió:',
  'start.subject': 'Un mensaje de {agent} de {site}',
  'start.intro': '{agent} de {site} ha iniciado una conversación con usted:',
  'start.link': 'Responder en el chat de {site}',
  'start.noLink': 'Responda en el chat la próxima vez que visite {site}.',
  footer: 'Enviado por {site} a través de Parley.',
};

const ar: EmailTexts = {
  'offline.subject': 'رسالة جديدة من {name} ({site})',
  'offline.intro': 'ترك {name} رسالة على {site} عندما لم يكن أحد متاحًا للدردشة.',
  'offline.replyHint': 'ردّ على هذا البريد للإجابة.',
  'offline.anonymous': 'زائر',
  'transcript.subject': 'محادثتك مع {site}',
  'transcript.intro': 'هذا نص محادثتك مع {site} بتاريخ {date}.',
  'transcript.you': 'أنت',
  'transcript.empty': 'لم تكن هناك رسائل.',
  'reply.subject': 'رد: رسالتك إلى {site}',
  'reply.quote': 'كتبتَ:',
  'start.subject': 'رسالة من {agent} من {site}',
  'start.intro': 'بدأ {agent} من {site} محادثة معك:',
  'start.link': 'أجب في الدردشة على {site}',
  'start.noLink': 'أجب في الدردشة عند زيارتك القادمة لـ {site}.',
  footer: 'أرسله {site} عبر Parley.',
};

const DICTIONARIES: Record<string, EmailTexts> = { en, de, es, ar };

/** Languages written right to left: their HTML part says so. */
const RTL = new Set(['ar']);

export interface EmailLocale {
  /** The language used: `en`, `de`, `es` or `ar` (anything else falls back to English). */
  language: string;
  dir: 'ltr' | 'rtl';
  t(key: EmailTextKey, params?: Record<string, string>): string;
}

/**
 * The texts of a locale tag (`de-AT` means German; unknown or none, English), with `{params}`
 * filled in. The values are inserted as given: the renderer escapes them for HTML.
 * @example emailLocale('de-AT').t('transcript.subject', { site: 'Shop' }) // 'Ihre Unterhaltung mit Shop'
 */
export function emailLocale(tag: string | undefined): EmailLocale {
  const language = tag?.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const known = DICTIONARIES[language] ? language : 'en';
  const dictionary = DICTIONARIES[known] ?? en;
  return {
    language: known,
    dir: RTL.has(known) ? 'rtl' : 'ltr',
    t: (key, params = {}) =>
      dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole),
  };
}

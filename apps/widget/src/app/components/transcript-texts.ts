/**
 * The transcript action's own texts, in every language the widget speaks (issue 13). Like the
 * history screen's (history-texts.ts), they travel with its chunk rather than the language files
 * the start-up budget pays for.
 */
import { createTranslate } from '@parley/client';
import type { TranslationParams } from '../i18n/translate.js';

const en = {
  'transcript.open': 'Email me the transcript',
  'transcript.email': 'Your email',
  'transcript.send': 'Send the transcript',
  'transcript.sending': 'Sending…',
  'transcript.sent': 'The transcript is on its way to {email}.',
  'transcript.invalid': 'Please enter a valid email address.',
  'transcript.limited': 'You asked for several transcripts already. Please try again later.',
  'transcript.failed': 'The transcript could not be sent. Please try again.',
} as const;

export type TranscriptKey = keyof typeof en;
type TranscriptTexts = Record<TranscriptKey, string>;

/** Formal, as the widget's German is. */
const de: TranscriptTexts = {
  'transcript.open': 'Verlauf per E-Mail senden',
  'transcript.email': 'Ihre E-Mail-Adresse',
  'transcript.send': 'Verlauf senden',
  'transcript.sending': 'Wird gesendet…',
  'transcript.sent': 'Der Verlauf ist unterwegs an {email}.',
  'transcript.invalid': 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  'transcript.limited': 'Sie haben schon mehrere Verläufe angefordert. Bitte versuchen Sie es später.',
  'transcript.failed': 'Der Verlauf konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
};

/** Formal ("usted"), as the widget's Spanish is. */
const es: TranscriptTexts = {
  'transcript.open': 'Enviarme la transcripción',
  'transcript.email': 'Su correo electrónico',
  'transcript.send': 'Enviar la transcripción',
  'transcript.sending': 'Enviando…',
  'transcript.sent': 'La transcripción va de camino a {email}.',
  'transcript.invalid': 'Introduzca un correo electrónico válido.',
  'transcript.limited': 'Ya pidió varias transcripciones. Inténtelo de nuevo más tarde.',
  'transcript.failed': 'No se pudo enviar la transcripción. Inténtelo de nuevo.',
};

/** Modern Standard Arabic, shown right to left. */
const ar: TranscriptTexts = {
  'transcript.open': 'أرسل لي نص المحادثة بالبريد',
  'transcript.email': 'بريدك الإلكتروني',
  'transcript.send': 'إرسال نص المحادثة',
  'transcript.sending': 'جارٍ الإرسال…',
  'transcript.sent': 'نص المحادثة في طريقه إلى {email}.',
  'transcript.invalid': 'يرجى إدخال بريد إلكتروني صالح.',
  'transcript.limited': 'طلبتَ عدة نسخ بالفعل. يرجى المحاولة لاحقًا.',
  'transcript.failed': 'تعذّر إرسال نص المحادثة. يرجى المحاولة مرة أخرى.',
};

const TEXTS: Record<string, TranscriptTexts> = { en, de, es, ar };

export type TranscriptTranslate = (key: TranscriptKey, params?: TranslationParams) => string;

/**
 * The transcript texts of a language (one of the widget's), English for any other.
 * @example transcriptTranslate('de')('transcript.open') // 'Verlauf per E-Mail senden'
 */
export function transcriptTranslate(locale: string): TranscriptTranslate {
  return createTranslate<TranscriptKey>(TEXTS[locale] ?? en);
}

/**
 * The read receipts' and rich messages' own texts (issue 14), in every language the widget
 * speaks. Like the transcript's (transcript-texts.ts), they travel with their chunks rather than
 * the language files the start-up budget pays for.
 */
import { createTranslate } from '@parley/client';

const en = {
  'receipt.seen': 'Seen',
  'rich.cards': 'Cards',
  'rich.previous': 'Previous card',
  'rich.next': 'Next card',
  'rich.card': 'Card {n} of {count}',
  'rich.send': 'Send',
  'rich.sending': 'Sending…',
  'rich.failed': 'Your answers could not be sent. Please check them and try again.',
  'rich.number': '{label}: please enter a number.',
} as const;

export type ReceiptKey = keyof typeof en;
type ReceiptTexts = Record<ReceiptKey, string>;

/** Formal, as the widget's German is. */
const de: ReceiptTexts = {
  'receipt.seen': 'Gelesen',
  'rich.cards': 'Karten',
  'rich.previous': 'Vorherige Karte',
  'rich.next': 'Nächste Karte',
  'rich.card': 'Karte {n} von {count}',
  'rich.send': 'Senden',
  'rich.sending': 'Wird gesendet…',
  'rich.failed':
    'Ihre Angaben konnten nicht gesendet werden. Bitte prüfen Sie sie und versuchen Sie es erneut.',
  'rich.number': '{label}: Bitte geben Sie eine Zahl ein.',
};

/** Formal ("usted"), as the widget's Spanish is. */
const es: ReceiptTexts = {
  'receipt.seen': 'Visto',
  'rich.cards': 'Tarjetas',
  'rich.previous': 'Tarjeta anterior',
  'rich.next': 'Tarjeta siguiente',
  'rich.card': 'Tarjeta {n} de {count}',
  'rich.send': 'Enviar',
  'rich.sending': 'Enviando…',
  'rich.failed': 'No se pudieron enviar sus respuestas. Revíselas e inténtelo de nuevo.',
  'rich.number': '{label}: introduzca un número.',
};

/** Modern Standard Arabic, shown right to left. */
const ar: ReceiptTexts = {
  'receipt.seen': 'تمت القراءة',
  'rich.cards': 'بطاقات',
  'rich.previous': 'البطاقة السابقة',
  'rich.next': 'البطاقة التالية',
  'rich.card': 'البطاقة {n} من {count}',
  'rich.send': 'إرسال',
  'rich.sending': 'جارٍ الإرسال…',
  'rich.failed': 'تعذّر إرسال إجاباتك. يرجى مراجعتها والمحاولة مرة أخرى.',
  'rich.number': '{label}: يرجى إدخال رقم.',
};

const TEXTS: Record<string, ReceiptTexts> = { en, de, es, ar };

/**
 * The texts of a language (one of the widget's), English for any other.
 * @example receiptTranslate('de')('receipt.seen') // 'Gelesen'
 */
export function receiptTranslate(locale: string) {
  return createTranslate<ReceiptKey>(TEXTS[locale] ?? en);
}

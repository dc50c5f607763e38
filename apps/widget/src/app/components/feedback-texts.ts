/**
 * The rating form's own texts, in every language the widget speaks. Like the transcript's
 * (transcript-texts.ts), they travel with the closed dock's chunk rather than app.js and the
 * language files the start-up budget pays for. "Thanks for your feedback!" stays in the
 * dictionary: the dock's status line (app.js) says it. A site's own `texts` replace these too.
 */
import { createTranslate } from '@parley/client';
import type { TranslationParams } from '../i18n/translate.js';

const en = {
  'feedback.title': 'How was this chat?',
  'feedback.nps': 'How likely are you to recommend us, from 0 to 10?',
  'feedback.star': '1 star',
  'feedback.stars': '{score} stars',
  'feedback.up': 'Good',
  'feedback.down': 'Bad',
  'feedback.tags': 'What stood out? (optional)',
  'feedback.review': 'Tell us more (optional)',
  'feedback.submit': 'Send feedback',
  'feedback.scoreRequired': 'Please choose a rating.',
} as const;

export type FeedbackKey = keyof typeof en;
type FeedbackTexts = Record<FeedbackKey, string>;

/** Formal, as the widget's German is. */
const de: FeedbackTexts = {
  'feedback.title': 'Wie war dieser Chat?',
  'feedback.nps': 'Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen? (0 bis 10)',
  'feedback.star': '1 Stern',
  'feedback.stars': '{score} Sterne',
  'feedback.up': 'Gut',
  'feedback.down': 'Schlecht',
  'feedback.tags': 'Was ist Ihnen aufgefallen? (optional)',
  'feedback.review': 'Möchten Sie uns mehr erzählen? (optional)',
  'feedback.submit': 'Bewertung senden',
  'feedback.scoreRequired': 'Bitte wählen Sie eine Bewertung.',
};

/** Formal ("usted"), as the widget's Spanish is. */
const es: FeedbackTexts = {
  'feedback.title': '¿Qué le ha parecido este chat?',
  'feedback.nps': '¿Qué probabilidad hay de que nos recomiende? (del 0 al 10)',
  'feedback.star': '1 estrella',
  'feedback.stars': '{score} estrellas',
  'feedback.up': 'Bien',
  'feedback.down': 'Mal',
  'feedback.tags': '¿Qué destacaría? (opcional)',
  'feedback.review': 'Cuéntenos más (opcional)',
  'feedback.submit': 'Enviar valoración',
  'feedback.scoreRequired': 'Elija una valoración, por favor.',
};

/** Modern Standard Arabic: ratings read "3 من 5" ("3 out of 5"), which needs no plural forms. */
const ar: FeedbackTexts = {
  'feedback.title': 'ما تقييمك لهذه المحادثة؟',
  'feedback.nps': 'ما مدى احتمال أن توصي بنا؟ (من 0 إلى 10)',
  'feedback.star': '1 من 5',
  'feedback.stars': '{score} من 5',
  'feedback.up': 'جيدة',
  'feedback.down': 'سيئة',
  'feedback.tags': 'ما الذي لفت انتباهك؟ (اختياري)',
  'feedback.review': 'أخبرنا بالمزيد (اختياري)',
  'feedback.submit': 'إرسال التقييم',
  'feedback.scoreRequired': 'يُرجى اختيار تقييم.',
};

const TEXTS: Record<string, FeedbackTexts> = { en, de, es, ar };

export type FeedbackTranslate = (key: FeedbackKey, params?: TranslationParams) => string;

/**
 * The rating texts of a language (one of the widget's), English for any other, with the site's
 * own texts (`SiteInfo.texts`, by the same keys) in their place.
 * @example feedbackTranslate('de', {})('feedback.submit') // 'Bewertung senden'
 * @example feedbackTranslate('en', { 'feedback.title': 'Rate us' })('feedback.title') // 'Rate us'
 */
export function feedbackTranslate(
  locale: string,
  siteTexts: Readonly<Record<string, string>> = {},
): FeedbackTranslate {
  const texts: FeedbackTexts = { ...(TEXTS[locale] ?? en) };
  for (const key of Object.keys(texts) as FeedbackKey[]) {
    const own = siteTexts[key];
    if (own) texts[key] = own;
  }
  return createTranslate<FeedbackKey>(texts);
}

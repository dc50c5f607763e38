/**
 * The history screen's own texts, in every language the widget speaks. They travel with its
 * chunk instead of the language files (i18n/locales/), which the start-up budget pays for: a
 * visitor who never opens the list never loads them. Texts the widget has already (the heading,
 * "New conversation", "You", the author names, "Try again") come from its dictionary.
 */
import { createTranslate } from '@parley/client';
import type { TranslationParams } from '../i18n/translate.js';

const en = {
  'history.backToChat': 'Back to the chat',
  'history.back': 'Back to your conversations',
  'history.current': 'Current conversation',
  'history.empty': 'No conversations yet.',
  'history.loading': 'Loading…',
  'history.more': 'Show earlier conversations',
  'history.failed': 'Your conversations could not be loaded.',
  'history.failedOne': 'This conversation could not be opened.',
  'history.conversation': 'Conversation of {date}',
  'history.ended': 'This conversation has ended.',
  'history.ongoing': 'This conversation is still open.',
  'history.deleted': 'This conversation was deleted.',
  'history.noMessages': 'No messages',
} as const;

export type HistoryKey = keyof typeof en;
type HistoryTexts = Record<HistoryKey, string>;

/** Formal, as the widget's German is. */
const de: HistoryTexts = {
  'history.backToChat': 'Zurück zum Chat',
  'history.back': 'Zurück zu Ihren Unterhaltungen',
  'history.current': 'Aktuelle Unterhaltung',
  'history.empty': 'Noch keine Unterhaltungen.',
  'history.loading': 'Wird geladen…',
  'history.more': 'Frühere Unterhaltungen anzeigen',
  'history.failed': 'Ihre Unterhaltungen konnten nicht geladen werden.',
  'history.failedOne': 'Diese Unterhaltung konnte nicht geöffnet werden.',
  'history.conversation': 'Unterhaltung vom {date}',
  'history.ended': 'Diese Unterhaltung ist beendet.',
  'history.ongoing': 'Diese Unterhaltung läuft noch.',
  'history.deleted': 'Diese Unterhaltung wurde gelöscht.',
  'history.noMessages': 'Keine Nachrichten',
};

/** Formal ("usted"), as the widget's Spanish is. */
const es: HistoryTexts = {
  'history.backToChat': 'Volver al chat',
  'history.back': 'Volver a sus conversaciones',
  'history.current': 'Conversación actual',
  'history.empty': 'Todavía no hay conversaciones.',
  'history.loading': 'Cargando…',
  'history.more': 'Ver conversaciones anteriores',
  'history.failed': 'No se pudieron cargar sus conversaciones.',
  'history.failedOne': 'No se pudo abrir esta conversación.',
  'history.conversation': 'Conversación del {date}',
  'history.ended': 'Esta conversación ha finalizado.',
  'history.ongoing': 'Esta conversación sigue abierta.',
  'history.deleted': 'Esta conversación se ha eliminado.',
  'history.noMessages': 'Sin mensajes',
};

/** Modern Standard Arabic, shown right to left. */
const ar: HistoryTexts = {
  'history.backToChat': 'العودة إلى المحادثة',
  'history.back': 'العودة إلى محادثاتك',
  'history.current': 'المحادثة الحالية',
  'history.empty': 'لا توجد محادثات بعد.',
  'history.loading': 'جارٍ التحميل…',
  'history.more': 'عرض المحادثات السابقة',
  'history.failed': 'تعذّر تحميل محادثاتك.',
  'history.failedOne': 'تعذّر فتح هذه المحادثة.',
  'history.conversation': 'محادثة بتاريخ {date}',
  'history.ended': 'انتهت هذه المحادثة.',
  'history.ongoing': 'هذه المحادثة لا تزال مفتوحة.',
  'history.deleted': 'حُذفت هذه المحادثة.',
  'history.noMessages': 'لا توجد رسائل',
};

const TEXTS: Record<string, HistoryTexts> = { en, de, es, ar };

export type HistoryTranslate = (key: HistoryKey, params?: TranslationParams) => string;

/**
 * The history texts of a language (`<html lang>`, one of the widget's), English for any other.
 * @example historyTranslate('de')('history.empty') // 'Noch keine Unterhaltungen.'
 */
export function historyTranslate(locale: string): HistoryTranslate {
  return createTranslate<HistoryKey>(TEXTS[locale] ?? en);
}

import type { FormFields } from '@parley/protocol';
import type { KeyValueStorage } from './token-store.js';

/** What the widget remembers in the browser beyond the token: pre-chat answers and read marks. */
export interface ChatMemoryStore {
  prechat(): FormFields | undefined;
  savePrechat(answers: FormFields | undefined): void;
  readUpTo(): Record<string, number>;
  saveReadUpTo(marks: Record<string, number>): void;
  /** The storage key read marks live under: another tab's change to it arrives as a storage event. */
  readKey: string;
}

const parse = <T extends object>(text: string | null | undefined): T | undefined => {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
};

const onlyOf = <T>(value: Record<string, unknown> | undefined, type: string): Record<string, T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => typeof v === type)) as Record<string, T>;

/**
 * Read marks as stored, keeping only sessions mapped to numbers; anything else is ignored.
 * @example parseReadMarks('{"s1":4,"s2":"x"}') // { s1: 4 }
 */
export const parseReadMarks = (text: string | null | undefined): Record<string, number> =>
  onlyOf<number>(parse<Record<string, unknown>>(text), 'number');

/**
 * Keeps them in `storage` (localStorage, shared by the site's tabs) under the site's keys; a
 * missing or damaged entry reads as nothing remembered.
 * @example const memory = createChatMemory(localStorage, 'demo');
 */
export function createChatMemory(storage: KeyValueStorage | null, siteKey: string): ChatMemoryStore {
  const prechatKey = `parley:${siteKey}:prechat`;
  const readKey = `parley:${siteKey}:read`;
  return {
    readKey,
    prechat() {
      const answers = onlyOf<string>(parse<Record<string, unknown>>(storage?.getItem(prechatKey)), 'string');
      return Object.keys(answers).length > 0 ? answers : undefined;
    },
    savePrechat(answers) {
      if (answers) storage?.setItem(prechatKey, JSON.stringify(answers));
      else storage?.removeItem(prechatKey);
    },
    readUpTo: () => parseReadMarks(storage?.getItem(readKey)),
    saveReadUpTo(marks) {
      storage?.setItem(readKey, JSON.stringify(marks));
    },
  };
}

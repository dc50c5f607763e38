import type { Dictionary, TranslationKey } from './en.js';

export type TranslationParams = Record<string, string | number>;

/** Looks a key up and fills its `{placeholders}`. */
export type Translate = (key: TranslationKey, params?: TranslationParams) => string;

/**
 * A `t(key, params)` over one dictionary. A placeholder without a value stays visible as
 * `{name}`, which a test or a translator notices, rather than vanishing.
 * @example createTranslate(en)('title.unread', { count: 2 }) // '(2) Parley desk'
 */
export function createTranslate(dictionary: Dictionary): Translate {
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      params && name in params ? String(params[name]) : placeholder,
    );
}

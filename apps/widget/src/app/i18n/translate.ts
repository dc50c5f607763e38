import { type TranslationParams, createTranslate as translateWith } from '@parley/client';
import type { Dictionary, TranslationKey } from './en.js';

export type { TranslationParams };

/** Looks a key up and fills its `{placeholders}`. */
export type Translate = (key: TranslationKey, params?: TranslationParams) => string;

/** A `t(key, params)` over one dictionary of this app's keys. */
export function createTranslate(dictionary: Dictionary): Translate {
  return translateWith<TranslationKey>(dictionary);
}

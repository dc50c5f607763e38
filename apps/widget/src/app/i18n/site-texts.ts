import type { Dictionary, TranslationKey } from './en.js';

/** Short names a site may use for a dictionary key (the README documents `title`). */
const ALIASES: Readonly<Record<string, TranslationKey>> = {
  title: 'panel.title',
  greeting: 'messages.empty',
};

const has = (object: object, key: string) => Object.hasOwn(object, key);

/**
 * The dictionary with the site's own texts in place of its defaults. A site text applies when
 * its key is a dictionary key (`panel.title`) or an alias of one (`title`); others are ignored.
 * @example withSiteTexts(en, { title: 'Chat with Acme' })['panel.title'] // 'Chat with Acme'
 */
export function withSiteTexts(dictionary: Dictionary, texts: Record<string, string> = {}): Dictionary {
  const merged = { ...dictionary };
  for (const [key, text] of Object.entries(texts)) {
    const target = has(ALIASES, key) ? ALIASES[key] : key;
    if (target && text && has(merged, target)) merged[target as TranslationKey] = text;
  }
  return merged;
}

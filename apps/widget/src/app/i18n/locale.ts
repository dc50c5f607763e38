import { type Dictionary, en, type TranslationKey } from './en.js';

/**
 * The widget's languages. English is bundled into app.js; each other one is its own file,
 * `dist/i18n/<locale>.js` (built from `locales/<locale>.ts`), loaded only when chosen, so the
 * iframe's gzip budget pays for one language, not all of them.
 */
export const SUPPORTED_LOCALES = ['en', 'de', 'es', 'ar'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Languages written right to left (the common ones), whether or not the widget speaks them. */
const RIGHT_TO_LEFT = ['ar', 'he', 'fa', 'ur'];

/** The primary subtag of a BCP 47 tag, lower case: `de-AT` and `de_AT` are `de`. */
const language = (tag: string): string => tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';

const supported = (tag: string | undefined): Locale | undefined =>
  tag ? SUPPORTED_LOCALES.find((locale) => locale === language(tag)) : undefined;

/**
 * The first supported language among, in order: the one the page asked for at run time
 * (`Parley('setLocale', …)`), the configured ones (the script tag's `data-locale`, then the
 * site config's `appearance.locale`), and the browser's (`navigator.languages`). English when
 * none is supported.
 * @example resolveLocale(undefined, ['fr', 'de-AT'], ['es-ES']) // 'de'
 * @example resolveLocale(undefined, undefined, ['ar-EG', 'en']) // 'ar'
 */
export function resolveLocale(
  apiLocale: string | undefined,
  configLocale: string | readonly (string | undefined)[] | undefined,
  browserLanguages: readonly string[],
): Locale {
  const configured = typeof configLocale === 'string' ? [configLocale] : (configLocale ?? []);
  for (const tag of [apiLocale, ...configured, ...browserLanguages]) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return 'en';
}

/**
 * The writing direction of a language, for `<html dir>`.
 * @example textDirection('ar') // 'rtl'
 */
export function textDirection(locale: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.includes(language(locale)) ? 'rtl' : 'ltr';
}

const KEYS = Object.keys(en) as TranslationKey[];

/**
 * A fingerprint of English's keys, in order. A language file lists only its texts, in that order
 * (build.mjs), and is asked for with this as `?v=`: a file cached from a build with other keys is
 * never read against these.
 */
let fingerprint = 0;
for (const char of KEYS.join()) fingerprint = (fingerprint * 31 + char.charCodeAt(0)) | 0;

/**
 * The dictionary of a language: English at once, any other from `i18n/<locale>.js` beside the
 * frame's page (a module from Parley's own origin, which the frame's `script-src 'self'` allows).
 * Rejects when that file cannot be loaded.
 * @example render(<ChatApp dictionary={await loadDictionary('de')} … />, root)
 */
export async function loadDictionary(locale: Locale): Promise<Dictionary> {
  if (locale === 'en') return en;
  const url = new URL(`i18n/${locale}.js?v=${(fingerprint >>> 0).toString(36)}`, document.baseURI).href;
  const { default: texts }: { default: string[] } = await import(/* @vite-ignore */ url);
  return Object.fromEntries(KEYS.map((key, at) => [key, texts[at] || en[key]])) as Dictionary;
}

import { describe, expect, it } from 'vitest';
import { type Dictionary, en } from './en.js';
import { resolveLocale, SUPPORTED_LOCALES, textDirection } from './locale.js';

describe('resolveLocale', () => {
  it('takes the page’s run-time choice first, then the configured one, then the browser’s', () => {
    expect(resolveLocale('es', 'de', ['ar'])).toBe('es');
    expect(resolveLocale(undefined, 'de', ['ar'])).toBe('de');
    expect(resolveLocale(undefined, undefined, ['ar', 'de'])).toBe('ar');
  });

  it('matches a regional tag to its language, in any case and with either separator', () => {
    expect(resolveLocale('de-AT', undefined, [])).toBe('de');
    expect(resolveLocale(undefined, 'ES_mx', [])).toBe('es');
    expect(resolveLocale(undefined, undefined, [' AR-eg '])).toBe('ar');
    expect(resolveLocale(undefined, undefined, ['en-GB', 'de'])).toBe('en');
  });

  it('skips unsupported and blank tags: the script tag’s, then the site config’s, then the browser’s', () => {
    expect(resolveLocale('fr', ['it-IT', 'de'], ['es'])).toBe('de');
    expect(resolveLocale('', [undefined, ''], ['fr-CA', 'es-419'])).toBe('es');
    expect(resolveLocale('deutsch', 'e', ['pt-BR'])).toBe('en');
  });
});

describe('textDirection', () => {
  it('is right to left for Arabic and other right-to-left scripts, left to right otherwise', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('ar-EG')).toBe('rtl');
    expect(textDirection('he')).toBe('rtl');
    expect(textDirection('de')).toBe('ltr');
    expect(textDirection('en')).toBe('ltr');
  });
});

/** The `{placeholders}` of a text, sorted: a translation must keep every one of them. */
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe('the dictionaries', () => {
  it.each(SUPPORTED_LOCALES.filter((locale) => locale !== 'en'))(
    '%s has every English key, each translated and with the same placeholders',
    async (locale) => {
      // The files the build turns into dist/i18n/<locale>.js.
      const { default: dictionary }: { default: Dictionary } = await import(`./locales/${locale}.ts`);
      expect(Object.keys(dictionary).sort()).toEqual(Object.keys(en).sort());
      for (const [key, english] of Object.entries(en) as [keyof Dictionary, string][]) {
        expect(dictionary[key].trim(), key).not.toBe('');
        expect(placeholders(dictionary[key]), key).toEqual(placeholders(english));
      }
    },
  );
});

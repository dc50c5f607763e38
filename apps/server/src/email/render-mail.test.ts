import { describe, expect, it } from 'vitest';
import { emailLocale } from './email-texts.js';
import { escapeHtml, renderMail } from './render-mail.js';

describe('email texts and rendering', () => {
  it('picks the language of a locale tag, English for any other, Arabic right to left', () => {
    expect(emailLocale('de-AT').t('transcript.subject', { site: 'Shop' })).toBe('Ihre Unterhaltung mit Shop');
    expect(emailLocale('es').language).toBe('es');
    expect(emailLocale('fr-CA').language).toBe('en');
    expect(emailLocale(undefined).t('reply.quote')).toBe('You wrote:');
    expect([emailLocale('ar').dir, emailLocale('de').dir]).toEqual(['rtl', 'ltr']);
    // A placeholder with no value stays as it is.
    expect(emailLocale('en').t('footer')).toBe('Sent by {site} through Parley.');
  });

  it('escapes every markup character, and takes nothing given as HTML', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    const mail = renderMail(
      emailLocale('ar'),
      'Subject <i>',
      [
        { kind: 'paragraph', text: '<script>alert(1)</script>' },
        { kind: 'fields', rows: [{ label: '<b>Name</b>', value: 'line 1\nline 2' }] },
        { kind: 'quote', text: 'first\nsecond' },
      ],
      'Footer <u>',
    );
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).not.toMatch(/<(script|b|i|u)>/);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.text).toBe(
      '<script>alert(1)</script>\n\n<b>Name</b>: line 1\n  line 2\n\n> first\n> second\n\n-- \nFooter <u>\n',
    );
  });
});

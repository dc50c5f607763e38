import { describe, expect, it } from 'vitest';
import { parseMarkup } from './parse-markup.js';
import { type CreateElement, renderMarkup } from './render-markup.js';

/** A stand-in for `h` that prints what would be built, escaping text as the DOM would keep it. */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
type Built = { html: string };
const h: CreateElement<Built> = (type, props, ...children) => {
  const attributes = Object.entries(props ?? {})
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value)).replace(/"/g, '&quot;')}"`)
    .join('');
  const inner = children
    .map((child) => (typeof child === 'string' ? escapeHtml(child) : child.html))
    .join('');
  return { html: `<${type}${attributes}>${inner}</${type}>` };
};
const render = (text: string) =>
  renderMarkup(parseMarkup(text), h, { newTab: '(new tab)' })
    .map((built) => built.html)
    .join('');

describe('renderMarkup', () => {
  it('builds the elements of each construct', () => {
    expect(render('**b** *i* `c`\nx')).toBe('<p><strong>b</strong> <em>i</em> <code>c</code><br></br>x</p>');
    expect(render('```\n<b>\n```')).toBe('<pre><code>&lt;b&gt;</code></pre>');
    expect(render('3. a\n4. b')).toBe('<ol start="3"><li>a</li><li>b</li></ol>');
    expect(render('1. a')).toBe('<ol><li>a</li></ol>');
    expect(render('- a')).toBe('<ul><li>a</li></ul>');
  });

  it('opens links in a new tab, without the opener, and says so to screen readers', () => {
    expect(render('[docs](https://example.com)')).toBe(
      '<p><a href="https://example.com/" target="_blank" rel="noopener noreferrer">docs<span class="sr-only"> (new tab)</span></a></p>',
    );
  });

  it('passes HTML in a message as text', () => {
    expect(render('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });
});

import { describe, expect, it } from 'vitest';
import { hasMarkup } from './has-markup.js';
import type { Block, Inline } from './markup-tree.js';
import { parseInline, parseMarkup } from './parse-markup.js';
import { safeUrl } from './safe-url.js';

const text = (value: string): Inline => ({ type: 'text', text: value });
const plain = (value: string): Block[] => [{ type: 'paragraph', children: [text(value)] }];

/** Every link's href in a tree. */
function hrefs(nodes: readonly (Block | Inline)[]): string[] {
  return nodes.flatMap((node) => {
    if (node.type === 'link') return [node.href, ...hrefs(node.children)];
    if (node.type === 'list') return node.items.flatMap((item) => hrefs(item));
    if ('children' in node) return hrefs(node.children);
    return [];
  });
}

describe('parseInline', () => {
  it('reads bold, italic and inline code', () => {
    expect(parseInline('a **b** c')).toEqual([
      text('a '),
      { type: 'strong', children: [text('b')] },
      text(' c'),
    ]);
    expect(parseInline('*it* and _it_')).toEqual([
      { type: 'em', children: [text('it')] },
      text(' and '),
      { type: 'em', children: [text('it')] },
    ]);
    expect(parseInline('run `npm ci` now')).toEqual([
      text('run '),
      { type: 'code', text: 'npm ci' },
      text(' now'),
    ]);
  });

  it('nests emphasis', () => {
    expect(parseInline('*a **b** c*')).toEqual([
      { type: 'em', children: [text('a '), { type: 'strong', children: [text('b')] }, text(' c')] },
    ]);
    expect(parseInline('**_both_**')).toEqual([
      { type: 'strong', children: [{ type: 'em', children: [text('both')] }] },
    ]);
  });

  it('closes before punctuation and opens after brackets and quotes', () => {
    expect(parseInline('(**really**), "*yes*".')).toEqual([
      text('('),
      { type: 'strong', children: [text('really')] },
      text('), "'),
      { type: 'em', children: [text('yes')] },
      text('".'),
    ]);
  });

  it.each([
    '2*3*4',
    'a * b * c',
    '*',
    '**',
    '***',
    '****',
    'snake_case_names and another_one_here',
    '__init__ and __main__',
    '/usr/local/*/lib/*',
    'C:\\Users\\*\\file_name_1.txt',
    '*.txt and *.md',
    'rate is 5*',
    '* not a list without space*',
    'price: $5 * 3 = $15*',
    'a_b *c_d* e',
  ])('keeps %j as written', (value) => {
    const nodes = parseInline(value);
    const written = nodes.map((node) => (node.type === 'text' ? node.text : '')).join('');
    if (value === 'a_b *c_d* e') {
      expect(nodes).toEqual([text('a_b '), { type: 'em', children: [text('c_d')] }, text(' e')]);
    } else {
      expect(nodes).toEqual([text(value)]);
      expect(written).toBe(value);
    }
  });

  it('keeps unmatched or empty backticks as written', () => {
    expect(parseInline('a ` b')).toEqual([text('a ` b')]);
    expect(parseInline('``')).toEqual([text('``')]);
    expect(parseInline('` `')).toEqual([text('` `')]);
  });

  it('reads a code span as code, without formatting inside', () => {
    expect(parseInline('`**not bold** <b>`')).toEqual([{ type: 'code', text: '**not bold** <b>' }]);
    expect(parseInline('`` a`b ``')).toEqual([{ type: 'code', text: 'a`b' }]);
  });

  it('links [text](url) to http, https and mailto only', () => {
    expect(parseInline('see [the docs](https://example.com/docs)')).toEqual([
      text('see '),
      { type: 'link', href: 'https://example.com/docs', children: [text('the docs')] },
    ]);
    expect(hrefs(parseInline('[mail](mailto:a@example.com)'))).toEqual(['mailto:a@example.com']);
    expect(hrefs(parseInline('[wiki](https://en.wikipedia.org/wiki/A_(b))'))).toEqual([
      'https://en.wikipedia.org/wiki/A_(b)',
    ]);
    expect(parseInline('[**bold** link](http://a.example)')).toEqual([
      {
        type: 'link',
        href: 'http://a.example/',
        children: [{ type: 'strong', children: [text('bold')] }, text(' link')],
      },
    ]);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](vbscript:msgbox(1))',
    '[x](//evil.example)',
    '[x](/relative)',
    '[x](https://)',
    '[x](mailto:)',
  ])('leaves %j without a link', (value) => {
    expect(hrefs(parseInline(value))).toEqual([]);
  });

  it('reads a malformed link as text, its URL still linked', () => {
    const link = { type: 'link', href: 'https://a.example/', children: [text('https://a.example')] };
    expect(parseInline('[](https://a.example)')).toEqual([text('[]('), link, text(')')]);
    expect(parseInline('[x](https://a.example b)')).toEqual([text('[x]('), link, text(' b)')]);
  });

  it('autolinks written-out URLs, without the punctuation after them', () => {
    expect(parseInline('Go to https://example.com/a?b=1&c=2.')).toEqual([
      text('Go to '),
      {
        type: 'link',
        href: 'https://example.com/a?b=1&c=2',
        children: [text('https://example.com/a?b=1&c=2')],
      },
      text('.'),
    ]);
    expect(hrefs(parseInline('(see http://a.example/x)'))).toEqual(['http://a.example/x']);
    expect(hrefs(parseInline('https://en.wikipedia.org/wiki/A_(b), ok'))).toEqual([
      'https://en.wikipedia.org/wiki/A_(b)',
    ]);
    expect(hrefs(parseInline('write to mailto:help@example.com!'))).toEqual(['mailto:help@example.com']);
    expect(hrefs(parseInline('HTTPS://EXAMPLE.COM'))).toEqual(['https://example.com/']);
  });

  it('keeps underscores and asterisks inside a URL', () => {
    expect(hrefs(parseInline('https://a.example/snake_case_path/*x*'))).toEqual([
      'https://a.example/snake_case_path/*x',
    ]);
    expect(parseInline('*https://a.example/x*')).toEqual([
      {
        type: 'em',
        children: [{ type: 'link', href: 'https://a.example/x', children: [text('https://a.example/x')] }],
      },
    ]);
  });

  it('never autolinks other schemes or a scheme inside a word', () => {
    for (const value of [
      'javascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'xhttps://a.example',
      'ftp://a.example',
      'https://',
      'http://"onmouseover="alert(1)',
    ]) {
      expect(hrefs(parseInline(value)), value).toEqual([]);
    }
  });

  it('turns line breaks into breaks', () => {
    expect(parseInline('a\nb')).toEqual([text('a'), { type: 'break' }, text('b')]);
  });

  it('keeps HTML as text', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([text('<img src=x onerror=alert(1)>')]);
  });

  it('stops nesting at a bounded depth', () => {
    const deep = `${'*('.repeat(50)}x${')*'.repeat(50)}`;
    expect(() => parseInline(deep)).not.toThrow();
    const huge = '*a '.repeat(5000);
    expect(parseInline(huge)).toEqual([text(huge)]);
  });
});

describe('parseMarkup', () => {
  it('gives a plain text back as one paragraph', () => {
    expect(parseMarkup('Hello, how can I help?')).toEqual(plain('Hello, how can I help?'));
    expect(parseMarkup('')).toEqual([]);
  });

  it('splits paragraphs at blank lines and keeps line breaks', () => {
    expect(parseMarkup('a\nb\n\n\nc')).toEqual([
      { type: 'paragraph', children: [text('a'), { type: 'break' }, text('b')] },
      { type: 'paragraph', children: [text('c')] },
    ]);
    expect(parseMarkup('a\r\nb')).toEqual([
      { type: 'paragraph', children: [text('a'), { type: 'break' }, text('b')] },
    ]);
  });

  it('reads fenced code blocks verbatim', () => {
    expect(parseMarkup('Try:\n```js\nconst a = **b**;\n<script>\n```\nthen')).toEqual([
      { type: 'paragraph', children: [text('Try:')] },
      { type: 'codeBlock', text: 'const a = **b**;\n<script>' },
      { type: 'paragraph', children: [text('then')] },
    ]);
    expect(parseMarkup('```\n```')).toEqual([{ type: 'codeBlock', text: '' }]);
  });

  it('leaves an unclosed fence as text', () => {
    expect(parseMarkup('```\ncode')).toEqual([
      { type: 'paragraph', children: [text('```'), { type: 'break' }, text('code')] },
    ]);
  });

  it('reads bulleted and numbered lists', () => {
    expect(parseMarkup('Steps:\n1. Open **Settings**\n2. Save\n\n- one\n* two\n+ three')).toEqual([
      { type: 'paragraph', children: [text('Steps:')] },
      {
        type: 'list',
        ordered: true,
        start: 1,
        items: [[text('Open '), { type: 'strong', children: [text('Settings')] }], [text('Save')]],
      },
      { type: 'list', ordered: false, start: 1, items: [[text('one')], [text('two')], [text('three')]] },
    ]);
    expect(parseMarkup('3) third\n4) fourth')).toEqual([
      { type: 'list', ordered: true, start: 3, items: [[text('third')], [text('fourth')]] },
    ]);
  });

  it('ends a list at the first line that is not an item', () => {
    expect(parseMarkup('- a\n1. b\ntext')).toEqual([
      { type: 'list', ordered: false, start: 1, items: [[text('a')]] },
      { type: 'list', ordered: true, start: 1, items: [[text('b')]] },
      { type: 'paragraph', children: [text('text')] },
    ]);
  });

  it('does not take a dash or number without a space for a list', () => {
    expect(parseMarkup('-5 degrees')).toEqual(plain('-5 degrees'));
    expect(parseMarkup('3.14 is pi')).toEqual(plain('3.14 is pi'));
    expect(parseMarkup('* ')).toEqual(plain('* '));
  });

  it('never throws, whatever the input', () => {
    const noise = '*_`[]()!\n-1.) https://mailto:\\<>"\'';
    let seed = 7;
    for (let round = 0; round < 300; round++) {
      let value = '';
      for (let i = 0; i < 60; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        value += noise[seed % noise.length];
      }
      expect(() => parseMarkup(value)).not.toThrow();
      for (const href of hrefs(parseMarkup(value))) expect(href).toMatch(/^(https?|mailto):/);
    }
  });
});

describe('hasMarkup', () => {
  it('is false for plain text and true where the parser may find something', () => {
    expect(hasMarkup('Hello, how can I help you today?')).toBe(false);
    expect(hasMarkup('Price is 5-10 EUR (incl. tax).')).toBe(false);
    for (const value of [
      '**a**',
      '_a_',
      '`a`',
      '[a](https://b.example)',
      'https://a.example',
      '- a',
      '1. a',
      'x\n2) b',
    ]) {
      expect(hasMarkup(value), value).toBe(true);
    }
  });
});

describe('safeUrl', () => {
  it('allows http, https and mailto, and nothing else', () => {
    expect(safeUrl('https://example.com')).toBe('https://example.com/');
    expect(safeUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com');
    expect(safeUrl(' javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('java\tscript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl('file:///etc/passwd')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });
});

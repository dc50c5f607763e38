import type { Block, Inline } from './markup-tree.js';
import { safeUrl } from './safe-url.js';

const OPEN_FENCE = /^ {0,3}```[^`]*$/;
const CLOSE_FENCE = /^ {0,3}```\s*$/;
const BULLET = /^ {0,3}[-*+] +(\S.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)] +(\S.*)$/;
/** A URL written out in the text: http, https or mailto, up to a space or a quote. */
const AUTOLINK = /^(?:https?:\/\/|mailto:)[^\s<>"`]+/i;
/** What may come before an opening `*` or `_`: so `2*3*4`, `snake_case` and `/usr/*` stay as written. */
const BEFORE_OPEN = /[\s([{"'“‘«]/;
/** What may come after a closing `*` or `_`. */
const AFTER_CLOSE = /[\s.,;:!?)\]}"'”’»-]/;
/** Nesting deeper than this is left as text: no message needs it, and it bounds the work. */
const MAX_DEPTH = 6;

type ListLine = { ordered: boolean; number: number; text: string };

function listLine(line: string): ListLine | undefined {
  const bullet = BULLET.exec(line);
  if (bullet) return { ordered: false, number: 1, text: bullet[1] ?? '' };
  const numbered = NUMBERED.exec(line);
  if (numbered) return { ordered: true, number: Number(numbered[1]), text: numbered[2] ?? '' };
  return undefined;
}

/**
 * Parses a message into blocks: fenced code blocks (```, closed by a ``` line; unclosed, the
 * line is text), bulleted (`-`, `*`, `+`) and numbered (`1.`, `1)`) lists of one-line items,
 * and paragraphs (blank lines between them, line breaks kept). Text that uses none of the
 * syntax comes back as one paragraph of one text node. Never fails, on any input.
 * @example parseMarkup('**Hi**') // [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', text: 'Hi' }] }] }]
 */
export function parseMarkup(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (OPEN_FENCE.test(line)) {
      const close = lines.findIndex((candidate, at) => at > i && CLOSE_FENCE.test(candidate));
      if (close > i) {
        flush();
        blocks.push({ type: 'codeBlock', text: lines.slice(i + 1, close).join('\n') });
        i = close + 1;
        continue;
      }
    }
    const first = listLine(line);
    if (first) {
      flush();
      const items: Inline[][] = [];
      let item: ListLine | undefined = first;
      while (item && item.ordered === first.ordered) {
        items.push(parseInline(item.text));
        i++;
        item = i < lines.length ? listLine(lines[i] ?? '') : undefined;
      }
      blocks.push({ type: 'list', ordered: first.ordered, start: first.number, items });
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
    i++;
  }
  flush();
  return blocks;
}

/** The length of the run of `char` at `at`. */
function runLength(text: string, at: number, char: string): number {
  let end = at;
  while (text[end] === char) end++;
  return end - at;
}

/**
 * Where the emphasis opened at `from` closes: a run of exactly `run` × `char`, after text,
 * before a space, punctuation or the end; -1 when nothing closes it.
 */
function closingRun(text: string, from: number, char: string, run: number): number {
  let at = from + 1;
  while (at < text.length) {
    const found = text.indexOf(char, at);
    if (found < 0) return -1;
    const length = runLength(text, found, char);
    const after = text[found + length];
    if (
      length === run &&
      !/\s/.test(text[found - 1] ?? ' ') &&
      (after === undefined || AFTER_CLOSE.test(after))
    ) {
      return found;
    }
    at = found + length;
  }
  return -1;
}

/** A `[text](url)` link at `at` with a safe URL: its node and where it ends. */
function linkAt(text: string, at: number, depth: number): { node: Inline; end: number } | undefined {
  const close = text.indexOf('](', at + 1);
  if (close < 0) return undefined;
  const label = text.slice(at + 1, close);
  if (label.trim() === '' || /[[\]\n]/.test(label)) return undefined;
  // The URL runs to its `)`, past balanced pairs inside (https://en.wikipedia.org/wiki/A_(b)).
  let depthInUrl = 0;
  let end = close + 2;
  for (; end < text.length; end++) {
    const char = text[end] ?? '';
    if (/\s/.test(char)) return undefined;
    if (char === '(') depthInUrl++;
    else if (char === ')' && depthInUrl-- === 0) break;
  }
  if (end >= text.length) return undefined;
  const href = safeUrl(text.slice(close + 2, end));
  if (!href) return undefined;
  return { node: { type: 'link', href, children: parseInline(label, depth + 1, false) }, end: end + 1 };
}

/** A URL written out at `at`, without the punctuation that ends its sentence. */
function autolinkAt(text: string, at: number): { node: Inline; end: number } | undefined {
  if (at > 0 && /[\p{L}\p{N}/]/u.test(text[at - 1] ?? '')) return undefined;
  const match = AUTOLINK.exec(text.slice(at));
  if (!match) return undefined;
  let url = match[0];
  for (;;) {
    const last = url[url.length - 1] ?? '';
    const unbalanced =
      (last === ')' && url.split(')').length > url.split('(').length) ||
      (last === ']' && url.split(']').length > url.split('[').length);
    if (/[.,;:!?'*_]/.test(last) || unbalanced) url = url.slice(0, -1);
    else break;
  }
  const href = safeUrl(url);
  if (!href) return undefined;
  return { node: { type: 'link', href, children: [{ type: 'text', text: url }] }, end: at + url.length };
}

/**
 * Parses the text of one paragraph or list item: `**strong**`, `*em*` or `_em_`, `` `code` ``,
 * `[text](https://…)` links and written-out http, https and mailto URLs, line breaks. A marker
 * that opens or closes inside a word (`2*3*4`, `snake_case_name`), beside a space (`a * b`) or
 * has no partner stays as written; so does a link whose URL is not safe (`safeUrl`).
 * @example parseInline('see `npm ci`') // [{ type: 'text', text: 'see ' }, { type: 'code', text: 'npm ci' }]
 */
export function parseInline(source: string, depth = 0, links = true): Inline[] {
  const nodes: Inline[] = [];
  let text = '';
  const push = (node: Inline) => {
    if (text) nodes.push({ type: 'text', text });
    text = '';
    nodes.push(node);
  };
  let at = 0;
  while (at < source.length) {
    const char = source[at] ?? '';
    if (char === '\n') {
      push({ type: 'break' });
      at++;
      continue;
    }
    if (char === '`') {
      const run = runLength(source, at, '`');
      const fence = '`'.repeat(run);
      let close = source.indexOf(fence, at + run);
      while (close >= 0 && runLength(source, close, '`') !== run) {
        close = source.indexOf(fence, close + runLength(source, close, '`'));
      }
      const code = close > at + run ? source.slice(at + run, close) : '';
      if (code.trim() !== '') {
        // As in CommonMark, one space each side lets a code span start or end with a backtick.
        push({ type: 'code', text: /^ .* $/s.test(code) ? code.slice(1, -1) : code });
        at = close + run;
        continue;
      }
      text += fence;
      at += run;
      continue;
    }
    if ((char === '*' || char === '_') && depth < MAX_DEPTH) {
      const run = runLength(source, at, char);
      const next = source[at + run];
      const opens =
        (run === 1 || (run === 2 && char === '*')) &&
        next !== undefined &&
        !/\s/.test(next) &&
        (at === 0 || BEFORE_OPEN.test(source[at - 1] ?? ''));
      const close = opens ? closingRun(source, at + run - 1, char, run) : -1;
      if (close >= 0) {
        const children = parseInline(source.slice(at + run, close), depth + 1, links);
        push({ type: run === 2 ? 'strong' : 'em', children });
        at = close + run;
        continue;
      }
      text += char.repeat(run);
      at += run;
      continue;
    }
    const link = !links
      ? undefined
      : char === '['
        ? linkAt(source, at, depth)
        : char === 'h' || char === 'H' || char === 'm' || char === 'M'
          ? autolinkAt(source, at)
          : undefined;
    if (link) {
      push(link.node);
      at = link.end;
      continue;
    }
    text += char;
    at++;
  }
  if (text) nodes.push({ type: 'text', text });
  return nodes;
}

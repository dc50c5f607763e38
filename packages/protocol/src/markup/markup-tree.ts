/**
 * The token tree of a formatted message (issue 14, docs/formatting.md): what `parseMarkup`
 * returns and the widget and the desk render as elements, never as HTML.
 */

/** Text inside a paragraph, a list item or a link. */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  /** `href` is an absolute http, https or mailto URL (`safeUrl`), never anything else. */
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

/** A paragraph, a fenced code block, or a bulleted (`ordered: false`) or numbered list. */
export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'codeBlock'; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] };

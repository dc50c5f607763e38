/** `@parley/protocol/markup`: the formatted-text subset every end reads (docs/formatting.md). */
export { hasMarkup } from './has-markup.js';
export type { Block, Inline } from './markup-tree.js';
export { parseInline, parseMarkup } from './parse-markup.js';
export { plainText } from './plain-text.js';
export { type CreateElement, type RenderOptions, renderMarkup } from './render-markup.js';
export { safeUrl } from './safe-url.js';

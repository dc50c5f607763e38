import type { Block, Inline } from './markup-tree.js';

const inlineText = (inline: readonly Inline[]): string =>
  inline
    .map((node) => {
      switch (node.type) {
        case 'text':
        case 'code':
          return node.text;
        case 'break':
          return '\n';
        default:
          return inlineText(node.children);
      }
    })
    .join('');

/**
 * A formatted message as the words it shows, without its markers (`**`, `_`, `[…](…)`): what a
 * screen reader announces (the widget's live region), rather than the raw text.
 * @example plainText(parseMarkup('Hello **Bob**, see [the guide](https://x.example)')) // 'Hello Bob, see the guide'
 */
export function plainText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'paragraph':
          return inlineText(block.children);
        case 'codeBlock':
          return block.text;
        default:
          return block.items.map((item) => inlineText(item)).join('\n');
      }
    })
    .join('\n');
}

import type { Block, Inline } from './markup-tree.js';

/** An element factory such as Preact's `h`: the renderer builds elements, never HTML. */
export type CreateElement<Node> = (
  type: string,
  props: Record<string, unknown> | null,
  ...children: (Node | string)[]
) => Node;

export interface RenderOptions {
  /** Read by screen readers after each link's text, e.g. "(opens in a new tab)". */
  newTab: string;
}

/**
 * The elements of a parsed message, built with `h` (Preact's, in the widget and the desk):
 * `p`, `pre`/`code`, `ul`/`ol`/`li`, `strong`, `em`, `code`, `br`, and `a` links that open in a
 * new tab with `rel="noopener noreferrer"`. Text goes in as text nodes, so nothing in a message
 * can become markup; hrefs are the parser's safe URLs only.
 * @example renderMarkup(parseMarkup('**hi**'), h, { newTab: '(opens in a new tab)' })
 */
export function renderMarkup<Node>(
  blocks: readonly Block[],
  h: CreateElement<Node>,
  options: RenderOptions,
): Node[] {
  const inline = (nodes: readonly Inline[]): (Node | string)[] =>
    nodes.map((node) => {
      switch (node.type) {
        case 'text':
          return node.text;
        case 'break':
          return h('br', null);
        case 'code':
          return h('code', null, node.text);
        case 'strong':
        case 'em':
          return h(node.type, null, ...inline(node.children));
        default:
          // A link.
          return h(
            'a',
            { href: node.href, target: '_blank', rel: 'noopener noreferrer' },
            ...inline(node.children),
            h('span', { class: 'sr-only' }, ` ${options.newTab}`),
          );
      }
    });
  return blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
        return h('p', null, ...inline(block.children));
      case 'codeBlock':
        return h('pre', null, h('code', null, block.text));
      default:
        // A list.
        return h(
          block.ordered ? 'ol' : 'ul',
          block.ordered && block.start !== 1 ? { start: block.start } : null,
          ...block.items.map((item) => h('li', null, ...inline(item))),
        );
    }
  });
}

import { hasMarkup, parseMarkup, renderMarkup } from '@parley/protocol/markup';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';

/**
 * A message's text in the log (issue 14): formatted (bold, italic, code, lists, links that open
 * in a new tab) from the parsed text as elements, never as HTML; as written when it has no
 * formatting. The same subset the widget shows (docs/formatting.md).
 */
export function MessageText({ text }: { text: string }) {
  const { t } = useDesk();
  const newTab = t('visitor.opensInNewTab');
  const content = useMemo(
    () => (hasMarkup(text) ? renderMarkup(parseMarkup(text), h, { newTab }) : null),
    [text, newTab],
  );
  return content ? (
    <div class="entry__text entry__text--rich">{content}</div>
  ) : (
    <p class="entry__text">{text}</p>
  );
}

/**
 * Formatted messages (issue 14, docs/formatting.md): a chunk of its own (`lazy/rich-text.js`)
 * with its stylesheet (markup.css), fetched the first time a message holds formatting or a link.
 */
import { parseMarkup, renderMarkup } from '@parley/protocol/markup';
import { type ComponentType, h } from 'preact';
import { useMemo } from 'preact/hooks';
import { useChat } from '../chat-context.js';

export interface RichTextProps {
  text: string;
}

/** The bubble of a formatted message: elements built from the parsed text, never HTML. */
function RichText({ text }: RichTextProps) {
  const { t } = useChat();
  const newTab = t('messages.opensInNewTab');
  const content = useMemo(() => renderMarkup(parseMarkup(text), h, { newTab }), [text, newTab]);
  return <div class="msg__bubble msg__bubble--rich">{content}</div>;
}

/** The renderer, once its stylesheet is in (from Parley's own origin, as the frame's CSP wants). */
export function loadRichText(): Promise<ComponentType<RichTextProps>> {
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = 'markup.css';
    link.onload = () => resolve(RichText);
    link.onerror = () => {
      link.remove();
      reject(new Error('Parley: markup.css could not be loaded'));
    };
    document.head.append(link);
  });
}

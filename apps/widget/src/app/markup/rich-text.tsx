/**
 * Formatted messages (issue 14, docs/formatting.md): a chunk of its own (`lazy/rich-text.js`)
 * with its stylesheet (markup.css), fetched the first time a message holds formatting or a link
 * (message-text.tsx).
 */
import { parseMarkup, plainText, renderMarkup } from '@parley/protocol/markup';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import { useChat } from '../chat-context.js';

export interface RichTextProps {
  text: string;
}

/** The bubble of a formatted message: elements built from the parsed text, never HTML. */
export function RichText({ text }: RichTextProps) {
  const { t } = useChat();
  const newTab = t('messages.opensInNewTab');
  const content = useMemo(() => renderMarkup(parseMarkup(text), h, { newTab }), [text, newTab]);
  return <div class="msg__bubble msg__bubble--rich">{content}</div>;
}

/** The words a formatted message shows, for a screen reader (the live region), without markers. */
export const spokenText = (text: string): string => plainText(parseMarkup(text));

/**
 * The inline confirmation of "End chat" (issue 14), with its texts in every language the widget
 * speaks: a chunk of its own (`lazy/end-chat-confirm.js`), so app.js and the language files carry
 * neither.
 */
import { createTranslate } from '@parley/client';
import { useEffect, useRef } from 'preact/hooks';
import { useChat } from '../chat-context.js';

const en = { 'endChat.question': 'End this chat?', 'endChat.keep': 'Keep chatting' };
type EndChatTexts = Record<keyof typeof en, string>;
const TEXTS: Record<string, EndChatTexts> = {
  en,
  de: { 'endChat.question': 'Diesen Chat beenden?', 'endChat.keep': 'Weiter chatten' },
  es: { 'endChat.question': '¿Finalizar este chat?', 'endChat.keep': 'Seguir chateando' },
  ar: { 'endChat.question': 'هل تريد إنهاء هذه المحادثة؟', 'endChat.keep': 'متابعة المحادثة' },
};

/**
 * "End this chat?" with "End chat" and "Keep chatting", a fieldset in the dock. Focus
 * goes to "Keep chatting", the choice that loses nothing; Escape keeps chatting too.
 */
export function EndChatConfirm({ onCancel }: { onCancel(): void }) {
  const { t, locale, commands } = useChat();
  const own = createTranslate<keyof typeof en>(TEXTS[locale] ?? en);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <fieldset
      class="dock__confirm"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // Only the question goes, not the whole panel (chat-app.tsx closes it on Escape).
        event.stopPropagation();
        onCancel();
      }}
    >
      <legend class="dock__question">{own('endChat.question')}</legend>
      <button type="button" class="choice" onClick={commands.endChat}>
        {t('panel.endChat')}
      </button>
      <button ref={keep} type="button" class="choice" onClick={onCancel}>
        {own('endChat.keep')}
      </button>
    </fieldset>
  );
}

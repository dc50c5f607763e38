import { useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { lazy } from './lazy.js';

// Asked only once the visitor presses "End chat": a chunk of its own, with its texts.
const EndChatConfirm = lazy(() => import('./end-chat-confirm.js').then((m) => m.EndChatConfirm));

/**
 * "End chat", under the message box (in its chunk), away from the window's ✕ (issue 14); it
 * asks before it ends the chat (`EndChatConfirm`).
 */
export function EndChat() {
  const { t } = useChat();
  const [asking, setAsking] = useState(false);
  return asking ? (
    <EndChatConfirm onCancel={() => setAsking(false)} />
  ) : (
    <div class="dock__end">
      <button type="button" class="link-button" onClick={() => setAsking(true)}>
        {t('panel.endChat')}
      </button>
    </div>
  );
}

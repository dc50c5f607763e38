import type { Directory, Presence } from '@parley/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { Chat } from '../app/desk-state.js';
import { TransferDialog } from './transfer-dialog.js';

export interface ChatActionsProps {
  chat: Chat;
  agentId: string;
  directory: Directory;
  team: Record<string, Presence>;
}

/** Transfer, hand back to the bot, close; once the chat has ended, remove it from the list. */
export function ChatActions({ chat, agentId, directory, team }: ChatActionsProps) {
  const { t, commands } = useDesk();
  const [transferring, setTransferring] = useState(false);
  const dismiss = useRef<HTMLButtonElement>(null);

  // The button that was pressed (close, hand back) is gone with the chat's end: keep focus here.
  useEffect(() => {
    if (chat.ended && (document.activeElement === document.body || document.activeElement === null)) {
      dismiss.current?.focus();
    }
  }, [chat.ended]);

  if (chat.ended) {
    return (
      <div class="chat__actions">
        <button
          ref={dismiss}
          type="button"
          class="button button--small"
          onClick={() => commands.dismiss(chat.id)}
        >
          {t('chat.dismiss')}
        </button>
      </div>
    );
  }
  return (
    <div class="chat__actions">
      <button
        type="button"
        class="button button--small"
        data-shortcut="transfer"
        aria-keyshortcuts="t"
        onClick={() => setTransferring(true)}
      >
        {t('chat.transfer')}
      </button>
      <button type="button" class="button button--small" onClick={() => commands.handBack(chat.id)}>
        {t('chat.handback')}
      </button>
      <button
        type="button"
        class="button button--small button--danger"
        onClick={() => commands.closeChat(chat.id)}
      >
        {t('chat.close')}
      </button>
      {transferring ? (
        <TransferDialog
          sessionId={chat.id}
          agentId={agentId}
          directory={directory}
          team={team}
          onClose={() => setTransferring(false)}
        />
      ) : null}
    </div>
  );
}

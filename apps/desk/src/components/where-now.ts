import { whereNow } from '../app/desk-selectors.js';
import type { Chat, DeskState } from '../app/desk-state.js';
import type { Translate } from '../i18n/translate.js';

/**
 * A chat that is no longer the agent's, in words: its tag ("Ended", "With Bob", "With the bot",
 * "In the queue") and the line that replaces the message box. A transferred chat is live with a
 * colleague, not ended.
 */
export function whereNowText(
  state: DeskState,
  chat: Chat,
  t: Translate,
): { tag: string; line: string } | null {
  const where = whereNow(state, chat);
  if (!where) return null;
  switch (where.kind) {
    case 'agent':
      return {
        tag: t('chats.withAgent', { name: where.name }),
        line: t('chat.nowWithAgent', { name: where.name }),
      };
    case 'bot':
      return { tag: t('chats.withBot'), line: t('chat.nowWithBot') };
    case 'queued':
      return { tag: t('chats.requeued'), line: t('chat.nowQueued') };
    case 'closed':
      return { tag: t('chats.ended'), line: t('chat.ended') };
  }
}

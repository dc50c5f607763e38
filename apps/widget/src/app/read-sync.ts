import type { ChatConnection } from './chat-connection.js';
import type { ChatState } from './chat-reducer.js';

/** How long the visitor's reading settles before the server hears of it (issue 14). */
export const READ_DEBOUNCE_MS = 800;

/**
 * Tells the server how far the visitor read (issue 14), so "Seen" reaches the agent or bot and
 * every other tab and device: only while the panel is open and the page visible, debounced, and
 * only a mark past the server's own for a session the widget knows. Not one write per message.
 * Returns the function to call with each new state (the page link follows the store).
 * @example const follow = syncReadMarks(connection); store.subscribe(follow);
 */
export function syncReadMarks({ store, commands }: Pick<ChatConnection, 'store' | 'commands'>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The marks this tab sent, or found in the first state (the server's, or sent before). */
  const sent: Record<string, number> = { ...store.getState().readUpTo };
  const send = () => {
    timer = undefined;
    const state = store.getState();
    if (!state.open || document.hidden) return;
    for (const [sessionId, seq] of Object.entries(state.readUpTo)) {
      if (!state.sessions[sessionId] || seq <= (sent[sessionId] ?? 0)) continue;
      sent[sessionId] = seq;
      // Refused or unanswered, it goes again with the next mark: nothing to tell the visitor.
      void commands.ask('read.mark', { sessionId, seq });
    }
  };
  const follow = (state: ChatState) => {
    if (!state.open || document.hidden) return;
    clearTimeout(timer);
    timer = setTimeout(send, READ_DEBOUNCE_MS);
  };
  // A tab brought back to the front reads what its open panel shows.
  document.addEventListener('visibilitychange', () => follow(store.getState()));
  return follow;
}

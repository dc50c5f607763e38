import type { ChatState } from '../chat-reducer.js';

/**
 * Whether the newest entry of a session is a bot's or agent's message offering replies (quick
 * replies or reply buttons), shown under it. The widget then keeps its own "Talk to a person"
 * out of the way (issue 14): one set of choices at a time, so the bot's "Talk to a human" and the
 * widget's never show side by side. A visitor's message on its way counts as newer.
 * @example offersReplies(state, 's1') // true under "Did that help? [Yes] [Talk to a human]"
 */
export function offersReplies(state: ChatState, sessionId: string): boolean {
  if (state.outbox.length > 0) return false;
  const events = state.events[sessionId] ?? [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.type !== 'message') continue;
    if (event.author.role === 'visitor') return false;
    return (event.quickReplies?.length ?? 0) > 0 || (event.buttons ?? []).some((button) => 'reply' in button);
  }
  return false;
}

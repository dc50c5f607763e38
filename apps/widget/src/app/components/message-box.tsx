/**
 * The dock while chatting (issue 14): above the message box, "Talk to a person" while the bot has
 * the session (unless the bot's own replies show: `offersReplies`) or the place in line; under
 * it, "End chat", away from the window's ✕. A chunk of its own (`lazy/message-box.js`) that the
 * panel fetches as it opens: a site with a pre-chat form shows that form first, and its start-up
 * budget carries none of this (budgets.mjs counts this chunk for the other sites).
 */
import { useChat } from '../chat-context.js';
import type { ChatSession, ChatState } from '../chat-reducer.js';
import { Composer } from './composer.js';
import { submissionFor } from './dock.js';
import { EndChat } from './end-chat.js';
import { HandoffButton } from './handoff-button.js';
import { offersReplies } from './offers-replies.js';
import { queueText } from './queue-text.js';

export function MessageBox({ state, session }: { state: ChatState; session: ChatSession | undefined }) {
  const { t } = useChat();
  const queue = session?.status === 'queued' && state.queue?.sessionId === session.id ? state.queue : null;
  return (
    <>
      {session?.status === 'bot' && !offersReplies(state, session.id) ? (
        <HandoffButton submission={submissionFor(state, 'handoff', session.id)} />
      ) : null}
      {queue ? <p class="dock__bar">{queueText(queue, t)}</p> : null}
      <Composer files={state.site?.files} />
      {session ? <EndChat /> : null}
    </>
  );
}

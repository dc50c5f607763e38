import { useChat } from '../chat-context.js';
import type { Submission } from '../chat-reducer.js';
import { SubmitStatus } from './submit-status.js';

/** "Talk to a person", while the bot has the session; the status line that follows says what happened. */
export function HandoffButton({ submission }: { submission: Submission | undefined }) {
  const { t, commands } = useChat();
  return (
    <div class="dock__bar">
      <button type="button" class="choice" onClick={commands.handoff}>
        {t('handoff.button')}
      </button>
      <SubmitStatus submission={submission} />
    </div>
  );
}

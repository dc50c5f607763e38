/**
 * What the dock shows under a closed chat besides "New conversation": the rating form while it
 * is asked for, and "Email me the transcript" when the site sends transcripts (issue 13). One
 * chunk (`lazy`), so app.js, whose start-up budget is nearly spent, carries neither.
 */
import type { ChatState } from '../chat-reducer.js';
import type { DockView } from '../dock-view.js';
import { FeedbackForm } from './feedback-form.js';
import { TranscriptForm } from './transcript-form.js';

export interface ClosedDockProps {
  state: ChatState;
  view: Extract<DockView, { kind: 'closed' }>;
}

export function ClosedDock({ state, view: { sessionId, after } }: ClosedDockProps) {
  const { site, submissions, prechat } = state;
  const feedback = submissions.feedback?.sessionId === sessionId ? submissions.feedback : undefined;
  return (
    <>
      {after === 'ask' ? (
        <FeedbackForm
          sessionId={sessionId}
          scale={site?.feedbackScale ?? 'stars'}
          tags={site?.feedbackTags ?? []}
          submission={feedback}
          siteTexts={site?.texts}
        />
      ) : null}
      {site?.transcripts ? (
        <TranscriptForm key={sessionId} sessionId={sessionId} email={prechat?.email ?? ''} />
      ) : null}
    </>
  );
}

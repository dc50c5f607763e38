import { useEffect, useRef } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { agentIdOf, feedbackScaleOf, lastSeqOf, pendingIn } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { cannedContext } from './canned-context.js';
import { ChatActions } from './chat-actions.js';
import { Composer } from './composer.js';
import { LabelEditor } from './labels.js';
import { visitorName } from './names.js';
import { Notes } from './notes.js';
import { SessionLog } from './session-log.js';
import { SiteBadge } from './site-switch.js';
import { usePageVisible } from './use-page-visible.js';
import { VisitorPanel } from './visitor-panel.js';
import { VisitorRecords } from './visitor-records.js';
import { whereNowText } from './where-now.js';
import { WhisperNotes } from './whisper-notes.js';

export interface ChatViewProps {
  state: DeskState;
  sessionId: string;
}

/**
 * One of the agent's chats: the whole log, the visitor typing, the reply box and the actions,
 * with what is known of the visitor beside it (their earlier conversations, and for admins their
 * data). Looking at it (page visible) marks it seen.
 */
export function ChatView({ state, sessionId }: ChatViewProps) {
  const { t, commands } = useDesk();
  const chat = state.chats[sessionId];
  const visible = usePageVisible();
  const lastSeq = lastSeqOf(state, sessionId);
  const input = useRef<HTMLTextAreaElement>(null);
  const loaded = chat !== undefined;

  useEffect(() => {
    if (visible && loaded && lastSeq > (state.seen[sessionId] ?? 0)) commands.markSeen(sessionId, lastSeq);
  }, [visible, loaded, lastSeq, sessionId, state.seen, commands]);

  // Opening a chat is for answering it: the reply box takes focus (once, when it is there).
  useEffect(() => {
    if (loaded) input.current?.focus();
  }, [loaded]);

  if (!chat) return <p class="empty">{t('chat.loading')}</p>;
  const name = visitorName(chat.session, t);
  const gone = whereNowText(state, chat, t);
  return (
    <section class="chat" aria-labelledby="desk-chat-title">
      <header class="chat__header">
        <h2 id="desk-chat-title" class="chat__title">
          {name}
        </h2>
        <span class={chat.ended ? 'tag' : 'tag tag--live'}>{gone ? gone.tag : t('chat.active')}</span>
        <SiteBadge state={state} siteKey={chat.session.siteKey} />
        <LabelEditor sessionId={sessionId} labels={chat.session.labels ?? []} />
        <ChatActions
          chat={chat}
          agentId={agentIdOf(state) ?? ''}
          directory={state.directory}
          team={state.team}
        />
      </header>
      <div class="chat__body">
        <div class="chat__conversation">
          {chat.erased ? <p class="notice">{t('chat.erased')}</p> : null}
          <SessionLog
            events={state.events[sessionId] ?? []}
            pending={pendingIn(state, sessionId)}
            label={t('chat.log', { name })}
            visitor={name}
            scale={feedbackScaleOf(state, chat.session.siteKey)}
            visitorRead={state.visitorRead[sessionId]}
          />
          <WhisperNotes notes={state.supervision.notes[sessionId]} />
          <p class="typing" aria-live="polite">
            {state.typing[sessionId] && !chat.ended ? t('chat.typing', { name }) : ''}
          </p>
          {chat.ended ? (
            <p class="chat__ended">{gone?.line}</p>
          ) : (
            <Composer
              sessionId={sessionId}
              name={name}
              inputRef={input}
              canned={cannedContext(state, chat.session, name)}
            />
          )}
        </div>
        <VisitorPanel session={chat.session} queues={state.directory.queues}>
          <Notes sessionId={sessionId} />
          <VisitorRecords
            state={state}
            visitor={chat.session}
            label={{ name: chat.session.visitor.name ?? null, email: chat.session.visitor.email ?? null }}
            name={name}
            current={chat.id}
            canStart={chat.status === 'closed'}
          />
        </VisitorPanel>
      </div>
    </section>
  );
}

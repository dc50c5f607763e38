import type { ConversationRecord } from '@parley/protocol';
import { useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { agentNameOf, feedbackScaleOf } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import type { TranscriptView } from '../app/records-state.js';
import { formatTime } from '../format/format-time.js';
import { errorText } from '../i18n/error-text.js';
import { Modal } from './modal.js';
import { scoreText, statusName } from './names.js';
import { SessionLog } from './session-log.js';
import { VisitorRecords } from './visitor-records.js';

/** When, where and with whom a conversation went, as the records keep it. */
function Facts({
  state,
  session,
  email,
}: {
  state: DeskState;
  session: ConversationRecord;
  email: string | null | undefined;
}) {
  const { t, locale } = useDesk();
  const queue = session.queue;
  return (
    <dl class="fields">
      <div class="fields__row">
        <dt>{t('transcript.started')}</dt>
        <dd>
          <time dateTime={new Date(session.createdAt).toISOString()}>
            {formatTime(session.createdAt, locale)}
          </time>
        </dd>
      </div>
      {session.closedAt !== null ? (
        <div class="fields__row">
          <dt>{t('transcript.closed')}</dt>
          <dd>
            <time dateTime={new Date(session.closedAt).toISOString()}>
              {formatTime(session.closedAt, locale)}
            </time>
          </dd>
        </div>
      ) : null}
      <div class="fields__row">
        <dt>{t('transcript.status')}</dt>
        <dd>{statusName(session.status, t)}</dd>
      </div>
      {email ? (
        <div class="fields__row">
          <dt>{t('transcript.email')}</dt>
          <dd>{email}</dd>
        </div>
      ) : null}
      {queue ? (
        <div class="fields__row">
          <dt>{t('transcript.queue')}</dt>
          <dd>{queue}</dd>
        </div>
      ) : null}
      {session.agents.length > 0 ? (
        <div class="fields__row">
          <dt>{t('transcript.agents')}</dt>
          <dd>{session.agents.map((id) => agentNameOf(state, id)).join(', ')}</dd>
        </div>
      ) : null}
      {session.rating ? (
        <div class="fields__row">
          <dt>{t('transcript.rating')}</dt>
          <dd>
            {[
              session.rating.score === undefined
                ? undefined
                : scoreText(session.rating.score, feedbackScaleOf(state, session.siteKey), t),
              session.rating.tag,
              session.rating.review,
            ]
              .filter((v) => v !== undefined)
              .join(t('list.separator'))}
          </dd>
        </div>
      ) : null}
      {session.context.page ? (
        <div class="fields__row">
          <dt>{t('transcript.page')}</dt>
          <dd>{session.context.page}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/**
 * A whole conversation from the records, read-only (from the search, or a visitor's earlier
 * conversations): its facts and log, and beside it the visitor's other conversations and (admins)
 * their data. An erased conversation shows as the shell it is.
 */
export function TranscriptDialog({ state, view }: { state: DeskState; view: TranscriptView }) {
  const { t, commands } = useDesk();
  const id = useId();
  const { transcript, error } = view;
  const name = view.visitor?.name?.trim() || view.visitor?.email || t('visitor.anonymous');
  const session = transcript?.session;
  return (
    <Modal titleId={`${id}-title`} onClose={commands.closeTranscript}>
      <div class="dialog dialog--wide">
        <h2 id={`${id}-title`} class="dialog__title">
          {t('transcript.title', { name })}
        </h2>
        {!transcript && !error ? <p class="empty">{t('transcript.loading')}</p> : null}
        {error ? (
          <p class="dialog__error" role="alert">
            {errorText(error, t)}
          </p>
        ) : null}
        {session && transcript ? (
          <>
            <Facts state={state} session={session} email={view.visitor?.name ? view.visitor.email : null} />
            {session.deleted ? <p class="notice">{t('transcript.erased')}</p> : null}
            <div class="preview">
              <SessionLog
                events={transcript.events}
                label={t('chat.log', { name })}
                visitor={name}
                scale={feedbackScaleOf(state, session.siteKey)}
              />
              <aside class="visitor" aria-label={t('visitor.title')}>
                <VisitorRecords
                  state={state}
                  visitor={session}
                  label={view.visitor ?? { name: null, email: null }}
                  name={name}
                  current={session.id}
                  canStart={session.status === 'closed' && !session.deleted}
                />
              </aside>
            </div>
          </>
        ) : null}
        <div class="dialog__actions">
          <button type="button" class="button" onClick={commands.closeTranscript}>
            {t('transcript.close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

import { useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { canAccept, feedbackScaleOf } from '../app/desk-selectors.js';
import type { DeskState, Preview } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';
import { Modal } from './modal.js';
import { visitorName } from './names.js';
import { SessionLog } from './session-log.js';
import { VisitorPanel } from './visitor-panel.js';

/** A read-only look at a session (queued, or an offline message): its visitor and whole log. */
export function PreviewDialog({ state, preview }: { state: DeskState; preview: Preview }) {
  const { t, commands } = useDesk();
  const id = useId();
  const queued = state.queue.find((entry) => entry.session.id === preview.sessionId);
  const name =
    preview.status === 'ready'
      ? visitorName(preview.sync.session, t)
      : queued
        ? visitorName(queued.session, t)
        : t('visitor.anonymous');
  return (
    <Modal titleId={`${id}-title`} onClose={commands.closePreview}>
      <div class="dialog dialog--wide">
        <h2 id={`${id}-title`} class="dialog__title">
          {t('preview.title', { name })}
        </h2>
        {preview.status === 'loading' ? <p class="empty">{t('preview.loading')}</p> : null}
        {preview.status === 'error' ? (
          <p class="dialog__error" role="alert">
            {errorText(preview.error, t)}
          </p>
        ) : null}
        {preview.status === 'ready' ? (
          <div class="preview">
            <SessionLog
              events={preview.sync.events}
              label={t('chat.log', { name })}
              visitor={name}
              scale={feedbackScaleOf(state, preview.sync.session.siteKey)}
            />
            <VisitorPanel session={preview.sync.session} queues={state.directory.queues} />
          </div>
        ) : null}
        <div class="dialog__actions">
          <button type="button" class="button" onClick={commands.closePreview}>
            {t('preview.close')}
          </button>
          {queued && canAccept(state, queued) ? (
            <button
              type="button"
              class="button button--primary"
              onClick={() => commands.accept(preview.sessionId)}
            >
              {t('queue.accept')}
            </button>
          ) : null}
        </div>
      </div>
    </Modal>
  );
}

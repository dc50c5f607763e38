import { useDesk } from '../app/desk-context.js';
import { canAccept } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { QueueItem } from './queue-item.js';
import { SiteBadge } from './site-switch.js';
import { useNow } from './use-now.js';

/** Every queued session, in queue order, with live wait times; matching ones can be accepted. */
export function QueueView({ state }: { state: DeskState }) {
  const { t } = useDesk();
  const now = useNow();
  return (
    <section class="page" aria-labelledby="desk-queue-title">
      <h2 id="desk-queue-title" class="page__title">
        {t('queue.title')}
      </h2>
      {state.queue.length === 0 ? (
        <p class="empty">{t('queue.empty')}</p>
      ) : (
        <ol class="cards">
          {state.queue.map((entry) => (
            <QueueItem
              key={entry.session.id}
              entry={entry}
              now={now}
              allowed={canAccept(state, entry)}
              queues={state.directory.queues}
              site={<SiteBadge state={state} siteKey={entry.session.siteKey} />}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

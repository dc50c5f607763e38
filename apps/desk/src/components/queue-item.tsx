import type { Directory, QueueEntry } from '@parley/protocol';
import type { ComponentChildren } from 'preact';
import { useDesk } from '../app/desk-context.js';
import { formatDuration } from '../format/format-duration.js';
import { visitorName } from './names.js';
import { RoutingSummary } from './routing-summary.js';

export interface QueueItemProps {
  entry: QueueEntry;
  now: number;
  /** The agent matches what the session asks for. */
  allowed: boolean;
  queues: Directory['queues'];
  /** The session's site badge (issue 15, item 4), for an agent of several sites. */
  site?: ComponentChildren;
}

/** One waiting visitor: place, wait, who, where from, what they asked for; preview and accept. */
export function QueueItem({ entry, now, allowed, queues, site }: QueueItemProps) {
  const { t, commands } = useDesk();
  const { session, position } = entry;
  const name = visitorName(session, t);
  const since = session.routing?.since ?? session.updatedAt;
  return (
    <li class="card">
      <div class="card__head">
        <span class="card__position">{t('queue.position', { position })}</span>
        <h3 class="card__title">{name}</h3>
        {site}
        <span class="card__meta">{t('queue.waiting', { time: formatDuration(now - since) })}</span>
      </div>
      {session.visitor.page ? (
        <p class="card__line">{t('queue.page', { page: session.visitor.page })}</p>
      ) : null}
      {session.routing ? <RoutingSummary routing={session.routing} queues={queues} /> : null}
      {allowed ? null : <p class="card__note">{t('queue.notForYou')}</p>}
      <div class="card__actions">
        <button
          type="button"
          class="button button--small"
          aria-label={t('queue.previewLabel', { name })}
          onClick={() => commands.preview(session.id)}
        >
          {t('queue.preview')}
        </button>
        <button
          type="button"
          class="button button--small button--primary"
          aria-label={t('queue.acceptLabel', { name })}
          disabled={!allowed}
          onClick={() => commands.accept(session.id)}
        >
          {t('queue.accept')}
        </button>
      </div>
    </li>
  );
}

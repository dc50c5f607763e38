import type { Directory, Routing } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';

/** What a session was routed to: its queue, and the team, agent or skills it asked for. */
export function RoutingSummary({ routing, queues }: { routing: Routing; queues: Directory['queues'] }) {
  const { t } = useDesk();
  const queueName = queues.find((queue) => queue.id === routing.queue)?.name ?? routing.queue;
  return (
    <ul class="chips" aria-label={t('routing.label')}>
      <li class="chip">{t('routing.queue', { name: queueName })}</li>
      {routing.team ? <li class="chip">{t('routing.team', { name: routing.team })}</li> : null}
      {routing.agent ? <li class="chip">{t('routing.agent', { name: routing.agent })}</li> : null}
      {routing.skills?.length ? (
        <li class="chip">{t('routing.skills', { skills: routing.skills.join(', ') })}</li>
      ) : null}
    </ul>
  );
}

import type { Logger } from 'pino';
import type { Gauge } from 'prom-client';
import type { ParleyConfig } from '../config/config-schema.js';
import { recordsLagMs } from '../consumers/records-writer.js';
import { throttledLog } from '../logging/throttled-log.js';
import type { SessionStore } from '../store/session-store.js';
import type { Metrics } from './metrics.js';

const PRESENCES = ['ready', 'notready', 'offline'] as const;

export interface LiveStateDeps {
  metrics: Metrics;
  config: ParleyConfig;
  store: SessionStore;
  /** Each namespace's connected sockets in this process. */
  sockets: Record<'visitor' | 'bot' | 'agent', { sockets: { size: number } }>;
  /** Whether this server's store tracks the records consumer (it keeps records). */
  records: boolean;
  clock: () => number;
  logger: Logger;
}

/**
 * The gauges read when Prometheus scrapes, not kept up to date on every change (which would cost
 * the hot path): connected sockets per namespace, each human queue's length, agents by presence,
 * and the records consumer's lag. A store that fails during a scrape leaves its gauges at their
 * last value and is logged (throttled); the scrape itself still answers.
 * @example watchLiveState({ metrics, config, store, sockets: nsps, records: true, clock, logger });
 */
export function watchLiveState({
  metrics,
  config,
  store,
  sockets,
  records,
  clock,
  logger,
}: LiveStateDeps): void {
  const log = throttledLog(logger, 60_000);
  const guarded =
    <L extends string>(what: string, read: (gauge: Gauge<L>) => Promise<void> | void) =>
    async (gauge: Gauge<L>) => {
      try {
        await read(gauge);
      } catch (error) {
        log.warn({ err: error, metric: what }, 'metrics: cannot read a gauge; it keeps its last value');
      }
    };

  metrics.gauge(
    'sockets_connected',
    'Sockets connected to this process, by namespace',
    ['namespace'],
    (gauge) => {
      for (const [namespace, nsp] of Object.entries(sockets)) gauge.set({ namespace }, nsp.sockets.size);
    },
  );

  const humanQueues = config.queues.filter((queue) => !queue.bot);
  metrics.gauge(
    'queue_length',
    'Sessions waiting in each human queue',
    ['queue'],
    guarded('queue_length', async (gauge) => {
      const lengths = await Promise.all(
        humanQueues.map(
          async (queue) =>
            (await store.handlerSessions({ kind: 'queue', id: queue.id })).filter(
              (s) => s.status === 'queued',
            ).length,
        ),
      );
      for (const [i, queue] of humanQueues.entries()) gauge.set({ queue: queue.id }, lengths[i] ?? 0);
    }),
  );

  metrics.gauge(
    'agents',
    'Configured agents by presence (agents serve every site, so there is no site label)',
    ['presence'],
    guarded('agents', async (gauge) => {
      const stored = new Map((await store.listPresence()).map((p) => [p.agentId, p.status]));
      const counts = { ready: 0, notready: 0, offline: 0 };
      for (const agent of config.agents) counts[stored.get(agent.id) ?? 'offline'] += 1;
      for (const presence of PRESENCES) gauge.set({ presence }, counts[presence]);
    }),
  );

  if (records) {
    metrics.gauge(
      'records_consumer_lag_seconds',
      'Age of the oldest session waiting for the records writer (0: none waits)',
      [],
      guarded('records_consumer_lag_seconds', async (gauge) => {
        gauge.set((await recordsLagMs(store, clock())) / 1000);
      }),
    );
  }
}

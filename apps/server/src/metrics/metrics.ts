import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import type { SessionStore } from '../store/session-store.js';
import { createEventMetrics, type EventMetrics } from './event-metrics.js';

/** Every series' name starts with this. */
const PREFIX = 'parley_';

/** Latency buckets, in seconds: from a Redis round trip (sub-millisecond) to the 5 s store timeout. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Queue wait buckets, in seconds: from an agent ready at once to the longest queue timeouts. */
const WAIT_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** Webhook lag buckets, in seconds: from the event's time to its delivery (retries last up to a day). */
const LAG_BUCKETS = [0.1, 0.5, 1, 5, 30, 120, 600, 1800, 3600, 21600, 86400];

/** How many distinct webhook endpoints and outcomes get a label value of their own; later ones are `other`. */
const MAX_WEBHOOK_LABELS = 100;

/** A label value kept to the first `max` distinct values seen; any further one is `other`. */
function boundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}

let processRegistry: Registry | undefined;

/**
 * The process's own series (CPU, memory, event loop, GC), collected once per process and shared
 * by every registry that shows them. prom-client's collectors are process-wide and never stop:
 * each `collectDefaultMetrics` call observes the GC for good, and its observer held the registry
 * it fed, with every metric and gauge callback in it, hence the whole server: a process that
 * created and closed servers (the tests, the benches) kept them all, each GC calling one more
 * observer.
 */
function processSeries(): Metric[] {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: PREFIX });
  }
  const shared = processRegistry;
  return shared.getMetricsAsArray().flatMap(({ name }) => shared.getSingleMetric(name) ?? []);
}

/**
 * Parley's Prometheus metrics (issue 13), in a registry of their own (no global state): built once
 * by the composition root, which hands each part its recorder. What can be read when Prometheus
 * scrapes (sockets, queue lengths, presence, consumer lag) is read then, by the `collect` of each
 * gauge (`watchLiveState`); only what happens is recorded as it happens, each a counter increment
 * or a histogram observation. No label carries a session, visitor or socket id.
 * @example
 * const metrics = createMetrics();
 * const store = guardStore(raw, logger, { onCall: metrics.storeCall });
 * http.get('/metrics', async () => metrics.registry.metrics());
 */
export function createMetrics({ processMetrics = true }: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (processMetrics) for (const metric of processSeries()) registry.registerMetric(metric);
  const registers = [registry];

  const events = new Counter({
    name: `${PREFIX}socket_events_total`,
    help: 'Socket events handled, by namespace, event type (other: not an event of the namespace) and outcome (ok or the error code)',
    labelNames: ['namespace', 'type', 'outcome'] as const,
    registers,
  });
  const ackSeconds = new Histogram({
    name: `${PREFIX}socket_ack_seconds`,
    help: 'Time from an event arriving to its ack, by namespace',
    labelNames: ['namespace'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const storeSeconds = new Histogram({
    name: `${PREFIX}store_operation_seconds`,
    help: 'Live store (memory or Redis) call latency, by operation, failed calls included',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const databaseSeconds = new Histogram({
    name: `${PREFIX}database_operation_seconds`,
    help: 'Records database (PostgreSQL or PGlite) call latency, by operation, failed calls included',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const queueWaitSeconds = new Histogram({
    name: `${PREFIX}queue_wait_seconds`,
    help: 'How long an assigned session waited in its human queue',
    labelNames: ['queue'] as const,
    buckets: WAIT_BUCKETS,
    registers,
  });
  const webhookDeliveries = new Counter({
    name: `${PREFIX}webhook_deliveries_total`,
    help: 'Webhook delivery attempts, by endpoint and outcome',
    labelNames: ['endpoint', 'outcome'] as const,
    registers,
  });
  const webhookLagSeconds = new Histogram({
    name: `${PREFIX}webhook_delivery_lag_seconds`,
    help: "Time from an event's time to its webhook delivery",
    buckets: LAG_BUCKETS,
    registers,
  });
  const endpointLabel = boundedLabel(MAX_WEBHOOK_LABELS);
  const outcomeLabel = boundedLabel(MAX_WEBHOOK_LABELS);

  /** Histogram children per operation, made once: the store's hot path only observes. */
  const storeChildren = new Map<string, Histogram.Internal<'operation'>>();
  const databaseChildren = new Map<string, Histogram.Internal<'operation'>>();
  const childOf = (
    histogram: Histogram<'operation'>,
    children: Map<string, Histogram.Internal<'operation'>>,
    operation: string,
  ) => {
    let child = children.get(operation);
    if (!child) {
      child = histogram.labels(operation);
      children.set(operation, child);
    }
    return child;
  };

  return {
    registry,
    /** The recorder of one namespace's events (pass it in each of its sockets' handler context). */
    socketEvents: (namespace: 'visitor' | 'bot' | 'agent'): EventMetrics =>
      createEventMetrics({ namespace, events, ackSeconds }),
    /** `guardStore`'s `onCall`. */
    storeCall(operation: keyof SessionStore, seconds: number): void {
      childOf(storeSeconds, storeChildren, operation).observe(seconds);
    },
    /** A records call took this long (`timeRecords`). */
    databaseCall(operation: string, seconds: number): void {
      childOf(databaseSeconds, databaseChildren, operation).observe(seconds);
    },
    /** A queued session was assigned after waiting this long. */
    queueWait(queue: string, waitMs: number): void {
      queueWaitSeconds.labels(queue).observe(Math.max(0, waitMs) / 1000);
    },
    /**
     * The webhooks' `onDelivery(outcome, lagMs, endpointId)` callback: one delivery attempt's
     * outcome, and how long after the event it was made. Endpoint ids and outcomes past the first
     * hundred distinct ones are counted as `other`, so an API creating endpoints cannot grow the
     * series without bound.
     */
    webhookDelivery(outcome: string, lagMs: number, endpointId: string): void {
      webhookDeliveries.labels(endpointLabel(endpointId), outcomeLabel(outcome)).inc();
      webhookLagSeconds.observe(Math.max(0, lagMs) / 1000);
    },
    /** Registers a gauge whose value is read when Prometheus scrapes (`watchLiveState`). */
    gauge<L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      collect: (gauge: Gauge<L>) => Promise<void> | void,
    ): Gauge<L> {
      return new Gauge({
        name: `${PREFIX}${name}`,
        help,
        labelNames,
        registers,
        async collect() {
          await collect(this);
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

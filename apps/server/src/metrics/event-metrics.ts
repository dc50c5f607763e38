import type { Result } from '@parley/protocol';
import type { Counter, Histogram } from 'prom-client';

/** The `type` label of an event that is not one of its namespace's events: bounded on purpose. */
export const OTHER_EVENT = 'other';

/**
 * Counts one namespace's socket events and times their acks. Built once per namespace (never per
 * socket); each (event, outcome) counter child is made on its first use and kept, so the hot path
 * is a map lookup, a counter increment and a histogram observation, with no allocation of ours.
 */
export interface EventMetrics {
  /**
   * An event of the namespace's handler table was handled (`undefined`: an event without an
   * answer, e.g. typing). Only `handleEvents` calls it, with a key of that table: the `type`
   * label is bounded by the protocol's events; any other name goes to `unknown`.
   */
  handled(event: string, result: Result<object> | undefined, startedAt: number): void;
  /** An event the namespace does not know: counted as `other`, `unknown_event`. */
  unknown(): void;
}

export interface EventMetricsDeps {
  namespace: string;
  events: Counter<'namespace' | 'type' | 'outcome'>;
  ackSeconds: Histogram<'namespace'>;
  /** `performance.now`, injectable for tests. */
  now?: () => number;
}

/**
 * @example
 * const visitorEvents = createEventMetrics({ namespace: 'visitor', events, ackSeconds });
 * visitorEvents.handled('message.send', { ok: true, value: {} }, performance.now() - 3);
 */
export function createEventMetrics(deps: EventMetricsDeps): EventMetrics {
  const { namespace, events, ackSeconds } = deps;
  const now = deps.now ?? (() => performance.now());
  const ack = ackSeconds.labels(namespace);
  /** event -> outcome -> counter child; outcomes are `ok` or a code of the closed ERROR_CODES. */
  const children = new Map<string, Map<string, Counter.Internal>>();
  const counter = (event: string, outcome: string): Counter.Internal => {
    let byOutcome = children.get(event);
    if (!byOutcome) {
      byOutcome = new Map();
      children.set(event, byOutcome);
    }
    let child = byOutcome.get(outcome);
    if (!child) {
      child = events.labels(namespace, event, outcome);
      byOutcome.set(outcome, child);
    }
    return child;
  };
  return {
    handled(event, result, startedAt) {
      counter(event, result === undefined || result.ok ? 'ok' : result.error.code).inc();
      if (result !== undefined) ack.observe((now() - startedAt) / 1000);
    },
    unknown() {
      counter(OTHER_EVENT, 'unknown_event').inc();
    },
  };
}

import type { SessionStore } from '../store/session-store.js';

/**
 * The store with each successful assignment reported with its queue and how long the session
 * waited there (since it was routed to humans), for the queue wait metric (issue 13). It wraps
 * only what the assigner is given, so the assigner itself needs no metrics of its own.
 * @example const assigner = createAssigner({ ..., store: observeQueueWaits(store, metrics.queueWait) });
 */
export function observeQueueWaits(
  store: SessionStore,
  observe: (queue: string, waitMs: number) => void,
): SessionStore {
  return {
    ...store,
    async assignSession(input) {
      const result = await store.assignSession(input);
      const since = result.ok ? result.value.session.routing?.since : undefined;
      if (since !== undefined) observe(input.queueId, input.now - since);
      return result;
    },
  };
}

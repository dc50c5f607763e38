import type { Logger } from 'pino';
import { throttledLog } from '../logging/throttled-log.js';
import { sharedDeadline } from './deadline.js';
import type { SessionStore } from './session-store.js';

/**
 * A store call that failed in the store itself: Redis closed the connection, is loading its
 * data (`LOADING`), or did not answer in time. Handlers answer it with the retryable
 * `unavailable`, never `internal`; the cause was logged where it was thrown (`guardStore`).
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(
    /** The store method that failed, e.g. `appendMessage`. */
    readonly operation: string,
    cause: unknown,
  ) {
    super(`The store failed in ${operation}`, { cause });
  }
}

/** What a client is told when storage fails (DESIGN.md: "a store that is not ready answers `unavailable`"). */
export const UNAVAILABLE_MESSAGE = 'The server cannot reach its storage right now; try again shortly';

export interface GuardOptions {
  /**
   * A call that has not settled after this long fails as unavailable (default 5 s, half the
   * clients' 10 s ack timeout, so they get the typed answer rather than no answer).
   */
  timeoutMs?: number;
  /** Told how long each call took, failed ones included (the store latency metric, issue 13). */
  onCall?: (operation: keyof SessionStore, seconds: number) => void;
}

/**
 * Wraps every method of a store so that any rejection, or no answer in time, becomes a
 * `StoreUnavailableError`, logged here once with the operation's name (throttled: during an
 * outage every call fails). Services and handlers then tell a storage failure (`unavailable`,
 * worth retrying) from a bug in their own code (`internal`) by the error's class alone.
 * @example const store = guardStore(await createRedisStore({ url }), logger);
 */
export function guardStore(store: SessionStore, logger: Logger, options: GuardOptions = {}): SessionStore {
  const inTime = sharedDeadline(options.timeoutMs ?? 5_000);
  const log = throttledLog(logger, 10_000);
  const { onCall } = options;
  const guard =
    <K extends keyof SessionStore>(operation: K) =>
    async (...args: Parameters<SessionStore[K]>): Promise<Awaited<ReturnType<SessionStore[K]>>> => {
      // One signature for every method; each entry below keeps its own through the return type.
      const call = store[operation] as (...a: typeof args) => Promise<Awaited<ReturnType<SessionStore[K]>>>;
      const startedAt = onCall ? performance.now() : 0;
      try {
        return await inTime(call.apply(store, args));
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw error;
        log.warn({ err: error, operation }, 'the store failed; answering unavailable');
        throw new StoreUnavailableError(operation, error);
      } finally {
        onCall?.(operation, (performance.now() - startedAt) / 1000);
      }
    };
  // Listed one by one (not by walking the object), so that a store method added to the interface
  // and not here fails to compile rather than going unguarded.
  return {
    ready: guard('ready'),
    createVisitor: guard('createVisitor'),
    findVisitor: guard('findVisitor'),
    identifyVisitor: guard('identifyVisitor'),
    moveOpenSession: guard('moveOpenSession'),
    setVisitorInfo: guard('setVisitorInfo'),
    openSession: guard('openSession'),
    getSession: guard('getSession'),
    visitorSessions: guard('visitorSessions'),
    appendMessage: guard('appendMessage'),
    appendFeedback: guard('appendFeedback'),
    setData: guard('setData'),
    markRead: guard('markRead'),
    markReadMany: guard('markReadMany'),
    changeStatus: guard('changeStatus'),
    assignSession: guard('assignSession'),
    recentWaits: guard('recentWaits'),
    appendForm: guard('appendForm'),
    offlineMessages: guard('offlineMessages'),
    eventsSince: guard('eventsSince'),
    appendNote: guard('appendNote'),
    labelSession: guard('labelSession'),
    setOfflineState: guard('setOfflineState'),
    sessionNotes: guard('sessionNotes'),
    handlerSessions: guard('handlerSessions'),
    closeIdle: guard('closeIdle'),
    botBacklog: guard('botBacklog'),
    botHandled: guard('botHandled'),
    claimPending: guard('claimPending'),
    eraseVisitor: guard('eraseVisitor'),
    releasePending: guard('releasePending'),
    pendingSince: guard('pendingSince'),
    createAgentToken: guard('createAgentToken'),
    findAgentToken: guard('findAgentToken'),
    revokeAgentToken: guard('revokeAgentToken'),
    setPresence: guard('setPresence'),
    listPresence: guard('listPresence'),
    setActiveSite: guard('setActiveSite'),
    activeSites: guard('activeSites'),
    markMonitored: guard('markMonitored'),
    monitoredAt: guard('monitoredAt'),
    close: guard('close'),
  };
}

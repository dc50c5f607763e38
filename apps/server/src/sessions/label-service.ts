import type { Author, LabelChange, Result, SessionSummary } from '@parley/protocol';
import type { SessionStore } from '../store/session-store.js';
import type { Publisher } from './publisher.js';

/** A change of a session's labels, for the `session.labeled` webhook. */
export interface LabeledEvent {
  siteKey: string;
  sessionId: string;
  visitorId: string;
  correlationId?: string | undefined;
  labels: string[];
  added: string[];
  removed: string[];
  by: Author;
  at: number;
}

export interface LabelServiceDeps {
  store: SessionStore;
  publish: Publisher;
  clock: () => number;
  /** Told of every change that changed something (the `session.labeled` webhook); failing, logged. */
  onLabeled?(event: LabeledEvent): Promise<void>;
  logError(error: unknown, sessionId: string): void;
}

/**
 * Labels on sessions (issue 15), for agents, bots and the REST API alike: each caller authorises
 * first (an agent who may read the session, the bot that has it, a key of its site), then this
 * stores the change, tells the session's bot or agent (`session.updated`) and the webhooks.
 */
export function createLabelService({ store, publish, clock, onLabeled, logError }: LabelServiceDeps) {
  return {
    async label(
      session: SessionSummary,
      change: LabelChange,
      by: Author,
    ): Promise<Result<{ labels: string[] }>> {
      const at = clock();
      const changed = await store.labelSession(session.id, change, at);
      if (!changed.ok) return changed;
      const before = new Set(session.labels ?? []);
      const labels = changed.value.labels ?? [];
      const after = new Set(labels);
      const added = labels.filter((label) => !before.has(label));
      const removed = [...before].filter((label) => !after.has(label));
      if (added.length + removed.length > 0) {
        publish.updated(changed.value);
        void onLabeled?.({
          siteKey: session.siteKey,
          sessionId: session.id,
          visitorId: session.visitorId,
          correlationId: session.correlationId,
          labels,
          added,
          removed,
          by,
          at,
        }).catch((error: unknown) => logError(error, session.id));
      }
      return { ok: true, value: { labels } };
    },
  };
}

export type LabelService = ReturnType<typeof createLabelService>;

/**
 * A summary as its visitor may see it: labels and an offline message's state are the team's
 * (issue 15), never shown to visitors.
 */
export function withoutLabels(session: SessionSummary): SessionSummary {
  if (!session.labels && !session.offline) return session;
  const { labels: _labels, offline: _offline, ...rest } = session;
  return rest;
}

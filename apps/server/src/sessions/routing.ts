import {
  type Author,
  fail,
  type Handler,
  LIMITS,
  type Result,
  type RouteOutcome,
  type RouteTarget,
  type SessionSummary,
} from '@parley/protocol';
import type { ParleyConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import type { Publisher } from './publisher.js';

export interface RouterDeps {
  config: ParleyConfig;
  store: SessionStore;
  publish: Publisher;
  clock: () => number;
}

/**
 * Routing (DESIGN.md "Routing"): a queue with a bot hands the session to that bot; a human queue,
 * team, agent or skill set needs a ready agent, and with nobody eligible the session goes to
 * `offline`, so the visitor can leave a message instead of waiting forever. Human agents arrive
 * with the humans issue; until then every human route ends `offline`.
 */
export function createRouter({ config, store, publish, clock }: RouterDeps) {
  return async function route(
    session: SessionSummary,
    target: RouteTarget,
    by: Author | undefined,
    reason = 'route',
  ): Promise<Result<{ route: RouteOutcome; seq: number }>> {
    const site = config.sites.find((s) => s.key === session.siteKey);
    const queueId = target.queue ?? site?.defaultQueue;
    const queue = queueId === undefined ? undefined : config.queues.find((q) => q.id === queueId);
    if (queueId !== undefined && !queue) return fail('not_found', `No queue ${queueId}`);

    const botId = queue?.bot;
    const handler: Handler | null = botId
      ? { kind: 'bot', id: botId }
      : queue
        ? { kind: 'queue', id: queue.id }
        : null;
    const changed = await store.changeStatus({
      sessionId: session.id,
      to: botId ? 'bot' : 'offline',
      reason,
      handler,
      ...(by ? { by } : {}),
      now: clock(),
    });
    if (!changed.ok) return changed;
    const { event } = changed.value;
    let moved = changed.value.session;
    if (target.params) {
      const withParams = await store.setData(session.id, target.params, clock());
      if (withParams.ok) moved = withParams.value;
    }
    publish.event(moved, event, session.handler);
    if (botId) {
      publish.created({ session: moved, events: await store.eventsSince(moved.id, 0, LIMITS.syncEvents) });
      return { ok: true, value: { route: { outcome: 'bot', bot: botId }, seq: event.seq } };
    }
    return { ok: true, value: { route: { outcome: 'offline', queue: queue?.id ?? null }, seq: event.seq } };
  };
}

export type Router = ReturnType<typeof createRouter>;

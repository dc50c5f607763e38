import {
  type Author,
  fail,
  type Handler,
  type Result,
  type RouteOutcome,
  type RouteTarget,
  type Routing,
  type SessionSummary,
  type Written,
  writeAck,
} from '@parley/protocol';
import type { ParleyConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import type { Assigner } from './assignment.js';
import { isWithinBusinessHours } from './business-hours.js';
import { announceHandOver } from './hand-over.js';
import type { Publisher } from './publisher.js';

export interface RouterDeps {
  config: ParleyConfig;
  store: SessionStore;
  publish: Publisher;
  assigner: Assigner;
  clock: () => number;
}

export interface RouteOptions {
  /** Refuse (`conflict`) rather than send the session to `offline` when nobody can take it. */
  refuseOffline?: boolean;
  /** The socket that asked: it gets the change in its ack (`event`), never as `session.event`. */
  sender?: string | undefined;
}

/**
 * Routing (DESIGN.md "Routing", issue 4): a queue with a bot hands the session to that bot; a
 * human queue, narrowed by team, agent or skills, queues the session for a matching agent and
 * offers it at once. Outside business hours, or with no matching agent online (ready or not
 * ready), the session goes to `offline`, so the visitor can leave a message instead of waiting
 * forever.
 */
export function createRouter({ config, store, publish, assigner, clock }: RouterDeps) {
  return async function route(
    session: SessionSummary,
    target: RouteTarget,
    by: Author | undefined,
    reason = 'route',
    options: RouteOptions = {},
  ): Promise<Result<{ route: RouteOutcome } & Written>> {
    const site = config.sites.find((s) => s.key === session.siteKey);
    const queueId = target.queue ?? site?.defaultQueue;
    const queue = queueId === undefined ? undefined : config.queues.find((q) => q.id === queueId);
    if (queueId !== undefined && !queue) return fail('not_found', `No queue ${queueId}`);
    if (target.agent !== undefined && !config.agents.some((a) => a.id === target.agent)) {
      return fail('not_found', `No agent ${target.agent}`);
    }
    const now = clock();

    const move = async (
      to: 'bot' | 'queued' | 'offline',
      why: string,
      handler: Handler | null,
      routing?: Routing,
    ) => {
      const changed = await store.changeStatus({
        sessionId: session.id,
        to,
        reason: why,
        handler,
        ...(routing ? { routing } : {}),
        ...(by ? { by } : {}),
        now,
      });
      if (!changed.ok) return changed;
      let moved = changed.value.session;
      if (target.params) {
        const withParams = await store.setData(session.id, target.params, clock());
        if (withParams.ok) moved = withParams.value;
      }
      const { event } = changed.value;
      publish.event(moved, event, { previous: session.handler, sender: options.sender });
      return { ok: true as const, value: { session: moved, ...writeAck(event) } };
    };

    if (queue?.bot) {
      const moved = await move('bot', reason, { kind: 'bot', id: queue.bot });
      if (!moved.ok) return moved;
      await announceHandOver(store, publish, moved.value.session);
      const { seq, event } = moved.value;
      return { ok: true, value: { route: { outcome: 'bot', bot: queue.bot }, seq, event } };
    }

    const routing: Routing | undefined = queue && {
      queue: queue.id,
      ...(target.team ? { team: target.team } : {}),
      ...(target.agent ? { agent: target.agent } : {}),
      ...(target.skills ? { skills: target.skills } : {}),
      since: now,
    };
    const unavailable = !routing
      ? 'no-queue'
      : !isWithinBusinessHours(site?.businessHours, now)
        ? 'closed-hours'
        : !(await assigner.anyoneOnline(routing, session.siteKey))
          ? 'no-agent'
          : undefined;
    if (unavailable) {
      if (options.refuseOffline) {
        return fail(
          'conflict',
          unavailable === 'closed-hours'
            ? 'That queue is outside its business hours'
            : 'Nobody who could take it is online',
        );
      }
      const handler: Handler | null = queue ? { kind: 'queue', id: queue.id } : null;
      const moved = await move('offline', unavailable, handler, routing);
      if (!moved.ok) return moved;
      const { seq, event } = moved.value;
      return { ok: true, value: { route: { outcome: 'offline', queue: queue?.id ?? null }, seq, event } };
    }

    // `routing` is set here: without a queue the session went offline above.
    const inQueue = routing as Routing;
    const moved = await move('queued', reason, { kind: 'queue', id: inQueue.queue }, inQueue);
    if (!moved.ok) return moved;
    const offered = await assigner.offerNew(moved.value.session);
    const route: RouteOutcome =
      'agent' in offered
        ? { outcome: 'assigned', queue: inQueue.queue, agent: offered.agent }
        : { outcome: 'queued', queue: inQueue.queue, position: offered.position };
    return { ok: true, value: { route, seq: moved.value.seq, event: moved.value.event } };
  };
}

export type Router = ReturnType<typeof createRouter>;

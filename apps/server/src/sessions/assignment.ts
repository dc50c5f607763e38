import {
  canTake,
  type Handler,
  type QueueEntry,
  type Result,
  type Routing,
  type SessionSummary,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { activeSiteOf, mayRead, onActiveSite, traitsOn, worksOn } from '../agents/agent-access.js';
import { agentAuthor } from '../agents/agent-profile.js';
import type { ParleyConfig } from '../config/config-schema.js';
import type { AssignCandidate, AssignedSession, SessionStore } from '../store/session-store.js';
import { announceHandOver } from './hand-over.js';
import type { Publisher } from './publisher.js';
import { estimateWaitSeconds } from './wait-estimate.js';

export interface AssignerDeps {
  config: ParleyConfig;
  store: SessionStore;
  publish: Publisher;
  clock: () => number;
  logger: Logger;
}

/** How long queue changes gather before every desk and queued visitor hears the new order. */
const ANNOUNCE_DELAY_MS = 50;

/**
 * Assignment of queued sessions to agents (issue 4, "Routing"). The store decides each
 * assignment atomically (longest-idle matching agent who is ready and under capacity), so any
 * number of processes may offer the same sessions at once; this module decides when to offer:
 * when a session is queued, when an agent becomes ready or frees capacity, and on every sweep.
 */
export function createAssigner({ config, store, publish, clock, logger }: AssignerDeps) {
  const humanQueues = config.queues.filter((q) => !q.bot);

  /**
   * The agents who match what a session was routed to (presence and capacity aside), with their
   * teams and skills on its site, among those who work on its site (issue 15) when it is given;
   * with `actives` (the store's active sites), only those whose active site it is (item 4).
   */
  const candidatesFor = (
    routing: Omit<Routing, 'since'> | undefined,
    siteKey?: string,
    actives?: Readonly<Record<string, string>>,
  ): AssignCandidate[] =>
    routing
      ? config.agents
          .filter((agent) =>
            siteKey === undefined
              ? canTake(agent, routing)
              : worksOn(agent, siteKey) &&
                canTake(traitsOn(agent, siteKey), routing) &&
                (actives === undefined || onActiveSite(activeSiteOf(agent, actives), siteKey)),
          )
          .map((agent) => ({ agentId: agent.id, capacity: agent.capacity, author: agentAuthor(agent) }))
      : [];

  /**
   * Whether a matching agent is online (ready, or not ready but signed in). Whatever their active
   * site (issue 15, item 4): an agent busy on another site may switch back, so the chat waits.
   */
  const anyoneOnline = async (routing: Omit<Routing, 'since'>, siteKey?: string): Promise<boolean> => {
    const online = new Set(
      (await store.listPresence()).filter((p) => p.status !== 'offline').map((p) => p.agentId),
    );
    return candidatesFor(routing, siteKey).some((c) => online.has(c.agentId));
  };

  /**
   * A queue's waiting sessions, in order. Its handler set also holds the sessions that went
   * offline from it (they keep the queue as handler until they close): those are not in line.
   */
  const line = async (queueId: string): Promise<SessionSummary[]> =>
    (await store.handlerSessions({ kind: 'queue', id: queueId })).filter((s) => s.status === 'queued');

  /** Every human queue's waiting sessions, in queue order. */
  const waiting = (): Promise<SessionSummary[][]> => Promise.all(humanQueues.map((queue) => line(queue.id)));

  let announceTimer: ReturnType<typeof setTimeout> | undefined;

  /** Sends every desk the queue and every queued visitor their place and estimated wait. */
  const announce = async (): Promise<void> => {
    const queues = await waiting();
    const actives = await store.activeSites();
    const entries: QueueEntry[] = [];
    await Promise.all(
      humanQueues.map(async (queue, i) => {
        const sessions = queues[i] ?? [];
        if (sessions.length === 0) return;
        const waits = await store.recentWaits(queue.id);
        sessions.forEach((session, index) => {
          const position = index + 1;
          entries.push({ session, position });
          publish.queueNotice(session.visitorId, {
            sessionId: session.id,
            position,
            etaSeconds: estimateWaitSeconds(waits, position),
          });
        });
      }),
    );
    for (const agent of config.agents) {
      const active = activeSiteOf(agent, actives);
      publish.queue(
        agent.id,
        entries.filter(
          (entry) => mayRead(agent, entry.session) && onActiveSite(active, entry.session.siteKey),
        ),
      );
    }
  };

  /** Announces the queue shortly, once for any number of changes meanwhile. */
  const queueChanged = (): void => {
    if (announceTimer) return;
    announceTimer = setTimeout(() => {
      announceTimer = undefined;
      announce().catch((error: unknown) => logger.error({ err: error }, 'cannot announce the queue'));
    }, ANNOUNCE_DELAY_MS);
    announceTimer.unref();
  };

  /** Tells the visitor and the agent; the agent gets the whole log in `session.created`. */
  const assigned = async ({ session, event, agentId }: AssignedSession): Promise<void> => {
    publish.toVisitor(session, event);
    await announceHandOver(store, publish, session);
    logger.info({ sessionId: session.id, agent: agentId, queue: session.routing?.queue }, 'session assigned');
    queueChanged();
  };

  const assign = async (
    session: SessionSummary,
    candidates: AssignCandidate[],
    options: { requireReady: boolean; reason: string },
  ): Promise<Result<AssignedSession>> => {
    const result = await store.assignSession({
      sessionId: session.id,
      queueId: session.routing?.queue ?? '',
      candidates,
      ...options,
      now: clock(),
    });
    if (result.ok) await assigned(result.value);
    return result;
  };

  let draining: Promise<void> | undefined;
  let drainAgain = false;

  /**
   * Offers every queued session, oldest first, to its matching ready agents. One run at a time
   * per process; a call during a run makes it run once more (something changed meanwhile).
   */
  const drain = (): Promise<void> => {
    if (draining) {
      drainAgain = true;
      return draining;
    }
    draining = (async () => {
      do {
        drainAgain = false;
        const ready = new Set(
          (await store.listPresence()).filter((p) => p.status === 'ready').map((p) => p.agentId),
        );
        const actives = await store.activeSites();
        // Agents found full (or no longer ready) in this run are not asked again in it.
        const exhausted = new Set<string>();
        const sessions = (await waiting())
          .flat()
          .sort((a, b) => (a.routing?.since ?? 0) - (b.routing?.since ?? 0));
        for (const session of sessions) {
          const candidates = candidatesFor(session.routing, session.siteKey, actives).filter(
            (c) => ready.has(c.agentId) && !exhausted.has(c.agentId),
          );
          if (candidates.length === 0) continue;
          const result = await assign(session, candidates, { requireReady: true, reason: 'assign' });
          if (!result.ok && result.error.code === 'conflict') {
            for (const c of candidates) exhausted.add(c.agentId);
          }
        }
      } while (drainAgain);
    })().finally(() => {
      draining = undefined;
    });
    return draining;
  };

  /** Drains in the background (an agent became ready or freed capacity), logging failures. */
  const offerQueued = (): void => {
    drain().catch((error: unknown) => logger.error({ err: error }, 'cannot offer queued sessions'));
  };

  return {
    candidatesFor,
    anyoneOnline,
    queueChanged,
    offerQueued,
    drain,

    /**
     * Offers a session just queued to its matching agents, unless older sessions wait in its
     * queue (they go first: the next drain serves the queue in order). Resolves with the agent
     * who has it now, or else its place in line (1 is next).
     */
    async offerNew(session: SessionSummary): Promise<{ agent: string } | { position: number }> {
      queueChanged();
      const index = (await line(session.routing?.queue ?? '')).findIndex((s) => s.id === session.id);
      if (index > 0) {
        offerQueued();
        return { position: index + 1 };
      }
      if (index === 0) {
        const actives = await store.activeSites();
        const result = await assign(session, candidatesFor(session.routing, session.siteKey, actives), {
          requireReady: true,
          reason: 'assign',
        });
        if (result.ok) return { agent: result.value.agentId };
      }
      // Not in line any more, or the assignment refused: nobody is free now, or a drain (an agent
      // just became ready, here or in another process) gave it to an agent meanwhile. Then the
      // session is that agent's, not first in line.
      const now = await store.getSession(session.id);
      if (now?.status === 'assigned' && now.handler?.kind === 'agent') return { agent: now.handler.id };
      if (index < 0) offerQueued();
      return { position: 1 };
    },

    /** An agent takes a queued session by hand (ready or not), within their capacity. */
    accept(session: SessionSummary, candidate: AssignCandidate) {
      return assign(session, [candidate], { requireReady: false, reason: 'accept' });
    },

    /** Every queued session, each queue in order, as desks list them. */
    async entries(): Promise<QueueEntry[]> {
      return (await waiting()).flatMap((sessions) =>
        sessions.map((session, index) => ({ session, position: index + 1 })),
      );
    },

    /**
     * The sweep: a session waiting past its queue's timeout, or for whom no matching agent is
     * online any more, goes to the offline form; then the rest are offered again and the queue
     * announced (which also heals a notice lost between processes).
     */
    async sweep(): Promise<void> {
      const now = clock();
      const queues = await waiting();
      const online = new Set(
        (await store.listPresence()).filter((p) => p.status !== 'offline').map((p) => p.agentId),
      );
      for (const [i, queue] of humanQueues.entries()) {
        for (const session of queues[i] ?? []) {
          const timedOut = now - (session.routing?.since ?? now) >= queue.timeoutSeconds * 1000;
          const nobody = !candidatesFor(session.routing, session.siteKey).some((c) => online.has(c.agentId));
          if (!timedOut && !nobody) continue;
          const previous: Handler | null = session.handler;
          const changed = await store.changeStatus({
            sessionId: session.id,
            to: 'offline',
            reason: timedOut ? 'queue-timeout' : 'no-agent',
            now,
          });
          if (changed.ok) publish.event(changed.value.session, changed.value.event, { previous });
        }
      }
      await drain();
      if (queues.some((sessions) => sessions.length > 0)) queueChanged();
    },

    stop(): void {
      clearTimeout(announceTimer);
      announceTimer = undefined;
    },
  };
}

export type Assigner = ReturnType<typeof createAssigner>;

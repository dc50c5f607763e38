import type { Presence } from '@parley/protocol';
import type { Logger } from 'pino';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { AgentNamespace } from '../realtime/namespaces.js';
import { rooms } from '../realtime/rooms.js';
import type { SessionStore } from '../store/session-store.js';
import { shareSite, sitesOf } from './agent-access.js';

export interface PresenceServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  agentNamespace: AgentNamespace;
  clock: () => number;
  logger: Logger;
  /** Presence changed (routing offers queued chats to a ready agent, requeues an offline one's). */
  onChange?: (agent: AgentConfig, presence: Presence) => void;
}

/** The reason an agent is not ready right after signing in, until they choose. */
export const SIGNED_IN = 'signed-in';

/**
 * Agent presence (issue 4): `ready`, `notready` with a reason, `offline`. Stored, so routing and
 * every process read one truth; broadcast, so every desk shows colleagues live. An agent whose
 * last connection (in any process) dropped goes offline only after the grace period, so a
 * reload never drops their chats.
 */
export function createPresenceService({
  config,
  store,
  agentNamespace,
  clock,
  logger,
  onChange,
}: PresenceServiceDeps) {
  const pendingOffline = new Map<string, ReturnType<typeof setTimeout>>();

  const current = async (agentId: string): Promise<Presence> =>
    (await store.listPresence()).find((p) => p.agentId === agentId) ?? {
      agentId,
      status: 'offline',
      since: 0,
    };

  const set = async (agent: AgentConfig, status: Presence['status'], reason?: string): Promise<Presence> => {
    const presence: Presence = { agentId: agent.id, status, ...(reason ? { reason } : {}), since: clock() };
    await store.setPresence(presence);
    // Only to the desks of the agent's sites (issue 15): nothing of a site reaches another's agents.
    agentNamespace.to(sitesOf(agent, config).map(rooms.site)).emit('presence', presence);
    logger.info({ agent: agent.id, status, reason }, 'agent presence');
    onChange?.(agent, presence);
    return presence;
  };

  return {
    set,
    current,

    /**
     * Everyone's presence, agents never seen counted as offline; with `viewer`, only the agents
     * who share a site with them.
     */
    async list(viewer?: AgentConfig): Promise<Presence[]> {
      const stored = new Map((await store.listPresence()).map((p) => [p.agentId, p]));
      return config.agents
        .filter((a) => viewer === undefined || shareSite(viewer, a, config))
        .map((a) => stored.get(a.id) ?? { agentId: a.id, status: 'offline', since: 0 });
    },

    /** A connection opened: cancels a pending offline; a signed-out agent becomes not ready. */
    async connected(agent: AgentConfig): Promise<Presence> {
      clearTimeout(pendingOffline.get(agent.id));
      pendingOffline.delete(agent.id);
      const presence = await current(agent.id);
      return presence.status === 'offline' ? set(agent, 'notready', SIGNED_IN) : presence;
    },

    /** A connection closed: offline after the grace period, unless the agent is back by then. */
    disconnected(agent: AgentConfig): void {
      clearTimeout(pendingOffline.get(agent.id));
      const timer = setTimeout(async () => {
        pendingOffline.delete(agent.id);
        try {
          const sockets = await agentNamespace.in(rooms.agent(agent.id)).fetchSockets();
          if (sockets.length === 0) await set(agent, 'offline');
        } catch (error) {
          logger.error({ err: error, agent: agent.id }, 'cannot settle presence after a disconnect');
        }
      }, config.agentSettings.graceSeconds * 1000);
      timer.unref();
      pendingOffline.set(agent.id, timer);
    },

    /** Stops pending timers (server shutdown). */
    stop(): void {
      for (const timer of pendingOffline.values()) clearTimeout(timer);
      pendingOffline.clear();
    },
  };
}

export type PresenceService = ReturnType<typeof createPresenceService>;

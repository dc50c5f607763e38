import { fail, type OfflineState, type OfflineUpdateInput, type Result } from '@parley/protocol';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { Publisher } from '../sessions/publisher.js';
import type { SessionStore } from '../store/session-store.js';
import { mayRead } from './agent-access.js';

/** How far back the offline messages an agent may change go: the desk's list. */
const OFFLINE_LIST = 100;

export interface OfflineServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  publish: Publisher;
  clock: () => number;
}

/**
 * Offline messages as a team works them (issue 15): assigned to an agent and marked done, by any
 * agent who may read the message; every desk that lists it hears the entry as it is now.
 */
export function createOfflineService({ config, store, publish, clock }: OfflineServiceDeps) {
  return {
    async update(agent: AgentConfig, input: OfflineUpdateInput): Promise<Result<{ offline: OfflineState }>> {
      const entry = (await store.offlineMessages(OFFLINE_LIST)).find((e) => e.session.id === input.sessionId);
      if (!entry) return fail('not_found', `No offline message on session ${input.sessionId}`);
      if (!mayRead(agent, entry.session)) return fail('forbidden', 'That message is not for your teams');
      if (typeof input.assignee === 'string') {
        const assignee = config.agents.find((a) => a.id === input.assignee);
        if (!assignee || !mayRead(assignee, entry.session)) {
          return fail('invalid_payload', `${input.assignee} is no agent who may read this message`);
        }
      }
      const changed = await store.setOfflineState(
        input.sessionId,
        {
          ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
          ...(input.done !== undefined ? { done: input.done ? { by: agent.id } : null } : {}),
        },
        clock(),
      );
      if (!changed.ok) return changed;
      const session = changed.value;
      for (const colleague of config.agents) {
        if (mayRead(colleague, session)) publish.offlineUpdated(colleague.id, { session, form: entry.form });
      }
      return { ok: true, value: { offline: session.offline ?? {} } };
    },
  };
}

export type OfflineService = ReturnType<typeof createOfflineService>;

import { fail, type Result } from '@parley/protocol';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { Assigner } from '../sessions/assignment.js';
import type { SessionStore } from '../store/session-store.js';
import { activeSiteOf, worksOn } from './agent-access.js';

export interface ActiveSiteServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  assigner: Pick<Assigner, 'queueChanged' | 'offerQueued'>;
}

/**
 * The site an agent works on right now (issue 15, item 4): one of their sites, or all of them
 * (the default). Kept in the store beside presence, so routing in every process offers a ready
 * agent only the chats of their active site, and their desk lists only its queue. Switching
 * never takes a chat away: those assigned stay, whatever their site.
 */
export function createActiveSiteService({ config, store, assigner }: ActiveSiteServiceDeps) {
  return {
    /**
     * The agent's active site, or undefined for all of theirs.
     * @example await activeSites.of(bob) // 'north'
     */
    async of(agent: AgentConfig): Promise<string | undefined> {
      return activeSiteOf(agent, await store.activeSites());
    },

    /**
     * Sets the agent's active site (null: all of theirs). `forbidden` for a site that is not
     * theirs (nor configured), and nothing changes. The desk then hears the queue of the new
     * site, and routing offers them that site's waiting chats.
     * @example await activeSites.switch(bob, 'north') // { ok: true, value: { activeSite: 'north' } }
     */
    async switch(agent: AgentConfig, siteKey: string | null): Promise<Result<{ activeSite: string | null }>> {
      if (
        siteKey !== null &&
        !(config.sites.some((site) => site.key === siteKey) && worksOn(agent, siteKey))
      ) {
        return fail('forbidden', `You do not work on site ${siteKey}`);
      }
      await store.setActiveSite(agent.id, siteKey);
      assigner.queueChanged();
      assigner.offerQueued();
      return { ok: true, value: { activeSite: siteKey } };
    },
  };
}

export type ActiveSiteService = ReturnType<typeof createActiveSiteService>;

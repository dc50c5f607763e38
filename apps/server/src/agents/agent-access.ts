import type { AgentTraits, SessionSummary } from '@parley/protocol';
import type { AgentConfig } from '../config/config-schema.js';

/** Whether the session is assigned to this agent right now (or was, when it closed with them). */
export function isAgentsOwn(agent: AgentConfig, session: SessionSummary): boolean {
  return session.handler?.kind === 'agent' && session.handler.id === agent.id;
}

/** The keys of the sites the agent's config lists; unset, every site. */
export function listedSites(agent: AgentConfig): string[] | undefined {
  return agent.sites?.map((site) => (typeof site === 'string' ? site : site.key));
}

/** Whether the agent works on this site (an agent with no `sites` works on every site). */
export function worksOn(agent: AgentConfig, siteKey: string): boolean {
  return (
    agent.sites === undefined ||
    agent.sites.some((site) => site === siteKey || (typeof site !== 'string' && site.key === siteKey))
  );
}

/**
 * The agent's teams and skills on a site (issue 15, item 4): its `sites` entry's when that gives
 * them, else the agent's top-level ones. Every check of a session's team or skills goes through
 * here, with the session's site.
 * @example traitsOn({ id: 'bob', teams: ['support'], skills: [], sites: [{ key: 'north', teams: ['billing'] }] }, 'north').teams // ['billing']
 */
export function traitsOn(agent: AgentConfig, siteKey: string): AgentTraits {
  const entry = agent.sites?.find((site) => typeof site !== 'string' && site.key === siteKey);
  const own = typeof entry === 'object' ? entry : undefined;
  return { id: agent.id, teams: own?.teams ?? agent.teams, skills: own?.skills ?? agent.skills };
}

/**
 * Whether the agent's active site (issue 15, item 4; `undefined`: all of their sites) lets
 * routing offer them a session of this site and their desk list it as waiting.
 */
export function onActiveSite(activeSite: string | undefined, siteKey: string): boolean {
  return activeSite === undefined || activeSite === siteKey;
}

/**
 * The agent's active site among the store's (`SessionStore.activeSites`), or undefined (all of
 * theirs); one no longer theirs (the config changed since) counts as none.
 */
export function activeSiteOf(
  agent: AgentConfig,
  actives: Readonly<Record<string, string>>,
): string | undefined {
  const siteKey = actives[agent.id];
  return siteKey !== undefined && worksOn(agent, siteKey) ? siteKey : undefined;
}

/** The keys of the sites the agent works on. */
export function sitesOf(agent: AgentConfig, config: { sites: ReadonlyArray<{ key: string }> }): string[] {
  return config.sites.filter((site) => worksOn(agent, site.key)).map((site) => site.key);
}

/** Whether two agents share a site: only then does either see the other (presence, directory). */
export function shareSite(
  a: AgentConfig,
  b: AgentConfig,
  config: { sites: ReadonlyArray<{ key: string }> },
): boolean {
  return config.sites.some((site) => worksOn(a, site.key) && worksOn(b, site.key));
}

/** Supervisors and admins: the team view, monitoring, whispers, take-over (issue 15). */
export function supervises(agent: AgentConfig): boolean {
  return agent.role === 'supervisor' || agent.role === 'admin';
}

/**
 * What an agent may read (DESIGN.md "Security model"): their own chats, and sessions routed to
 * humans, except those asked of a team the agent is not in. A session that never reached humans
 * (still with its bot) is not theirs to read; one that went to the offline form with no queue
 * at all is everyone's.
 */
export function mayRead(agent: AgentConfig, session: SessionSummary): boolean {
  if (isAgentsOwn(agent, session)) return true;
  // Nothing of a site the agent does not work on (issue 15).
  if (!worksOn(agent, session.siteKey)) return false;
  if (!session.routing) return session.handler === null && session.status !== 'bot';
  return (
    session.routing.team === undefined ||
    traitsOn(agent, session.siteKey).teams.includes(session.routing.team)
  );
}

import type { SessionSummary } from '@parley/protocol';
import type { AgentConfig } from '../config/config-schema.js';

/** Whether the session is assigned to this agent right now (or was, when it closed with them). */
export function isAgentsOwn(agent: AgentConfig, session: SessionSummary): boolean {
  return session.handler?.kind === 'agent' && session.handler.id === agent.id;
}

/** Whether the agent works on this site (an agent with no `sites` works on every site). */
export function worksOn(agent: AgentConfig, siteKey: string): boolean {
  return agent.sites === undefined || agent.sites.includes(siteKey);
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
  return session.routing.team === undefined || agent.teams.includes(session.routing.team);
}

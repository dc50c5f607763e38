import type { Routing } from './schemas.js';

/** What decides whether an agent may take a session: who they are, their teams and skills. */
export interface AgentTraits {
  id: string;
  teams: readonly string[];
  skills: readonly string[];
}

/**
 * Whether an agent matches what a session was routed to: the named agent, the team, and every
 * one of the skills (each only when asked for). Presence and capacity are checked apart, at the
 * moment of assignment. Server routing and the desk share this one rule.
 * @example canTake({ id: 'bob', teams: ['billing'], skills: ['en'] }, { queue: 'support', team: 'billing', since: 0 }) // true
 */
export function canTake(agent: AgentTraits, routing: Omit<Routing, 'since'>): boolean {
  if (routing.agent !== undefined && routing.agent !== agent.id) return false;
  if (routing.team !== undefined && !agent.teams.includes(routing.team)) return false;
  return (routing.skills ?? []).every((skill) => agent.skills.includes(skill));
}

import type { AgentProfile, Author } from '@parley/protocol';
import type { AgentConfig } from '../config/config-schema.js';
import { listedSites } from './agent-access.js';

/** What the desk may know of an agent: everything in the config but the password hash. */
export function agentProfile(agent: AgentConfig): AgentProfile {
  const { id, name, displayName, email, teams, skills, capacity, role } = agent;
  const sites = listedSites(agent);
  return {
    id,
    name,
    ...(displayName ? { displayName } : {}),
    email,
    teams,
    skills,
    capacity,
    role,
    ...(sites ? { sites } : {}),
  };
}

/**
 * The agent as the session log names them (messages, status changes): as visitors see them, by
 * their display name and avatar when the config gives them (issue 15).
 */
export function agentAuthor({ id, name, displayName, avatarUrl }: AgentConfig): Author {
  return { role: 'agent', id, name: displayName ?? name, ...(avatarUrl ? { avatar: avatarUrl } : {}) };
}

import type { AgentProfile, Author } from '@parley/protocol';
import type { AgentConfig } from '../config/config-schema.js';

/** What the desk may know of an agent: everything in the config but the password hash. */
export function agentProfile({
  id,
  name,
  email,
  teams,
  skills,
  capacity,
  role,
  sites,
}: AgentConfig): AgentProfile {
  return { id, name, email, teams, skills, capacity, role, ...(sites ? { sites } : {}) };
}

/** The agent as the session log names them (messages, status changes). */
export function agentAuthor({ id, name }: AgentConfig): Author {
  return { role: 'agent', id, name };
}

import type { AgentProfile } from '@parley/protocol';
import type { AgentConfig } from '../config/config-schema.js';

/** What the desk may know of an agent: everything in the config but the password hash. */
export function agentProfile({ id, name, email, teams, skills, capacity }: AgentConfig): AgentProfile {
  return { id, name, email, teams, skills, capacity };
}

import type { AgentProfile, Presence, PresenceSetInput } from './agent-schemas.js';
import type { Ack } from './errors.js';

/** Events the desk sends on the `/agent` namespace. */
export interface AgentClientEvents {
  /** Ready, or not ready with a reason from `reasons`; acked with the presence now in force. */
  'presence.set': (payload: PresenceSetInput, ack: Ack<{ presence: Presence }>) => void;
  /** Every agent's presence, and the not-ready reasons an agent may give. */
  'presence.list': (
    payload: Record<string, never>,
    ack: Ack<{ agents: Presence[]; reasons: string[] }>,
  ) => void;
}

/** Events the server sends on the `/agent` namespace. */
export interface AgentServerEvents {
  /** Sent on connect: who this agent is and their presence. */
  welcome: (payload: { agent: AgentProfile; presence: Presence; reasons: string[] }) => void;
  /** An agent's presence changed (theirs or a colleague's). */
  presence: (presence: Presence) => void;
}

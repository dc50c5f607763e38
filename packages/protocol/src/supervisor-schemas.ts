/**
 * The supervisor's side of `/agent` (issue 15, item 3): the team view, silent monitoring,
 * whispers, take-over, reassignment and presence set for another agent. Supervisors and admins
 * only; the server refuses every one of these to a plain agent with `forbidden`.
 */
import * as v from 'valibot';
import type { Presence } from './agent-schemas.js';
import { LIMITS } from './limits.js';
import { type Author, ClientIdSchema, MessageTextSchema, type SessionSummary } from './schemas.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));

/** A supervisor sets a colleague's presence: ready, or not ready with a reason from the list. */
export const PresenceAssignSchema = v.variant('status', [
  v.strictObject({ agentId: id, status: v.literal('ready') }),
  v.strictObject({
    agentId: id,
    status: v.literal('notready'),
    reason: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  }),
  v.strictObject({ agentId: id, status: v.literal('offline') }),
]);

/**
 * A whisper: a note to the agent of a chat that only agents and supervisors see, never the
 * visitor or the bot (`visibility: 'agents'`).
 */
export const WhisperSchema = v.strictObject({
  sessionId: id,
  clientId: ClientIdSchema,
  text: MessageTextSchema,
});

/** Gives an assigned chat to another agent. */
export const ReassignSchema = v.strictObject({ sessionId: id, agent: id });

export type PresenceAssignInput = v.InferInput<typeof PresenceAssignSchema>;
export type WhisperInput = v.InferInput<typeof WhisperSchema>;
export type ReassignInput = v.InferInput<typeof ReassignSchema>;

/**
 * A private note on a conversation. Sent on `/agent` only (event `note`), never in the session
 * log, so the visitor's and the bot's namespaces have nothing to forward.
 */
export interface AgentNote {
  sessionId: string;
  clientId: string;
  author: Author;
  text: string;
  at: number;
  /** Who may see it: agents and supervisors, never the visitor or the bot. */
  visibility: 'agents';
  /** The agent it is whispered to: the chat's agent when it was written. */
  to?: string;
}

/** One agent as the team view shows them: presence, load and current chats. */
export interface TeamMember {
  id: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
  sites: string[];
  capacity: number;
  presence: Presence;
  /** The ids of the live chats assigned to them (their load is its length). */
  chats: string[];
}

/** Everything live on a supervisor's sites. */
export interface TeamView {
  agents: TeamMember[];
  /** Every live session of the sites: with a bot, queued, or assigned. */
  sessions: SessionSummary[];
  /** The sessions this supervisor monitors now. */
  monitoring: string[];
}

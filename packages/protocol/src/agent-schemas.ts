/**
 * The agent side of the wire: login, presence, and the `/agent` handshake. Routing, assignment
 * and the desk's conversation events build on these (issue 4).
 */

import * as v from 'valibot';
import { AttachmentIdSchema, hasContent, NO_CONTENT } from './attachment.js';
import type { FeedbackScale } from './bot-events.js';
import { LIMITS } from './limits.js';
import {
  ClientIdSchema,
  type FormEvent,
  MessageTextSchema,
  RouteTargetSchema,
  type SessionSummary,
} from './schemas.js';

export const AgentLoginSchema = v.strictObject({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('Give an email address'), v.maxLength(320)),
  password: v.pipe(v.string(), v.minLength(1, 'Give a password'), v.maxLength(200)),
});

export const AgentAuthSchema = v.strictObject({
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

export const PresenceStatusSchema = v.picklist(['ready', 'notready', 'offline']);

/** What an agent sets: ready, or not ready with a reason from the configured list. */
export const PresenceSetSchema = v.variant('status', [
  v.strictObject({ status: v.literal('ready') }),
  v.strictObject({
    status: v.literal('notready'),
    reason: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  }),
]);

/** An agent's presence as everyone (other agents, routing) sees it. */
export const PresenceSchema = v.strictObject({
  agentId: v.string(),
  status: PresenceStatusSchema,
  reason: v.optional(v.string()),
  /** Since when (ms epoch) the agent has been in this status. */
  since: v.number(),
});

export type AgentLoginInput = v.InferInput<typeof AgentLoginSchema>;
export type AgentAuth = v.InferInput<typeof AgentAuthSchema>;
export type PresenceStatus = v.InferOutput<typeof PresenceStatusSchema>;
export type PresenceSetInput = v.InferInput<typeof PresenceSetSchema>;

/**
 * Sets the agent's active site (issue 15, item 4): one of their sites' keys, or null for all of
 * them. Routing then offers them only that site's chats, and their queue lists only those.
 */
export const SiteSwitchSchema = v.strictObject({
  siteKey: v.nullable(v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Give a site key'))),
});

export type SiteSwitchInput = v.InferInput<typeof SiteSwitchSchema>;
export type Presence = v.InferOutput<typeof PresenceSchema>;

/** An agent as the desk shows it: who they are and what they can take. */
export interface AgentProfile {
  id: string;
  name: string;
  /** The name visitors see (issue 15), when it differs from `name`. */
  displayName?: string;
  email: string;
  teams: string[];
  skills: string[];
  capacity: number;
  /**
   * `admin`: reads every conversation, exports and erases visitors, reads the audit log.
   * `supervisor` (and `admin`): the team view, silent monitoring, whispers, take-over (issue 15).
   */
  role: 'agent' | 'supervisor' | 'admin';
  /** The sites the agent works on; unset, every site. */
  sites?: string[];
}

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));

/** An agent's message in a session assigned to them. */
export const AgentSendSchema = v.pipe(
  v.strictObject({
    sessionId: id,
    clientId: ClientIdSchema,
    text: v.optional(MessageTextSchema),
    /** A file the agent uploaded before (issue 14). */
    attachmentId: v.optional(AttachmentIdSchema),
  }),
  v.check((message) => hasContent(message), NO_CONTENT),
);

/** Sends a session elsewhere: another queue, a team, a colleague or a skill set (one at least). */
export const AgentTransferSchema = v.pipe(
  v.strictObject({
    sessionId: id,
    queue: RouteTargetSchema.entries.queue,
    team: RouteTargetSchema.entries.team,
    agent: RouteTargetSchema.entries.agent,
    skills: RouteTargetSchema.entries.skills,
  }),
  v.check(
    (t) => Boolean(t.queue || t.team || t.agent || t.skills),
    'Name a queue, team, agent or skills to transfer to',
  ),
);

export type AgentSendInput = v.InferInput<typeof AgentSendSchema>;
export type AgentTransferInput = v.InferInput<typeof AgentTransferSchema>;

/** A queued session as the desk lists it. */
export interface QueueEntry {
  session: SessionSummary;
  /** Place in its queue; 1 is next. */
  position: number;
}

/** A message left through the offline form, with the session it was left on. */
export interface OfflineEntry {
  session: SessionSummary;
  form: FormEvent;
}

/** Who and what a desk can transfer to. */
export interface Directory {
  /** `sites`: the sites the agent works on; unset, every site. */
  agents: Array<{ id: string; name: string; teams: string[]; skills: string[]; sites?: string[] }>;
  queues: Array<{ id: string; name: string; kind: 'bot' | 'human' }>;
  teams: string[];
  skills: string[];
  /**
   * The sites the desk serves, with the scale their visitors rate on (issue 15), and the agent's
   * own teams and skills on each (issue 15, item 4: they may differ from site to site).
   */
  sites?: Array<{
    key: string;
    feedbackScale: FeedbackScale;
    name?: string;
    teams?: string[];
    skills?: string[];
  }>;
}

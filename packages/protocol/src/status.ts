/**
 * The session status machine of DESIGN.md ("Sessions"), as data. Widget, bots, agents, webhooks
 * and both stores read this one table; nothing else decides what a legal transition is.
 *
 * ```
 *             +-> prechat --+
 * created ----+             +-> bot --route--> queued --assign--> assigned --close--> closed
 *             +-------------+      \              |   \               |                  ^
 *                                   \             |    +--no agent--> offline --submit---+
 *                                    +--route, no human available---> offline
 * queued/assigned --transfer--> queued ; bot/assigned --close--> closed ; any --timeout--> closed
 * ```
 */
export const SESSION_STATUSES = [
  'created',
  'prechat',
  'bot',
  'queued',
  'assigned',
  'offline',
  'closed',
] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * Every legal move, keyed by the status a session is in. Beyond the diagram: a site whose entry
 * point is a human queue goes straight from `created`/`prechat` to `queued` (or `offline` when
 * nobody can take it), an agent may hand a session back to a bot (`queued`/`assigned` ->
 * `bot`), a bot may route a session to another bot's queue (`bot` -> `bot`, a new handler), and
 * an assigned session whose agent went offline, with nobody else to take it, goes to `offline`
 * (`assigned` -> `offline`) so its visitor can leave a message, and a conversation an agent starts
 * (issue 15, item 5) is theirs from the start (`created` -> `assigned`). Any open session may close.
 */
export const TRANSITIONS: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  created: ['prechat', 'bot', 'queued', 'assigned', 'offline', 'closed'],
  prechat: ['bot', 'queued', 'offline', 'closed'],
  bot: ['bot', 'queued', 'offline', 'closed'],
  queued: ['assigned', 'queued', 'bot', 'offline', 'closed'],
  assigned: ['queued', 'bot', 'offline', 'closed'],
  offline: ['closed'],
  closed: [],
};

/**
 * Whether a session in `from` may move to `to`.
 * @example canTransition('bot', 'queued') // true
 * @example canTransition('closed', 'bot') // false: a closed session stays closed
 */
export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * The statuses from which `to` can be reached. Stores use it to check a transition atomically
 * (the Redis store hands this list to its Lua script).
 * @example sourcesOf('assigned') // ['created', 'queued']
 */
export function sourcesOf(to: SessionStatus): SessionStatus[] {
  return SESSION_STATUSES.filter((from) => canTransition(from, to));
}

/** A session is open until it is closed; only open sessions take new messages. */
export function isOpen(status: SessionStatus): boolean {
  return status !== 'closed';
}

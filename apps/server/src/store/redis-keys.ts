import type { Handler } from '@parley/protocol';

/**
 * Every Redis key the store uses, and nothing else names one (DESIGN.md, "Storage"). All keys
 * start with the prefix, so one deployment (or one test) can share a Redis with others and be
 * removed with `SCAN MATCH prefix*`.
 *
 * Lua scripts never build a key name. Where a script must reach a key it cannot be handed in
 * KEYS (the session a visitor's open pointer names, the handler set a session is in), the value
 * stored is the full key name, built here: `openPointer` holds a session key, a session hash
 * keeps its `handlerSet`, `openPointer`, `visitorSessions` and `visitorUser` key names, and a
 * `visitorUser` hash keeps its `userVisitor` key name.
 *
 * A visitor's keys (`visitorSessions`, and for a verified user `visitorUser` and `userVisitor`)
 * have no TTL while a session of theirs is open; closing their newest session gives them the
 * session's retention (issue 11). A visitor who only connects has no key at all.
 */
export interface RedisKeys {
  readonly prefix: string;
  /** String: the secret that signs visitor tokens (`visitor-token.ts`); set once (SET NX), no TTL. */
  readonly tokenSecret: string;
  /**
   * Read only, for tokens issued before tokens were signed: hash `{ siteKey, visitorId, userId? }`
   * by the SHA-256 of the token. Nothing writes it any more; it expires by its own TTL.
   */
  visitor(tokenHash: string): string;
  /** String: the visitor id of a verified user of a site, by the SHA-256 of `siteKey` and user id. */
  userVisitor(userHash: string): string;
  /** String: when an erased visitor was erased; their tokens are refused for good. */
  revokedVisitor(visitorId: string): string;
  /** Hash `{ siteKey, userId, userKey }`: the verified user a visitor is, and its `userVisitor` key. */
  visitorUser(visitorId: string): string;
  /** List of the visitor's session ids, newest first (LPUSH). */
  visitorSessions(visitorId: string): string;
  /** String: the key of the visitor's open session (see `session`); absent when none is open. */
  openPointer(visitorId: string): string;
  /** Hash: the session summary's fields, plus its timeouts and the key names noted above. */
  session(sessionId: string): string;
  /** List of JSON events; the event with seq n is at index n - 1. */
  log(sessionId: string): string;
  /** Hash `dedupeKey(author, clientId)` -> seq: an author's retried write returns the original event. */
  clientIds(sessionId: string): string;
  /**
   * Sorted set of the ids of the open sessions this handler (a bot, a queue, an agent) has,
   * scored by when each came to it: a queue's order, an agent's load (its size).
   */
  handlerSet(handler: Handler): string;
  /**
   * Hash session id -> `handled` or `handled:leftAt`: a bot's backlog, the sessions it holds or
   * held and has not finished handling (`SessionStore.botBacklog`).
   */
  botBacklog(botId: string): string;
  /**
   * Sorted set session id -> since when it changed unseen by a consumer of the session log (the
   * records writer), or until when a claim leases it (`SessionStore.claimPending`).
   */
  pending(consumer: string): string;
  /** Sorted set session id -> idle deadline (ms since the epoch), open sessions only. */
  readonly idle: string;
  /** String: the agent id of a login token, by the SHA-256 of the token; expires with it. */
  agentToken(tokenHash: string): string;
  /** Hash agent id -> presence JSON. */
  readonly presence: string;
  /** Hash agent id -> the site key they work on right now (absent: all of theirs). */
  readonly activeSite: string;
  /** Sorted set agent id -> since when idle (became ready, or last got a chat). */
  readonly agentIdle: string;
  /** List of a queue's latest waits (ms), newest first. */
  queueWaits(queueId: string): string;
  /** Sorted set session id -> when its offline form was left. */
  readonly offlineMessages: string;
  /**
   * String: when a supervisor first monitored the session silently (issue 15); set once (SET NX),
   * expiring with `MONITORED_TTL_MS`, long after the session (the records keep it for good).
   */
  monitored(sessionId: string): string;
}

/**
 * Builds the key names under a prefix.
 * @example redisKeys('parley:').session('abc') // 'parley:session:abc'
 */
export function redisKeys(prefix: string): RedisKeys {
  return {
    prefix,
    tokenSecret: `${prefix}token-secret`,
    visitor: (tokenHash) => `${prefix}visitor:${tokenHash}`,
    userVisitor: (userHash) => `${prefix}user-visitor:${userHash}`,
    visitorUser: (visitorId) => `${prefix}visitor-user:${visitorId}`,
    revokedVisitor: (visitorId) => `${prefix}revoked-visitor:${visitorId}`,
    visitorSessions: (visitorId) => `${prefix}visitor-sessions:${visitorId}`,
    openPointer: (visitorId) => `${prefix}visitor-open:${visitorId}`,
    session: (sessionId) => `${prefix}session:${sessionId}`,
    log: (sessionId) => `${prefix}session-log:${sessionId}`,
    clientIds: (sessionId) => `${prefix}session-clients:${sessionId}`,
    // `kind` is `bot`, `queue` or `agent`, never containing ':', so the name is unambiguous.
    handlerSet: (handler) => `${prefix}handler:${handler.kind}:${handler.id}`,
    botBacklog: (botId) => `${prefix}bot-backlog:${botId}`,
    pending: (consumer) => `${prefix}pending:${consumer}`,
    idle: `${prefix}idle`,
    agentToken: (tokenHash) => `${prefix}agent-token:${tokenHash}`,
    presence: `${prefix}presence`,
    activeSite: `${prefix}active-site`,
    agentIdle: `${prefix}agent-idle`,
    queueWaits: (queueId) => `${prefix}queue-waits:${queueId}`,
    offlineMessages: `${prefix}offline-messages`,
    monitored: (sessionId) => `${prefix}session-monitored:${sessionId}`,
  };
}

/**
 * Session data lives in the session hash, one field per key with a JSON value, so every script
 * that returns the session (HGETALL) returns its data too, and Lua never re-encodes JSON.
 */
export const DATA_FIELD_PREFIX = 'data.';

/** The session hash field holding the correlation id the session was started with (issue 13). */
/**
 * Session hash fields of private notes (issue 15): `noteCount`, and each note's JSON under
 * `note.<n>`. Kept in the session's hash, they share its retention and its erasure.
 */
export const NOTE_COUNT_FIELD = 'noteCount';
export const NOTE_FIELD_PREFIX = 'note.';

export const CORRELATION_FIELD = 'correlationId';

/** The session hash field holding how far a consumer of the session log got (`releasePending`). */
export const cursorField = (consumer: string): string => `cursor.${consumer}`;

/**
 * The session hash field holding how far a party read the log (issue 14): `read.visitor`,
 * `read.agent`, `read.bot`, each a seq. Absent until the party reads.
 */
export const READ_FIELD_PREFIX = 'read.';

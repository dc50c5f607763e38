/**
 * The Redis store: what `npm start` uses when `REDIS_URL` is set, shared by every server process.
 * Each write that touches several keys (open a session, append a message, change a status,
 * close an idle session) is one Lua script from `redis-scripts.ts`, so it is atomic across
 * processes and one round trip; key names come from `redis-keys.ts`. The multi-key scripts
 * assume one Redis (standalone, or a primary behind Sentinel), not Redis Cluster: their keys do
 * not share a hash slot, and some scripts reach keys whose names are stored in values (a
 * visitor's open-session pointer, a session's handler set) rather than passed in KEYS.
 */
import {
  type Author,
  canTransition,
  type DataValue,
  type FeedbackEvent,
  type FormEvent,
  fail,
  type Handler,
  isOpen,
  MAX_LABELS,
  type MessageEvent,
  type Note,
  type OfflineState,
  type Presence,
  READ_PARTIES,
  type ReadMarks,
  type Result,
  type Routing,
  type SessionEvent,
  type SessionStatus,
  type SessionSummary,
  type StatusEvent,
  sourcesOf,
} from '@parley/protocol';
import { createClient } from 'redis';
import { dedupeKey } from './dedupe-key.js';
import { RECENT_WAITS } from './recent-waits.js';
import {
  CORRELATION_FIELD,
  cursorField,
  DATA_FIELD_PREFIX,
  NOTE_COUNT_FIELD,
  NOTE_FIELD_PREFIX,
  READ_FIELD_PREFIX,
  redisKeys,
} from './redis-keys.js';
import { SCRIPTS, type ScriptReply } from './redis-scripts.js';
import type { ChangedStatus, MarkedRead, SessionHead, SessionStore, VisitorRecord } from './session-store.js';
import {
  hashToken,
  isSignedToken,
  issueToken,
  newTokenSecret,
  newVisitorId,
  signVisitorToken,
  verifyVisitorToken,
} from './visitor-token.js';
import { within } from './within.js';

/** How long the readiness check waits for Redis to answer (`ready()`). */
const READY_TIMEOUT_MS = 1_000;
/** How long the live flag of a monitored session lasts (the records keep it for good). */
const MONITORED_TTL_MS = 30 * 24 * 3_600_000;

export interface RedisStoreOptions {
  url: string;
  /** Prefix of every key; `parley:` unless given. */
  prefix?: string;
  /**
   * Connection errors. node-redis reconnects by itself, and commands issued meanwhile wait or
   * reject, so callers see failures anyway; this is where they are logged.
   */
  onError?: (err: Error) => void;
  /** The consumers of the session log whose pending sessions the store tracks (`claimPending`). */
  consumers?: string[];
}

/**
 * Connects to Redis and returns a `SessionStore` over it; `close()` disconnects.
 * @example const store = await createRedisStore({ url: 'redis://127.0.0.1:6379', onError: (err) => log.error(err) });
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<SessionStore> {
  const keys = redisKeys(options.prefix ?? 'parley:');
  const client = createClient({
    url: options.url,
    scripts: SCRIPTS,
    // No timer per command (issue 16: node-redis's default of 5 s set and cleared an AbortSignal
    // timer on every call, a tenth of the server's time at saturation): every call has its
    // caller's deadline instead, one shared timer for all (`guardStore`, `sharedDeadline`).
    commandOptions: { timeout: 0 },
    // And while Redis is away a call fails at once (`unavailable`, which clients retry) rather
    // than wait in a queue to run whenever Redis comes back, after its caller has given up.
    disableOfflineQueue: true,
  });
  // Without a listener, an 'error' event would crash the process.
  client.on('error', (err: Error) => options.onError?.(err));
  // node-redis retries until Redis answers, reporting each failure to the 'error' listener.
  await client.connect();
  try {
    // Loaded up front so the first write is one EVALSHA too; after a Redis restart empties the
    // script cache, node-redis falls back to EVAL once per script.
    await Promise.all(Object.values(SCRIPTS).map((script) => client.scriptLoad(script.SCRIPT)));
  } catch (err) {
    client.destroy();
    throw err;
  }

  /**
   * The token secret every process sharing this Redis signs with: the first process's, kept
   * without a TTL (SET NX, then read whichever won). Claimed again, with the secret this process
   * has, whenever the connection is back: after a Redis restart that lost it, the first process
   * to reconnect restores it and every other process (or one started since) adopts it, so all
   * of them keep accepting the same tokens.
   */
  const claimSecret = async (mine: string): Promise<string> => {
    const [, secret] = await client
      .multi()
      .set(keys.tokenSecret, mine, { condition: 'NX' })
      .get(keys.tokenSecret)
      .exec();
    if (typeof secret !== 'string') throw new Error(`No token secret at ${keys.tokenSecret}`);
    return secret;
  };
  let secret: string;
  try {
    secret = await claimSecret(newTokenSecret());
  } catch (err) {
    client.destroy();
    throw err;
  }
  client.on('ready', () => {
    claimSecret(secret).then(
      (claimed) => {
        secret = claimed;
      },
      (err: Error) => options.onError?.(err),
    );
  });

  /** The pending sets a new session joins on every change, as its hash keeps them. */
  const pendingSets = (options.consumers ?? []).map((consumer) => keys.pending(consumer)).join(',');

  const sessionKeys = (sessionId: string) => [
    keys.session(sessionId),
    keys.log(sessionId),
    keys.clientIds(sessionId),
    keys.idle,
  ];

  const statusBody = (
    sessionId: string,
    to: SessionStatus,
    reason: string,
    now: number,
    by?: Author,
    handler?: Handler | null,
  ) =>
    JSON.stringify({
      type: 'session.changed',
      sessionId,
      at: now,
      to,
      reason,
      ...(by ? { by } : {}),
      ...(handler !== undefined ? { handler } : {}),
    });

  /** The backlog key of the bot a change gives a session to, as a script's optional last KEYS. */
  const backlogKeys = (handler: Handler | null | undefined): string[] =>
    handler?.kind === 'bot' ? [keys.botBacklog(handler.id)] : [];

  const readSession = async (sessionId: string): Promise<SessionSummary | null> => {
    const fields = await client.hGetAll(keys.session(sessionId));
    return 'id' in fields ? toSummary(fields) : null;
  };

  /** Appends one message, feedback or form event (one EVALSHA), deduplicated by author and client id. */
  const appendEvent = async <E extends MessageEvent | FeedbackEvent | FormEvent>(
    id: string,
    clientId: string,
    body: object,
    now: number,
    author: Author,
    mode: 'message' | 'feedback' | 'form',
    required?: { handler: Handler; status: SessionStatus },
    owner?: { visitorId: string; siteKey: string },
  ): Promise<Result<{ event: E; session: SessionHead; duplicate: boolean }>> => {
    const { code, summary, event } = await client.parleyAppendEvent(
      [...sessionKeys(id), keys.offlineMessages],
      [
        id,
        dedupeKey(author, clientId),
        JSON.stringify(body),
        String(now),
        author.role,
        mode,
        required ? handlerJson(required.handler) : '',
        required?.status ?? '',
        ...(owner ? [owner.visitorId, owner.siteKey] : []),
      ],
    );
    if (code === 'forbidden') return fail('forbidden', 'That session belongs to someone else');
    if ((code === 'ok' || code === 'duplicate') && summary && event) {
      const value = { event: JSON.parse(event) as E, session: toHead(summary) };
      return { ok: true, value: { ...value, duplicate: code === 'duplicate' } };
    }
    if (code === 'session_closed') return fail('session_closed', `Session ${id} is closed`);
    if (code === 'no_longer_handler') return fail('session_closed', `Session ${id} is no longer yours`);
    if (code === 'invalid_transition' && summary) {
      return fail('invalid_transition', `A ${toHead(summary).status} session takes no offline form`);
    }
    return fail('not_found', `No session ${id}`);
  };

  /**
   * A token issued before tokens were signed: its stored record, read only (nothing renews it),
   * so visitors who had one keep their sessions until it expires.
   */
  const findStoredToken = async (siteKey: string, token: string): Promise<VisitorRecord | null> => {
    const [site, visitorId, userId] = await client.hmGet(keys.visitor(hashToken(token)), [
      'siteKey',
      'visitorId',
      'userId',
    ]);
    if (site !== siteKey || !visitorId) return null;
    return userId ? { visitorId, userId } : { visitorId };
  };

  /** The result of a status script: the change, or the failure its code names. */
  const statusResult = (reply: ScriptReply, sessionId: string, to: SessionStatus): Result<ChangedStatus> => {
    const { code, summary, event } = reply;
    if (code === 'ok' && summary && event) {
      return { ok: true, value: { event: JSON.parse(event) as StatusEvent, session: fromPairs(summary) } };
    }
    if (code === 'invalid_transition' && summary) {
      return fail('invalid_transition', `A ${fromPairs(summary).status} session cannot become ${to}`);
    }
    return fail('not_found', `No session ${sessionId}`);
  };

  return {
    async createVisitor(siteKey) {
      const visitorId = newVisitorId();
      return { visitorId, token: signVisitorToken(secret, 'visitor', siteKey, visitorId) };
    },

    async findVisitor(siteKey, token) {
      if (!isSignedToken(token)) return findStoredToken(siteKey, token);
      const verified = verifyVisitorToken(secret, siteKey, token);
      if (!verified) return null;
      const { visitorId } = verified;
      if ((await client.exists(keys.revokedVisitor(visitorId))) === 1) return null;
      if (verified.kind === 'visitor') return { visitorId };
      const [site, userId] = await client.hmGet(keys.visitorUser(visitorId), ['siteKey', 'userId']);
      return site === siteKey && userId ? { visitorId, userId } : null;
    },

    async identifyVisitor({ siteKey, userId, retentionMs }) {
      const userKey = keys.userVisitor(hashToken(JSON.stringify([siteKey, userId])));
      let candidate = newVisitorId();
      // A second call takes the visitor the first found; a third only if that one expired and
      // another process made a new one in between.
      for (let attempt = 0; attempt < 3; attempt++) {
        const { code, visitorId } = await client.parleyIdentifyVisitor(
          [userKey, keys.visitorUser(candidate)],
          [candidate, userId, siteKey, String(retentionMs)],
        );
        if (code === 'ok') return { visitorId, token: signVisitorToken(secret, 'user', siteKey, visitorId) };
        candidate = visitorId;
      }
      throw new Error(`The visitor of user ${userId} of site ${siteKey} keeps changing`);
    },

    async moveOpenSession(from, to, now) {
      const { code, summary } = await client.parleyMoveOpenSession(
        [
          keys.openPointer(from),
          keys.openPointer(to),
          keys.visitorSessions(from),
          keys.visitorSessions(to),
          keys.visitorUser(from),
          keys.visitorUser(to),
        ],
        [to, String(now)],
      );
      return code === 'ok' && summary ? fromPairs(summary) : null;
    },

    async setVisitorInfo(sessionId, visitor, now) {
      const { code, summary } = await client.parleySetData(
        [keys.session(sessionId)],
        [String(now), 'visitor', JSON.stringify(visitor)],
      );
      if (code === 'ok' && summary) return { ok: true, value: fromPairs(summary) };
      return fail('not_found', `No session ${sessionId}`);
    },

    async openSession(input) {
      if (!canTransition('created', input.status)) {
        throw new Error(`Cannot open a session as ${input.status}`);
      }
      const id = input.sessionId;
      const { code, summary, event } = await client.parleyOpenSession(
        [
          keys.openPointer(input.visitorId),
          keys.session(id),
          keys.log(id),
          keys.clientIds(id),
          keys.visitorSessions(input.visitorId),
          keys.idle,
          keys.visitorUser(input.visitorId),
          ...(input.handler ? [keys.handlerSet(input.handler), ...backlogKeys(input.handler)] : []),
        ],
        [
          id,
          statusBody(id, input.status, input.reason, input.now, undefined, input.handler),
          String(input.now),
          String(input.idleTimeoutMs),
          String(input.retentionMs),
          input.status,
          handlerJson(input.handler),
          input.siteKey,
          input.visitorId,
          JSON.stringify(input.visitor),
          input.openedByHandler ? '1' : '0',
          pendingSets,
          ...Object.entries(input.data ?? {}).flatMap(([key, value]) =>
            value === null ? [] : [`${DATA_FIELD_PREFIX}${key}`, JSON.stringify(value)],
          ),
          ...(input.correlationId ? [CORRELATION_FIELD, input.correlationId] : []),
        ],
      );
      if (!summary) throw new Error(`Unexpected reply ${code} opening session ${id}`);
      const session = fromPairs(summary);
      if (code === 'created' && event) {
        return { session, events: [JSON.parse(event) as StatusEvent], created: true };
      }
      return { session, events: [], created: false };
    },

    getSession: readSession,

    async visitorSessions(visitorId, limit) {
      const listKey = keys.visitorSessions(visitorId);
      const found: SessionSummary[] = [];
      // Newest first, a page at a time, until `limit` live sessions; expired ones are pruned.
      const page = Math.max(limit, 10);
      for (let start = 0; found.length < limit; start += page) {
        const ids = await client.lRange(listKey, start, start + page - 1);
        const sessions = await Promise.all(ids.map(readSession));
        const expired = ids.filter((_, i) => sessions[i] === null);
        for (const session of sessions) if (session) found.push(session);
        if (expired.length > 0) {
          await Promise.all(expired.map((id) => client.lRem(listKey, 0, id)));
          start -= expired.length;
        }
        if (ids.length < page) break;
      }
      return found.slice(0, limit);
    },

    async appendMessage(input) {
      const { sessionId, clientId, author, text, quickReplies, buttons, attachment, rich, formAnswer, now } =
        input;
      const body = {
        type: 'message',
        sessionId,
        at: now,
        clientId,
        author,
        text,
        ...(quickReplies ? { quickReplies } : {}),
        ...(buttons ? { buttons } : {}),
        ...(attachment ? { attachment } : {}),
        ...(rich ? { rich } : {}),
        ...(formAnswer ? { formAnswer } : {}),
      };
      return appendEvent<MessageEvent>(
        sessionId,
        clientId,
        body,
        now,
        author,
        'message',
        input.require,
        input.owner,
      );
    },

    async appendFeedback(input) {
      const { sessionId, clientId, author, feedback, now } = input;
      const body = { type: 'feedback', sessionId, at: now, clientId, author, feedback };
      return appendEvent<FeedbackEvent>(sessionId, clientId, body, now, author, 'feedback');
    },

    async setData(sessionId, data, now) {
      const pairs = Object.entries(data).flatMap(([key, value]) => [
        `${DATA_FIELD_PREFIX}${key}`,
        value === null ? '' : JSON.stringify(value),
      ]);
      const { code, summary } = await client.parleySetData(
        [keys.session(sessionId)],
        [String(now), ...pairs],
      );
      if (code === 'ok' && summary) return { ok: true, value: fromPairs(summary) };
      return fail('not_found', `No session ${sessionId}`);
    },

    async markRead(sessionId, party, seq, reader, owner) {
      const reply = await client.parleyMarkRead(
        [keys.session(sessionId)],
        [
          `${READ_FIELD_PREFIX}${party}`,
          String(seq),
          reader ? handlerJson(reader) : '',
          owner?.visitorId ?? '',
          owner?.siteKey ?? '',
        ],
      );
      if (reply.code === 'forbidden') {
        return fail(
          'forbidden',
          reader
            ? `Session ${sessionId} is not with ${reader.kind} ${reader.id}`
            : 'That session is not yours to read',
        );
      }
      return markedRead(reply) ?? fail('not_found', `No session ${sessionId}`);
    },

    async markReadMany(party, marks, reader) {
      const entries = Object.entries(marks);
      if (entries.length === 0) return {};
      const replies = await client.parleyMarkReadMany(
        entries.map(([sessionId]) => keys.session(sessionId)),
        [`${READ_FIELD_PREFIX}${party}`, handlerJson(reader), ...entries.map(([, seq]) => String(seq))],
      );
      const taken: Record<string, MarkedRead> = {};
      entries.forEach(([sessionId], i) => {
        const marked = replies[i] && markedRead(replies[i]);
        if (marked?.ok) taken[sessionId] = marked.value;
      });
      return taken;
    },

    async changeStatus(input) {
      const id = input.sessionId;
      const reply = await client.parleyChangeStatus(
        [
          ...sessionKeys(id),
          ...(input.handler ? [keys.handlerSet(input.handler), ...backlogKeys(input.handler)] : []),
        ],
        [
          id,
          input.to,
          sourcesOf(input.to).join(','),
          statusBody(id, input.to, input.reason, input.now, input.by, input.handler),
          String(input.now),
          input.handler === undefined ? '0' : '1',
          handlerJson(input.handler ?? null),
          input.routing ? JSON.stringify(input.routing) : '',
        ],
      );
      return statusResult(reply, id, input.to);
    },

    async assignSession(input) {
      const id = input.sessionId;
      const reply = await client.parleyAssignSession(
        [
          ...sessionKeys(id),
          keys.presence,
          keys.agentIdle,
          keys.queueWaits(input.queueId),
          ...input.candidates.map((c) => keys.handlerSet({ kind: 'agent', id: c.agentId })),
        ],
        [
          id,
          String(input.now),
          input.requireReady ? '1' : '0',
          sourcesOf('assigned').join(','),
          String(RECENT_WAITS),
          ...input.candidates.flatMap((c) => [
            c.agentId,
            String(c.capacity),
            handlerJson({ kind: 'agent', id: c.agentId }),
            statusBody(id, 'assigned', input.reason, input.now, c.author, {
              kind: 'agent',
              id: c.agentId,
            }),
          ]),
        ],
      );
      if (reply.code === 'no_candidate') return fail('conflict', 'No agent can take this session now');
      const result = statusResult(reply, id, 'assigned');
      if (!result.ok) return result;
      return { ok: true, value: { ...result.value, agentId: reply.extra ?? '' } };
    },

    async recentWaits(queueId) {
      return (await client.lRange(keys.queueWaits(queueId), 0, RECENT_WAITS - 1)).map(Number);
    },

    async appendForm(input) {
      const { sessionId, clientId, author, fields, now } = input;
      const body = { type: 'form', form: 'offline', sessionId, at: now, clientId, author, fields };
      return appendEvent<FormEvent>(sessionId, clientId, body, now, author, 'form');
    },

    async offlineMessages(limit) {
      if (limit <= 0) return [];
      const found: Array<{ session: SessionSummary; form: FormEvent }> = [];
      // Newest first, a page at a time; sessions expired since are pruned from the index.
      for (let start = 0; found.length < limit; ) {
        const ids = await client.zRange(keys.offlineMessages, start, start + limit - 1, { REV: true });
        const pages = await Promise.all(
          ids.map(async (id) => {
            const fields = await client.hGetAll(keys.session(id));
            if (!('id' in fields)) return null;
            const form = await client.lIndex(keys.log(id), Number(fields.formSeq) - 1);
            return form ? { session: toSummary(fields), form: JSON.parse(form) as FormEvent } : null;
          }),
        );
        const gone = ids.filter((_, i) => pages[i] === null);
        if (gone.length > 0) await client.zRem(keys.offlineMessages, gone);
        for (const page of pages) if (page) found.push(page);
        start += ids.length - gone.length;
        if (ids.length < limit) break;
      }
      return found.slice(0, limit);
    },

    async labelSession(sessionId, change, now) {
      const { code, summary } = await client.parleyLabelSession(
        [keys.session(sessionId)],
        [
          String(now),
          String(MAX_LABELS),
          JSON.stringify(change.add ?? []),
          JSON.stringify(change.remove ?? []),
        ],
      );
      if (code === 'ok' && summary) return { ok: true, value: fromPairs(summary) };
      if (code === 'too_many') return fail('invalid_payload', `At most ${MAX_LABELS} labels`);
      return fail('not_found', `No session ${sessionId}`);
    },

    async setOfflineState(sessionId, change, now) {
      const part = (value: string | null | undefined) =>
        value === undefined ? '' : value === null ? '-' : value;
      const { code, summary } = await client.parleySetOffline(
        [keys.session(sessionId)],
        [
          String(now),
          part(change.assignee),
          part(change.done === undefined ? undefined : (change.done?.by ?? null)),
        ],
      );
      if (code === 'ok' && summary) return { ok: true, value: fromPairs(summary) };
      return fail('not_found', `No session ${sessionId}`);
    },

    async appendNote(input) {
      const n = await client.parleyAppendNote(
        [keys.session(input.sessionId)],
        [NOTE_COUNT_FIELD, NOTE_FIELD_PREFIX, JSON.stringify(input)],
      );
      if (n === 0) return fail('not_found', `No session ${input.sessionId}`);
      return { ok: true, value: { ...input, n } };
    },

    async sessionNotes(sessionId) {
      const fields = await client.hGetAll(keys.session(sessionId));
      return Object.entries(fields)
        .filter(([name]) => name.startsWith(NOTE_FIELD_PREFIX))
        .map(([, json]) => JSON.parse(json) as Note)
        .sort((a, b) => a.n - b.n);
    },

    async eventsSince(sessionId, since, limit) {
      if (limit <= 0) return [];
      const start = Math.max(0, since);
      const events = await client.lRange(keys.log(sessionId), start, start + limit - 1);
      return events.map((event) => JSON.parse(event) as SessionEvent);
    },

    async handlerSessions(handler: Handler) {
      const ids = await client.zRange(keys.handlerSet(handler), 0, -1);
      const sessions = await Promise.all(ids.map(readSession));
      return sessions.filter((s): s is SessionSummary => s !== null && isOpen(s.status));
    },

    async closeIdle(now, limit) {
      if (limit <= 0) return [];
      const ids = await client.zRangeByScore(keys.idle, '-inf', now, { LIMIT: { offset: 0, count: limit } });
      const sources = sourcesOf('closed').join(',');
      // Each close re-checks the deadline in Lua: a session another process closed first, or
      // that a message refreshed, replies `not_idle` and is skipped.
      const results = await Promise.all(
        ids.map(async (id) => {
          const body = statusBody(id, 'closed', 'timeout', now);
          const reply = await client.parleyCloseIdle(sessionKeys(id), [id, String(now), sources, body]);
          return statusResult(reply, id, 'closed');
        }),
      );
      return results.flatMap((result) => (result.ok ? [result.value] : []));
    },

    async eraseVisitor(_siteKey, visitorId, now) {
      // Revoked first, so no new connection gets in while the rest goes; each step is idempotent,
      // so a rerun after a crash finishes the job.
      await client.set(keys.revokedVisitor(visitorId), String(now));
      const ids = await client.lRange(keys.visitorSessions(visitorId), 0, -1);
      const indexes = await Promise.all(
        ids.map((id) => client.hmGet(keys.session(id), ['handlerSet', 'botBacklog'])),
      );
      const [userKey] = await client.hmGet(keys.visitorUser(visitorId), ['userKey']);
      const erase = client.multi();
      ids.forEach((id, i) => {
        erase.del([keys.session(id), keys.log(id), keys.clientIds(id)]);
        erase.zRem(keys.idle, id).zRem(keys.offlineMessages, id);
        for (const consumer of options.consumers ?? []) erase.zRem(keys.pending(consumer), id);
        const [handlerSet, backlog] = indexes[i] ?? [];
        if (handlerSet) erase.zRem(handlerSet, id);
        if (backlog) erase.hDel(backlog, id);
      });
      erase.del([
        keys.visitorSessions(visitorId),
        keys.visitorUser(visitorId),
        keys.openPointer(visitorId),
        ...(userKey ? [userKey] : []),
      ]);
      await erase.exec();
      return ids;
    },

    async claimPending(consumer, limit, leaseUntil, now) {
      const pendingKey = keys.pending(consumer);
      const ids = await client.parleyClaimPending(
        [pendingKey],
        [String(now), String(limit), String(leaseUntil)],
      );
      const cursors = await Promise.all(
        ids.map((id) => client.hmGet(keys.session(id), ['id', cursorField(consumer)])),
      );
      const gone = ids.filter((_, i) => cursors[i]?.[0] == null);
      if (gone.length > 0) await client.zRem(pendingKey, gone);
      return ids.flatMap((sessionId, i) => {
        const [id, handled] = cursors[i] ?? [];
        return id == null ? [] : [{ sessionId, handled: Number(handled ?? 0), lease: leaseUntil }];
      });
    },

    async pendingSince(consumer, now) {
      const [oldest] = await client.zRangeByScoreWithScores(keys.pending(consumer), '-inf', now, {
        LIMIT: { offset: 0, count: 1 },
      });
      return oldest ? oldest.score : null;
    },

    async releasePending(consumer, released, now) {
      if (released.length === 0) return;
      await client.parleyReleasePending(
        [keys.pending(consumer), ...released.map((r) => keys.session(r.sessionId))],
        [
          cursorField(consumer),
          String(now),
          ...released.flatMap((r) => [r.sessionId, String(r.seq), String(r.lease)]),
        ],
      );
    },

    async botBacklog(botId) {
      const entries = await client.hGetAll(keys.botBacklog(botId));
      return Object.entries(entries).map(([sessionId, value]) => {
        const [handled, leftAt] = value.split(':');
        return { sessionId, handled: Number(handled), ...(leftAt ? { leftAt: Number(leftAt) } : {}) };
      });
    },

    async botHandled(botId, handled) {
      const entries = Object.entries(handled);
      if (entries.length === 0) return;
      await client.parleyBotHandled(
        [keys.botBacklog(botId), ...entries.map(([sessionId]) => keys.session(sessionId))],
        entries.flatMap(([sessionId, seq]) => [sessionId, String(seq)]),
      );
    },

    async createAgentToken(agentId, ttlMs) {
      const { token, tokenHash } = issueToken();
      await client.set(keys.agentToken(tokenHash), agentId, { expiration: { type: 'PX', value: ttlMs } });
      return token;
    },

    async findAgentToken(token) {
      return client.get(keys.agentToken(hashToken(token)));
    },

    async revokeAgentToken(token) {
      return (await client.del(keys.agentToken(hashToken(token)))) === 1;
    },

    async setPresence(presence) {
      const before = await client.hGet(keys.presence, presence.agentId);
      const becomesReady =
        presence.status === 'ready' && (!before || (JSON.parse(before) as Presence).status !== 'ready');
      const write = client.multi().hSet(keys.presence, presence.agentId, JSON.stringify(presence));
      // Only a change to ready restarts the idle clock; a repeated "ready" keeps the agent's turn.
      if (becomesReady) write.zAdd(keys.agentIdle, { score: presence.since, value: presence.agentId });
      await write.exec();
    },

    async listPresence() {
      const all = await client.hGetAll(keys.presence);
      return Object.values(all).map((json) => JSON.parse(json) as Presence);
    },

    async setActiveSite(agentId, siteKey) {
      if (siteKey === null) await client.hDel(keys.activeSite, agentId);
      else await client.hSet(keys.activeSite, agentId, siteKey);
    },

    async activeSites() {
      return { ...(await client.hGetAll(keys.activeSite)) };
    },

    async markMonitored(sessionId, at) {
      const key = keys.monitored(sessionId);
      // SET NX GET: the earlier time if there was one, in one round trip.
      const before = await client.set(key, String(at), { NX: true, GET: true, PX: MONITORED_TTL_MS });
      return before === null ? at : Number(before);
    },

    async monitoredAt(sessionId) {
      const value = await client.get(keys.monitored(sessionId));
      return value === null ? null : Number(value);
    },

    async ready() {
      if (!client.isReady) return false;
      try {
        // A real command, with a short timeout of its own: a Redis that is connected but loading
        // its data answers `LOADING`, and one that is stalled does not answer at all.
        await within(client.exists(keys.idle), READY_TIMEOUT_MS);
        return true;
      } catch {
        return false; // not ready: the reason is the health check's answer, not a log line
      }
    },

    async close() {
      await client.close();
    },
  };
}

/** A session hash as a summary; the hash also holds timeouts and key names, left out here. */
function toSummary(fields: Record<string, string>): SessionSummary {
  const get = (name: string): string => {
    const value = fields[name];
    if (value === undefined) throw new Error(`Session hash ${fields.id ?? '?'} has no ${name}`);
    return value;
  };
  const lastSpeaker = get('lastSpeaker');
  const routing = fields.routing;
  const correlationId = fields[CORRELATION_FIELD];
  const labels = fields.labels;
  const offline = fields.offline;
  return {
    id: get('id'),
    siteKey: get('siteKey'),
    visitorId: get('visitorId'),
    status: get('status') as SessionStatus,
    handler: JSON.parse(get('handler')) as Handler | null,
    lastSpeaker: lastSpeaker === '' ? null : (lastSpeaker as SessionSummary['lastSpeaker']),
    lastSeq: Number(get('lastSeq')),
    createdAt: Number(get('createdAt')),
    updatedAt: Number(get('updatedAt')),
    visitor: JSON.parse(get('visitor')),
    data: Object.fromEntries(
      Object.entries(fields)
        .filter(([name]) => name.startsWith(DATA_FIELD_PREFIX))
        .map(([name, json]) => [name.slice(DATA_FIELD_PREFIX.length), JSON.parse(json) as DataValue]),
    ),
    ...(routing ? { routing: JSON.parse(routing) as Routing } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(labels ? { labels: JSON.parse(labels) as string[] } : {}),
    ...(offline ? { offline: JSON.parse(offline) as OfflineState } : {}),
    ...readMarks(fields),
  };
}

/** The `read.*` fields of a session hash as the summary's `read`, absent when nobody read. */
function readMarks(fields: Record<string, string>): { read?: ReadMarks } {
  const read: ReadMarks = {};
  for (const party of READ_PARTIES) {
    const seq = fields[`${READ_FIELD_PREFIX}${party}`];
    if (seq !== undefined) read[party] = Number(seq);
  }
  return Object.keys(read).length > 0 ? { read } : {};
}

/**
 * A handler as the session hash keeps it: scripts compare it as a string (a write that requires
 * a handler, a read mark by one), so its members always go in this order.
 */
function handlerJson(handler: Handler | null): string {
  return handler ? JSON.stringify({ kind: handler.kind, id: handler.id }) : 'null';
}

/** A read mark script's reply (`same` or `moved`) as the mark; undefined for any other. */
function markedRead({ code, summary, event: mark }: ScriptReply): Result<MarkedRead> | undefined {
  if ((code !== 'same' && code !== 'moved') || !summary || mark === undefined) return undefined;
  return { ok: true, value: { session: toHead(summary), seq: Number(mark), moved: code === 'moved' } };
}

/** The append script's head of a session: `id, siteKey, visitorId, status, handler` (HMGET). */
function toHead([id, siteKey, visitorId, status, handler]: string[]): SessionHead {
  if (!id || !siteKey || !visitorId || !status || handler === undefined) {
    throw new Error(`Session ${id ?? '?'} has no full head`);
  }
  return {
    id,
    siteKey,
    visitorId,
    status: status as SessionStatus,
    handler: JSON.parse(handler) as Handler | null,
  };
}

/** A session hash as a script returns it (HGETALL's flat field/value pairs) as a summary. */
function fromPairs(pairs: string[]): SessionSummary {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) fields[pairs[i] as string] = pairs[i + 1] as string;
  return toSummary(fields);
}

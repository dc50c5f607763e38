import {
  type Author,
  applyLabels,
  applyOffline,
  canTransition,
  type FeedbackEvent,
  type FormEvent,
  fail,
  type Handler,
  isOpen,
  MAX_LABELS,
  type MessageEvent,
  type Note,
  type Presence,
  type Result,
  type SessionData,
  type SessionEvent,
  type SessionSummary,
  type StatusEvent,
} from '@parley/protocol';
import { dedupeKey } from './dedupe-key.js';
import { RECENT_WAITS } from './recent-waits.js';
import {
  type BotBacklogEntry,
  type ChangedStatus,
  type ChangeStatusInput,
  headOf,
  type MarkedRead,
  type SessionStore,
} from './session-store.js';
import {
  hashToken,
  issueToken,
  newTokenSecret,
  newVisitorId,
  signVisitorToken,
  verifyVisitorToken,
} from './visitor-token.js';

interface StoredSession {
  summary: SessionSummary;
  log: SessionEvent[];
  /** Private notes, beside the log (issue 15). */
  notes?: Note[];
  /** `dedupeKey(author, clientId)` -> seq. */
  clientIds: Map<string, number>;
  idleTimeoutMs: number;
  retentionMs: number;
  /** When the session closes for idleness (open sessions only). */
  idleDeadline: number;
  /** When a closed session is forgotten. */
  expiresAt: number;
  /** When the session came to its current handler: a queue's sessions are served in this order. */
  handlerSince: number;
  /** The seq of the offline form, once left. */
  formSeq?: number;
  /** Consumer -> the seq through which it has finished with the session (`releasePending`). */
  cursors: Map<string, number>;
}

export interface MemoryStoreOptions {
  /** The consumers of the session log whose pending sessions the store tracks (`claimPending`). */
  consumers?: string[];
  /**
   * The secret visitor tokens are signed with; kept by the caller (a file in the data directory)
   * so tokens outlive a restart. Default: a new one, good for this process only.
   */
  tokenSecret?: string;
}

/** The event this author's client id was first stored as, when it was. */
function duplicateOf<E extends SessionEvent>(
  stored: StoredSession,
  author: Author,
  clientId: string,
): E | undefined {
  const seq = stored.clientIds.get(dedupeKey(author, clientId));
  return seq === undefined ? undefined : (structuredClone(stored.log[seq - 1]) as E);
}

/** What the store keeps of a visitor, from their first session (or verified identify) on. */
interface StoredVisitor {
  /** Their session ids, newest first. */
  sessionIds: string[];
  /** The verified user this visitor is (identifyVisitor), and the key of `userVisitors`. */
  user?: { siteKey: string; userId: string; userKey: string };
  /** When forgotten: never while a session of theirs is open, else the retention after the newest closed. */
  expiresAt: number;
}

/** Session data without the keys set to null (null deletes a key). */
function withoutNulls(data: SessionData): SessionData {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

/**
 * The embedded store: everything in this process, gone on restart. Single-threaded JavaScript
 * makes each operation atomic. Used by `npm start` when no `REDIS_URL` is set, and by tests.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SessionStore {
  // Unless the caller keeps it, per process: its tokens die with it, as do its sessions.
  const secret = options.tokenSecret ?? newTokenSecret();
  const visitors = new Map<string, StoredVisitor>();
  /** `[siteKey, userId]` as JSON -> the visitor id of that verified user; expires with the visitor. */
  const userVisitors = new Map<string, string>();
  const sessions = new Map<string, StoredSession>();
  const openByVisitor = new Map<string, string>();
  const agentTokens = new Map<string, { agentId: string; expiresAt: number }>();
  const presence = new Map<string, Presence>();
  /** Agent id -> the site they work on right now (issue 15, item 4). */
  const activeSites = new Map<string, string>();
  /** Session id -> when a supervisor first monitored it (issue 15). */
  const monitored = new Map<string, number>();
  /** Agent id -> since when they are idle (became ready, or last got a chat). */
  const agentIdle = new Map<string, number>();
  const waits = new Map<string, number[]>();
  /** Session ids with an offline form, oldest first. */
  const offline: string[] = [];
  /** Erased visitors, whose tokens never work again. */
  const revoked = new Set<string>();
  /** Consumer -> session id -> since when it is pending, or until when it is leased. */
  const pending = new Map((options.consumers ?? []).map((consumer) => [consumer, new Map<string, number>()]));
  /** A session changed: pending for every consumer from now, unless it was earlier (a lease breaks). */
  const markPending = (sessionId: string, now: number) => {
    for (const set of pending.values()) {
      const since = set.get(sessionId);
      if (since === undefined || now < since) set.set(sessionId, now);
    }
  };
  /** Bot id -> session id -> where the bot stands with it (`botBacklog`). */
  const backlogs = new Map<string, Map<string, BotBacklogEntry>>();

  const botOf = (handler: Handler | null | undefined) => (handler?.kind === 'bot' ? handler.id : undefined);

  /**
   * Keeps the bots' backlogs in step with a status change (the Redis store does the same in
   * `change_status`): the bot that loses the session (or gets it anew) notes where it left; the
   * bot that gets it starts just before this change, or at it when it opened the session itself.
   */
  const noteHandOver = (before: Handler | null, stored: StoredSession, event: StatusEvent, own: boolean) => {
    const after = event.handler === undefined ? before : event.handler;
    const leaving = botOf(before);
    const entering = event.to === 'bot' && event.handler !== undefined ? botOf(after) : undefined;
    const id = stored.summary.id;
    if (leaving !== undefined && (event.to !== 'bot' || entering !== undefined || botOf(after) !== leaving)) {
      const entry = backlogs.get(leaving)?.get(id);
      if (entry) entry.leftAt = event.seq;
    }
    if (entering === undefined) return;
    const backlog = backlogs.get(entering) ?? new Map<string, BotBacklogEntry>();
    backlogs.set(entering, backlog);
    // A fresh start: what the bot left unhandled in an earlier stint was someone else's since.
    backlog.set(id, { sessionId: id, handled: own ? event.seq : event.seq - 1 });
  };

  const live = (sessionId: string, now = Date.now()): StoredSession | undefined => {
    const stored = sessions.get(sessionId);
    if (stored && !isOpen(stored.summary.status) && stored.expiresAt <= now) {
      sessions.delete(sessionId);
      for (const backlog of backlogs.values()) backlog.delete(sessionId);
      for (const set of pending.values()) set.delete(sessionId);
      return undefined;
    }
    return stored;
  };

  /** The visitor's stored data, unless there is none or it expired (then it is forgotten). */
  const visitorOf = (visitorId: string, now = Date.now()): StoredVisitor | undefined => {
    const visitor = visitors.get(visitorId);
    if (visitor && visitor.expiresAt <= now) {
      visitors.delete(visitorId);
      if (visitor.user && userVisitors.get(visitor.user.userKey) === visitorId) {
        userVisitors.delete(visitor.user.userKey);
      }
      return undefined;
    }
    return visitor;
  };

  /** Sets when the visitor's data expires (Infinity: a session is open), storing them if new. */
  const retain = (visitorId: string, expiresAt: number, now: number): StoredVisitor => {
    const visitor = visitorOf(visitorId, now) ?? { sessionIds: [], expiresAt };
    visitor.expiresAt = expiresAt;
    visitors.set(visitorId, visitor);
    return visitor;
  };

  const append = <E extends SessionEvent>(stored: StoredSession, event: Omit<E, 'seq'>): E => {
    const withSeq = { ...event, seq: stored.log.length + 1 } as E;
    stored.log.push(withSeq);
    stored.summary.lastSeq = withSeq.seq;
    stored.summary.updatedAt = event.at;
    markPending(stored.summary.id, event.at);
    return withSeq;
  };

  const changeStatus = (input: ChangeStatusInput, openedByHandler = false): Result<ChangedStatus> => {
    const stored = live(input.sessionId, input.now);
    if (!stored) return fail('not_found', `No session ${input.sessionId}`);
    const from = stored.summary.status;
    if (!canTransition(from, input.to)) {
      return fail('invalid_transition', `A ${from} session cannot become ${input.to}`);
    }
    const event = append<StatusEvent>(stored, {
      type: 'session.changed',
      sessionId: input.sessionId,
      at: input.now,
      from,
      to: input.to,
      reason: input.reason,
      ...(input.by ? { by: input.by } : {}),
      ...(input.handler !== undefined ? { handler: structuredClone(input.handler) } : {}),
    });
    const before = stored.summary.handler;
    stored.summary.status = input.to;
    if (input.handler !== undefined) {
      stored.summary.handler = input.handler;
      stored.handlerSince = input.now;
    }
    if (input.routing) stored.summary.routing = structuredClone(input.routing);
    noteHandOver(before, stored, event, openedByHandler);
    if (input.to === 'closed') {
      stored.expiresAt = input.now + stored.retentionMs;
      if (openByVisitor.get(stored.summary.visitorId) === input.sessionId) {
        openByVisitor.delete(stored.summary.visitorId);
      }
      retain(stored.summary.visitorId, stored.expiresAt, input.now);
    }
    return { ok: true, value: { event, session: structuredClone(stored.summary) } };
  };

  const markRead: SessionStore['markRead'] = async (sessionId, party, seq, reader, owner) => {
    const stored = live(sessionId);
    if (!stored) return fail('not_found', `No session ${sessionId}`);
    const { summary } = stored;
    if (owner && (summary.visitorId !== owner.visitorId || summary.siteKey !== owner.siteKey)) {
      return fail('forbidden', 'That session is not yours to read');
    }
    if (reader && (summary.handler?.kind !== reader.kind || summary.handler.id !== reader.id)) {
      return fail('forbidden', `Session ${sessionId} is not with ${reader.kind} ${reader.id}`);
    }
    const mark = Math.min(seq, summary.lastSeq);
    const moved = mark > (summary.read?.[party] ?? 0);
    if (moved) summary.read = { ...summary.read, [party]: mark };
    return { ok: true, value: { session: headOf(summary), seq: summary.read?.[party] ?? 0, moved } };
  };

  return {
    async createVisitor(siteKey) {
      const visitorId = newVisitorId();
      return { visitorId, token: signVisitorToken(secret, 'visitor', siteKey, visitorId) };
    },

    async findVisitor(siteKey, token) {
      const verified = verifyVisitorToken(secret, siteKey, token);
      if (!verified || revoked.has(verified.visitorId)) return null;
      const { visitorId } = verified;
      if (verified.kind === 'visitor') return { visitorId };
      const user = visitorOf(visitorId)?.user;
      return user && user.siteKey === siteKey ? { visitorId, userId: user.userId } : null;
    },

    async identifyVisitor({ siteKey, userId, retentionMs, now }) {
      const userKey = JSON.stringify([siteKey, userId]);
      const known = userVisitors.get(userKey);
      let visitorId = known !== undefined && visitorOf(known, now) ? known : undefined;
      if (visitorId === undefined) {
        visitorId = newVisitorId();
        userVisitors.set(userKey, visitorId);
        visitors.set(visitorId, {
          sessionIds: [],
          user: { siteKey, userId, userKey },
          expiresAt: now + retentionMs,
        });
      }
      return { visitorId, token: signVisitorToken(secret, 'user', siteKey, visitorId) };
    },

    async moveOpenSession(from, to, now) {
      const theirs = openByVisitor.get(to);
      if (theirs && live(theirs, now)) return null;
      const openId = openByVisitor.get(from);
      const stored = openId ? live(openId, now) : undefined;
      if (!openId || !stored) return null;
      openByVisitor.delete(from);
      openByVisitor.set(to, openId);
      const left = retain(from, now + stored.retentionMs, now);
      left.sessionIds = left.sessionIds.filter((id) => id !== openId);
      retain(to, Number.POSITIVE_INFINITY, now).sessionIds.unshift(openId);
      stored.summary.visitorId = to;
      stored.summary.updatedAt = now;
      markPending(stored.summary.id, now);
      return structuredClone(stored.summary);
    },

    async setVisitorInfo(sessionId, visitor, now) {
      const stored = live(sessionId, now);
      if (!stored) return fail('not_found', `No session ${sessionId}`);
      stored.summary.visitor = structuredClone(visitor);
      stored.summary.updatedAt = now;
      markPending(stored.summary.id, now);
      return { ok: true, value: structuredClone(stored.summary) };
    },

    async openSession(input) {
      const openId = openByVisitor.get(input.visitorId);
      const open = openId ? live(openId, input.now) : undefined;
      if (open) return { session: structuredClone(open.summary), events: [], created: false };

      const stored: StoredSession = {
        summary: {
          id: input.sessionId,
          siteKey: input.siteKey,
          visitorId: input.visitorId,
          status: 'created',
          handler: input.handler,
          lastSpeaker: null,
          lastSeq: 0,
          createdAt: input.now,
          updatedAt: input.now,
          visitor: structuredClone(input.visitor),
          data: withoutNulls(input.data ?? {}),
          ...(input.correlationId ? { correlationId: input.correlationId } : {}),
        },
        log: [],
        clientIds: new Map(),
        idleTimeoutMs: input.idleTimeoutMs,
        retentionMs: input.retentionMs,
        idleDeadline: input.now + input.idleTimeoutMs,
        expiresAt: Number.POSITIVE_INFINITY,
        handlerSince: input.now,
        cursors: new Map(),
      };
      sessions.set(input.sessionId, stored);
      openByVisitor.set(input.visitorId, input.sessionId);
      retain(input.visitorId, Number.POSITIVE_INFINITY, input.now).sessionIds.unshift(input.sessionId);
      const opened = changeStatus({ ...input, to: input.status }, input.openedByHandler);
      if (!opened.ok) throw new Error(`Cannot open a session as ${input.status}: ${opened.error.message}`);
      return { session: opened.value.session, events: [opened.value.event], created: true };
    },

    async labelSession(sessionId, change, now) {
      const stored = live(sessionId, now);
      if (!stored) return fail('not_found', `No session ${sessionId}`);
      const labels = applyLabels(stored.summary.labels, change);
      if (labels.length > MAX_LABELS) return fail('invalid_payload', `At most ${MAX_LABELS} labels`);
      if (labels.length > 0) stored.summary.labels = labels;
      else delete stored.summary.labels;
      stored.summary.updatedAt = now;
      markPending(stored.summary.id, now);
      return { ok: true, value: structuredClone(stored.summary) };
    },

    async setOfflineState(sessionId, change, now) {
      const stored = live(sessionId, now);
      if (!stored) return fail('not_found', `No session ${sessionId}`);
      stored.summary.offline = applyOffline(stored.summary.offline, change, now);
      stored.summary.updatedAt = now;
      markPending(stored.summary.id, now);
      return { ok: true, value: structuredClone(stored.summary) };
    },

    async appendNote(input) {
      const stored = live(input.sessionId);
      if (!stored) return fail('not_found', `No session ${input.sessionId}`);
      stored.notes ??= [];
      const note: Note = { ...structuredClone(input), n: stored.notes.length + 1 };
      stored.notes.push(note);
      return { ok: true, value: structuredClone(note) };
    },

    async sessionNotes(sessionId) {
      return structuredClone(live(sessionId)?.notes ?? []);
    },

    async getSession(sessionId) {
      const stored = live(sessionId);
      return stored ? structuredClone(stored.summary) : null;
    },

    async visitorSessions(visitorId, limit) {
      const visitor = visitorOf(visitorId);
      if (!visitor) return [];
      const found = visitor.sessionIds
        .map((id) => live(id))
        .filter((s): s is StoredSession => s !== undefined);
      visitor.sessionIds = found.map((s) => s.summary.id);
      return found.slice(0, limit).map((s) => structuredClone(s.summary));
    },

    async appendMessage(input) {
      const stored = live(input.sessionId, input.now);
      if (!stored) return fail('not_found', `No session ${input.sessionId}`);
      const { owner } = input;
      if (
        owner &&
        (stored.summary.visitorId !== owner.visitorId || stored.summary.siteKey !== owner.siteKey)
      ) {
        return fail('forbidden', 'That session belongs to someone else');
      }
      const seen = duplicateOf<MessageEvent>(stored, input.author, input.clientId);
      if (seen)
        return {
          ok: true,
          value: { event: seen, session: headOf(stored.summary), duplicate: true },
        };
      if (!isOpen(stored.summary.status))
        return fail('session_closed', `Session ${input.sessionId} is closed`);
      const { handler, status } = stored.summary;
      const required = input.require;
      if (
        required &&
        (status !== required.status ||
          handler?.kind !== required.handler.kind ||
          handler.id !== required.handler.id)
      ) {
        return fail('session_closed', `Session ${input.sessionId} is no longer yours`);
      }
      const event = append<MessageEvent>(stored, {
        type: 'message',
        sessionId: input.sessionId,
        at: input.now,
        clientId: input.clientId,
        author: input.author,
        text: input.text,
        ...(input.quickReplies ? { quickReplies: input.quickReplies } : {}),
        ...(input.buttons ? { buttons: input.buttons } : {}),
        ...(input.attachment ? { attachment: input.attachment } : {}),
        ...(input.rich ? { rich: input.rich } : {}),
        ...(input.formAnswer ? { formAnswer: input.formAnswer } : {}),
      });
      stored.clientIds.set(dedupeKey(input.author, input.clientId), event.seq);
      stored.summary.lastSpeaker = input.author.role;
      stored.idleDeadline = input.now + stored.idleTimeoutMs;
      return { ok: true, value: { event, session: headOf(stored.summary), duplicate: false } };
    },

    async appendFeedback(input) {
      const stored = live(input.sessionId, input.now);
      if (!stored) return fail('not_found', `No session ${input.sessionId}`);
      const seen = duplicateOf<FeedbackEvent>(stored, input.author, input.clientId);
      if (seen)
        return {
          ok: true,
          value: { event: seen, session: headOf(stored.summary), duplicate: true },
        };
      const event = append<FeedbackEvent>(stored, {
        type: 'feedback',
        sessionId: input.sessionId,
        at: input.now,
        clientId: input.clientId,
        author: input.author,
        feedback: input.feedback,
      });
      stored.clientIds.set(dedupeKey(input.author, input.clientId), event.seq);
      return { ok: true, value: { event, session: headOf(stored.summary), duplicate: false } };
    },

    async setData(sessionId, data, now) {
      const stored = live(sessionId, now);
      if (!stored) return fail('not_found', `No session ${sessionId}`);
      stored.summary.data = withoutNulls({ ...stored.summary.data, ...data });
      stored.summary.updatedAt = now;
      markPending(stored.summary.id, now);
      return { ok: true, value: structuredClone(stored.summary) };
    },

    markRead,

    async markReadMany(party, marks, reader) {
      const taken: Record<string, MarkedRead> = {};
      for (const [sessionId, seq] of Object.entries(marks)) {
        const marked = await markRead(sessionId, party, seq, reader);
        if (marked.ok) taken[sessionId] = marked.value;
      }
      return taken;
    },

    async changeStatus(input) {
      return changeStatus(input);
    },

    async assignSession(input) {
      const stored = live(input.sessionId, input.now);
      if (!stored) return fail('not_found', `No session ${input.sessionId}`);
      if (stored.summary.status !== 'queued') {
        return fail('invalid_transition', `A ${stored.summary.status} session cannot be assigned`);
      }
      const load = (agentId: string) =>
        [...sessions.values()].filter(
          (s) =>
            isOpen(s.summary.status) &&
            s.summary.handler?.kind === 'agent' &&
            s.summary.handler.id === agentId,
        ).length;
      const able = input.candidates.filter(
        (c) =>
          (!input.requireReady || presence.get(c.agentId)?.status === 'ready') &&
          load(c.agentId) < c.capacity,
      );
      const idleSince = (agentId: string) => agentIdle.get(agentId) ?? 0;
      const chosen = able.sort((a, b) => idleSince(a.agentId) - idleSince(b.agentId))[0];
      if (!chosen) return fail('conflict', 'No agent can take this session now');
      const since = stored.summary.routing?.since ?? input.now;
      const changed = changeStatus({
        sessionId: input.sessionId,
        to: 'assigned',
        reason: input.reason,
        by: chosen.author,
        handler: { kind: 'agent', id: chosen.agentId },
        now: input.now,
      });
      if (!changed.ok) return changed;
      agentIdle.set(chosen.agentId, input.now);
      waits.set(
        input.queueId,
        [input.now - since, ...(waits.get(input.queueId) ?? [])].slice(0, RECENT_WAITS),
      );
      return { ok: true, value: { ...changed.value, agentId: chosen.agentId } };
    },

    async recentWaits(queueId) {
      return [...(waits.get(queueId) ?? [])];
    },

    async appendForm(input) {
      const stored = live(input.sessionId, input.now);
      if (!stored) return fail('not_found', `No session ${input.sessionId}`);
      const seen = duplicateOf<FormEvent>(stored, input.author, input.clientId);
      if (seen) {
        return {
          ok: true,
          value: { event: seen, session: headOf(stored.summary), duplicate: true },
        };
      }
      if (stored.summary.status !== 'offline') {
        return fail('invalid_transition', `A ${stored.summary.status} session takes no offline form`);
      }
      const event = append<FormEvent>(stored, {
        type: 'form',
        form: 'offline',
        sessionId: input.sessionId,
        at: input.now,
        clientId: input.clientId,
        author: input.author,
        fields: structuredClone(input.fields),
      });
      stored.clientIds.set(dedupeKey(input.author, input.clientId), event.seq);
      stored.summary.lastSpeaker = input.author.role;
      stored.formSeq = event.seq;
      offline.push(input.sessionId);
      return { ok: true, value: { event, session: headOf(stored.summary), duplicate: false } };
    },

    async offlineMessages(limit) {
      const found: Array<{ session: SessionSummary; form: FormEvent }> = [];
      for (let i = offline.length - 1; i >= 0 && found.length < limit; i--) {
        const id = offline[i] as string;
        const stored = live(id);
        if (!stored) {
          offline.splice(i, 1);
          continue;
        }
        const form = stored.log[(stored.formSeq ?? 0) - 1];
        if (form?.type === 'form') {
          found.push({ session: structuredClone(stored.summary), form: structuredClone(form) });
        }
      }
      return found;
    },

    async eventsSince(sessionId, since, limit) {
      return structuredClone(live(sessionId)?.log.slice(since, since + limit) ?? []);
    },

    async handlerSessions(handler: Handler) {
      return [...sessions.values()]
        .filter((s) => isOpen(s.summary.status))
        .filter((s) => s.summary.handler?.kind === handler.kind && s.summary.handler.id === handler.id)
        .sort((a, b) => a.handlerSince - b.handlerSince)
        .map((s) => structuredClone(s.summary));
    },

    async closeIdle(now, limit) {
      const idle = [...sessions.values()]
        .filter((s) => isOpen(s.summary.status) && s.idleDeadline <= now)
        .slice(0, limit);
      const closed: ChangedStatus[] = [];
      for (const stored of idle) {
        const result = changeStatus({ sessionId: stored.summary.id, to: 'closed', reason: 'timeout', now });
        if (result.ok) closed.push(result.value);
      }
      return closed;
    },

    async eraseVisitor(_siteKey, visitorId) {
      revoked.add(visitorId);
      const visitor = visitors.get(visitorId);
      const ids = visitor?.sessionIds ?? [];
      for (const id of ids) {
        sessions.delete(id);
        for (const backlog of backlogs.values()) backlog.delete(id);
        for (const set of pending.values()) set.delete(id);
        const index = offline.indexOf(id);
        if (index >= 0) offline.splice(index, 1);
      }
      visitors.delete(visitorId);
      openByVisitor.delete(visitorId);
      if (visitor?.user && userVisitors.get(visitor.user.userKey) === visitorId) {
        userVisitors.delete(visitor.user.userKey);
      }
      return [...ids];
    },

    async claimPending(consumer, limit, leaseUntil, now) {
      const set = pending.get(consumer);
      if (!set) return [];
      const due = [...set].filter(([, since]) => since <= now).sort((a, b) => a[1] - b[1]);
      const claimed = [];
      for (const [sessionId] of due) {
        if (claimed.length >= limit) break;
        const stored = live(sessionId, now);
        if (!stored) {
          set.delete(sessionId);
          continue;
        }
        set.set(sessionId, leaseUntil);
        claimed.push({ sessionId, handled: stored.cursors.get(consumer) ?? 0, lease: leaseUntil });
      }
      return claimed;
    },

    async pendingSince(consumer, now) {
      let oldest: number | null = null;
      for (const since of pending.get(consumer)?.values() ?? []) {
        if (since <= now && (oldest === null || since < oldest)) oldest = since;
      }
      return oldest;
    },

    async releasePending(consumer, released, now) {
      const set = pending.get(consumer);
      for (const { sessionId, seq, lease } of released) {
        const stored = live(sessionId, now);
        if (!stored) {
          set?.delete(sessionId);
          continue;
        }
        const handled = Math.max(stored.cursors.get(consumer) ?? 0, seq);
        stored.cursors.set(consumer, handled);
        if (set?.get(sessionId) !== lease) continue;
        if (handled >= stored.summary.lastSeq) set.delete(sessionId);
        else set.set(sessionId, now);
      }
    },

    async botBacklog(botId) {
      // Reading each session forgets the expired ones, which leave every backlog.
      for (const sessionId of [...(backlogs.get(botId)?.keys() ?? [])]) live(sessionId);
      return structuredClone([...(backlogs.get(botId)?.values() ?? [])]);
    },

    async botHandled(botId, handled) {
      const backlog = backlogs.get(botId);
      for (const [sessionId, seq] of Object.entries(handled)) {
        const entry = backlog?.get(sessionId);
        if (!entry) continue;
        entry.handled = Math.max(entry.handled, seq);
        if (!live(sessionId) || (entry.leftAt !== undefined && entry.handled >= entry.leftAt)) {
          backlog?.delete(sessionId);
        }
      }
    },

    async createAgentToken(agentId, ttlMs) {
      const { token, tokenHash } = issueToken();
      agentTokens.set(tokenHash, { agentId, expiresAt: Date.now() + ttlMs });
      return token;
    },

    async findAgentToken(token) {
      const found = agentTokens.get(hashToken(token));
      return found && found.expiresAt > Date.now() ? found.agentId : null;
    },

    async revokeAgentToken(token) {
      return agentTokens.delete(hashToken(token));
    },

    async setPresence(next) {
      if (next.status === 'ready' && presence.get(next.agentId)?.status !== 'ready') {
        agentIdle.set(next.agentId, next.since);
      }
      presence.set(next.agentId, structuredClone(next));
    },

    async listPresence() {
      return structuredClone([...presence.values()]);
    },

    async setActiveSite(agentId, siteKey) {
      if (siteKey === null) activeSites.delete(agentId);
      else activeSites.set(agentId, siteKey);
    },

    async activeSites() {
      return Object.fromEntries(activeSites);
    },

    async markMonitored(sessionId, at) {
      const before = monitored.get(sessionId);
      if (before !== undefined) return before;
      monitored.set(sessionId, at);
      return at;
    },

    async monitoredAt(sessionId) {
      return monitored.get(sessionId) ?? null;
    },

    async ready() {
      return true;
    },

    async close() {},
  };
}

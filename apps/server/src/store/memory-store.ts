import {
  canTransition,
  type FeedbackEvent,
  type FormEvent,
  fail,
  type Handler,
  isOpen,
  type MessageEvent,
  type Presence,
  type Result,
  type SessionData,
  type SessionEvent,
  type SessionSummary,
  type StatusEvent,
} from '@parley/protocol';
import { RECENT_WAITS } from './recent-waits.js';
import type { ChangedStatus, ChangeStatusInput, SessionStore, VisitorRecord } from './session-store.js';
import { hashToken, issueToken, issueVisitor } from './visitor-token.js';

interface StoredSession {
  summary: SessionSummary;
  log: SessionEvent[];
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
}

/** The event a client id was first stored as, when it was. */
function duplicateOf<E extends SessionEvent>(stored: StoredSession, clientId: string): E | undefined {
  const seq = stored.clientIds.get(clientId);
  return seq === undefined ? undefined : (structuredClone(stored.log[seq - 1]) as E);
}

/** Session data without the keys set to null (null deletes a key). */
function withoutNulls(data: SessionData): SessionData {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

/**
 * The embedded store: everything in this process, gone on restart. Single-threaded JavaScript
 * makes each operation atomic. Used by `npm start` when no `REDIS_URL` is set, and by tests.
 */
export function createMemoryStore(): SessionStore {
  const visitors = new Map<string, { siteKey: string } & VisitorRecord>();
  /** `siteKey:userId` -> the visitor id of that verified user. */
  const userVisitors = new Map<string, string>();
  const sessions = new Map<string, StoredSession>();
  const visitorSessionIds = new Map<string, string[]>();
  const openByVisitor = new Map<string, string>();
  const agentTokens = new Map<string, { agentId: string; expiresAt: number }>();
  const presence = new Map<string, Presence>();
  /** Agent id -> since when they are idle (became ready, or last got a chat). */
  const agentIdle = new Map<string, number>();
  const waits = new Map<string, number[]>();
  /** Session ids with an offline form, oldest first. */
  const offline: string[] = [];

  const live = (sessionId: string, now = Date.now()): StoredSession | undefined => {
    const stored = sessions.get(sessionId);
    if (stored && !isOpen(stored.summary.status) && stored.expiresAt <= now) {
      sessions.delete(sessionId);
      return undefined;
    }
    return stored;
  };

  const append = <E extends SessionEvent>(stored: StoredSession, event: Omit<E, 'seq'>): E => {
    const withSeq = { ...event, seq: stored.log.length + 1 } as E;
    stored.log.push(withSeq);
    stored.summary.lastSeq = withSeq.seq;
    stored.summary.updatedAt = event.at;
    return withSeq;
  };

  const changeStatus = (input: ChangeStatusInput): Result<ChangedStatus> => {
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
    });
    stored.summary.status = input.to;
    if (input.handler !== undefined) {
      stored.summary.handler = input.handler;
      stored.handlerSince = input.now;
    }
    if (input.routing) stored.summary.routing = structuredClone(input.routing);
    if (input.to === 'closed') {
      stored.expiresAt = input.now + stored.retentionMs;
      if (openByVisitor.get(stored.summary.visitorId) === input.sessionId) {
        openByVisitor.delete(stored.summary.visitorId);
      }
    }
    return { ok: true, value: { event, session: structuredClone(stored.summary) } };
  };

  return {
    async createVisitor(siteKey) {
      const { visitorId, token, tokenHash } = issueVisitor();
      visitors.set(tokenHash, { siteKey, visitorId });
      return { visitorId, token };
    },

    async findVisitor(siteKey, token) {
      const found = visitors.get(hashToken(token));
      if (!found || found.siteKey !== siteKey) return null;
      return found.userId
        ? { visitorId: found.visitorId, userId: found.userId }
        : { visitorId: found.visitorId };
    },

    async identifyVisitor(siteKey, userId) {
      const userKey = JSON.stringify([siteKey, userId]);
      const visitorId = userVisitors.get(userKey) ?? issueVisitor().visitorId;
      userVisitors.set(userKey, visitorId);
      const { token, tokenHash } = issueToken();
      visitors.set(tokenHash, { siteKey, visitorId, userId });
      return { visitorId, token };
    },

    async moveOpenSession(from, to, now) {
      const theirs = openByVisitor.get(to);
      if (theirs && live(theirs, now)) return null;
      const openId = openByVisitor.get(from);
      const stored = openId ? live(openId, now) : undefined;
      if (!openId || !stored) return null;
      openByVisitor.delete(from);
      openByVisitor.set(to, openId);
      visitorSessionIds.set(
        from,
        (visitorSessionIds.get(from) ?? []).filter((id) => id !== openId),
      );
      visitorSessionIds.set(to, [openId, ...(visitorSessionIds.get(to) ?? [])]);
      stored.summary.visitorId = to;
      stored.summary.updatedAt = now;
      return structuredClone(stored.summary);
    },

    async setVisitorInfo(sessionId, visitor, now) {
      const stored = live(sessionId, now);
      if (!stored) return fail('not_found', `No session ${sessionId}`);
      stored.summary.visitor = structuredClone(visitor);
      stored.summary.updatedAt = now;
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
        },
        log: [],
        clientIds: new Map(),
        idleTimeoutMs: input.idleTimeoutMs,
        retentionMs: input.retentionMs,
        idleDeadline: input.now + input.idleTimeoutMs,
        expiresAt: Number.POSITIVE_INFINITY,
        handlerSince: input.now,
      };
      sessions.set(input.sessionId, stored);
      openByVisitor.set(input.visitorId, input.sessionId);
      visitorSessionIds.set(input.visitorId, [
        input.sessionId,
        ...(visitorSessionIds.get(input.visitorId) ?? []),
      ]);
      const opened = changeStatus({ ...input, to: input.status });
      if (!opened.ok) throw new Error(`Cannot open a session as ${input.status}: ${opened.error.message}`);
      return { session: opened.value.session, events: [opened.value.event], created: true };
    },

    async getSession(sessionId) {
      const stored = live(sessionId);
      return stored ? structuredClone(stored.summary) : null;
    },

    async visitorSessions(visitorId, limit) {
      const ids = visitorSessionIds.get(visitorId) ?? [];
      const found = ids.map((id) => live(id)).filter((s): s is StoredSession => s !== undefined);
      visitorSessionIds.set(
        visitorId,
        found.map((s) => s.summary.id),
      );
      return found.slice(0, limit).map((s) => structuredClone(s.summary));
    },

    async appendMessage(input) {
      const stored = live(input.sessionId, input.now);
      if (!stored) return fail('not_found', `No session ${input.sessionId}`);
      const seen = duplicateOf<MessageEvent>(stored, input.clientId);
      if (seen)
        return {
          ok: true,
          value: { event: seen, session: structuredClone(stored.summary), duplicate: true },
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
      });
      stored.clientIds.set(input.clientId, event.seq);
      stored.summary.lastSpeaker = input.author.role;
      stored.idleDeadline = input.now + stored.idleTimeoutMs;
      return { ok: true, value: { event, session: structuredClone(stored.summary), duplicate: false } };
    },

    async appendFeedback(input) {
      const stored = live(input.sessionId, input.now);
      if (!stored) return fail('not_found', `No session ${input.sessionId}`);
      const seen = duplicateOf<FeedbackEvent>(stored, input.clientId);
      if (seen)
        return {
          ok: true,
          value: { event: seen, session: structuredClone(stored.summary), duplicate: true },
        };
      const event = append<FeedbackEvent>(stored, {
        type: 'feedback',
        sessionId: input.sessionId,
        at: input.now,
        clientId: input.clientId,
        author: input.author,
        feedback: input.feedback,
      });
      stored.clientIds.set(input.clientId, event.seq);
      return { ok: true, value: { event, session: structuredClone(stored.summary), duplicate: false } };
    },

    async setData(sessionId, data, now) {
      const stored = live(sessionId, now);
      if (!stored) return fail('not_found', `No session ${sessionId}`);
      stored.summary.data = withoutNulls({ ...stored.summary.data, ...data });
      stored.summary.updatedAt = now;
      return { ok: true, value: structuredClone(stored.summary) };
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
      const seen = duplicateOf<FormEvent>(stored, input.clientId);
      if (seen) {
        return {
          ok: true,
          value: { event: seen, session: structuredClone(stored.summary), duplicate: true },
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
      stored.clientIds.set(input.clientId, event.seq);
      stored.summary.lastSpeaker = input.author.role;
      stored.formSeq = event.seq;
      offline.push(input.sessionId);
      return { ok: true, value: { event, session: structuredClone(stored.summary), duplicate: false } };
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

    async ready() {
      return true;
    },

    async close() {},
  };
}

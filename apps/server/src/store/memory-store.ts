import {
  canTransition,
  type FeedbackEvent,
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
import type { ChangedStatus, ChangeStatusInput, SessionStore } from './session-store.js';
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
  const visitors = new Map<string, { siteKey: string; visitorId: string }>();
  const sessions = new Map<string, StoredSession>();
  const visitorSessionIds = new Map<string, string[]>();
  const openByVisitor = new Map<string, string>();
  const agentTokens = new Map<string, { agentId: string; expiresAt: number }>();
  const presence = new Map<string, Presence>();

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
    if (input.handler !== undefined) stored.summary.handler = input.handler;
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
      return found && found.siteKey === siteKey ? found.visitorId : null;
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
      const bot = input.requireBot;
      if (bot !== undefined && (status !== 'bot' || handler?.kind !== 'bot' || handler.id !== bot)) {
        return fail('session_closed', `Session ${input.sessionId} is no longer with bot ${bot}`);
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

    async eventsSince(sessionId, since, limit) {
      return structuredClone(live(sessionId)?.log.slice(since, since + limit) ?? []);
    },

    async handlerSessions(handler: Handler) {
      return [...sessions.values()]
        .filter((s) => isOpen(s.summary.status))
        .filter((s) => s.summary.handler?.kind === handler.kind && s.summary.handler.id === handler.id)
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
      presence.set(next.agentId, structuredClone(next));
    },

    async listPresence() {
      return structuredClone([...presence.values()]);
    },

    async close() {},
  };
}

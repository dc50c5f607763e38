import { type FormFields, fail, type Result, type RouteOutcome, type SessionSummary } from '@parley/protocol';
import { mayRead } from '../agents/agent-access.js';
import type { ParleyConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import type { Assigner } from './assignment.js';
import { checkOfflineForm } from './offline-form.js';
import type { Publisher } from './publisher.js';
import type { Router } from './routing.js';
import type { SessionService, VisitorRef } from './session-service.js';

export interface VisitorRoutingDeps {
  config: ParleyConfig;
  store: SessionStore;
  sessions: SessionService;
  publish: Publisher;
  route: Router;
  assigner: Assigner;
  clock: () => number;
}

/** The visitor's side of the handoff: asking for a person, and leaving a message when nobody can. */
export function createVisitorRouting({
  config,
  store,
  sessions,
  publish,
  route,
  assigner,
  clock,
}: VisitorRoutingDeps) {
  return {
    /** "Talk to a person": a session with the bot goes to the site's human queue. */
    async handoff(
      visitor: VisitorRef,
      sessionId: string,
    ): Promise<Result<{ route: RouteOutcome; seq: number }>> {
      const own = await sessions.ownSession(visitor, sessionId);
      if (!own.ok) return own;
      if (own.value.status !== 'bot') {
        return fail('invalid_transition', `The session is ${own.value.status}; only the bot hands over`);
      }
      return route(own.value, {}, { role: 'visitor', id: visitor.visitorId }, 'handoff');
    },

    /**
     * The offline form: stored with the session (once per client id), listed for the desks,
     * and the session closes (reason `offline-form`).
     */
    async submitOffline(
      visitor: VisitorRef,
      input: { sessionId: string; clientId: string; fields: FormFields },
    ): Promise<Result<{ seq: number }>> {
      const own = await sessions.ownSession(visitor, input.sessionId);
      if (!own.ok) return own;
      const fields = checkOfflineForm(visitor.site.offlineForm, input.fields);
      if (!fields.ok) return fields;
      const author = { role: 'visitor', id: visitor.visitorId } as const;
      const written = await store.appendForm({
        sessionId: input.sessionId,
        clientId: input.clientId,
        author,
        fields: fields.value,
        now: clock(),
      });
      if (!written.ok) return written;
      const { event, duplicate } = written.value;
      if (duplicate) return { ok: true, value: { seq: event.seq } };
      publish.event(written.value.session, event);
      let session: SessionSummary = written.value.session;
      const closed = await store.changeStatus({
        sessionId: input.sessionId,
        to: 'closed',
        reason: 'offline-form',
        by: author,
        now: clock(),
      });
      if (closed.ok) {
        session = closed.value.session;
        publish.event(session, closed.value.event);
      }
      for (const agent of config.agents) {
        if (mayRead(agent, session)) publish.offlineMessage(agent.id, { session, form: event });
      }
      return { ok: true, value: { seq: event.seq } };
    },

    /** A reconnecting visitor with a queued session hears their place in line again. */
    resynced(synced: SessionSummary[]): void {
      if (synced.some((s) => s.status === 'queued')) assigner.queueChanged();
    },
  };
}

export type VisitorRouting = ReturnType<typeof createVisitorRouting>;

import {
  type Author,
  type FormFields,
  fail,
  fillPlaceholders,
  type Handler,
  isOpen,
  type OpenSessionInput,
  type Result,
  type RouteOutcome,
  type SessionSummary,
  type VisitorInfo,
  type Written,
  writeAck,
} from '@parley/protocol';
import { mayRead } from '../agents/agent-access.js';
import type { ParleyConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import type { Assigner } from './assignment.js';
import { checkForm } from './form-check.js';
import { announceHandOver } from './hand-over.js';
import type { Publisher } from './publisher.js';
import type { Router } from './routing.js';
import type { SessionService, VisitorRef } from './session-service.js';
import { newSessionInfo, withPrechat } from './visitor-identity.js';

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
  /** A template's welcome, said by its bot (or by Parley before a queue), placeholders filled. */
  /** The template's first message: in its bot's name, or Parley's before a human queue. */
  const welcome = async (
    session: SessionSummary,
    text: string,
    params: Record<string, string>,
    byBot: boolean,
  ) => {
    const { handler } = session;
    const bot = byBot && handler?.kind === 'bot' ? config.bots.find((b) => b.id === handler.id) : undefined;
    const author: Author = bot
      ? { role: 'bot', id: bot.id, name: bot.name }
      : { role: 'system', id: 'parley' };
    sessions.published(
      await store.appendMessage({
        sessionId: session.id,
        clientId: `welcome-${session.id}`,
        author,
        text: fillPlaceholders(text, params),
        now: clock(),
      }),
    );
  };

  return {
    /**
     * Opening the widget, or `Parley('startSession')`: the visitor's open session when there is
     * one (unchanged), otherwise a new one with the pre-chat answers (checked against the form
     * of the template, or of the site; required unless the visitor is `identified`) and the
     * template applied: its bot or human queue, its params (the call's over the template's) as
     * session data, and its welcome.
     */
    async open(
      visitor: VisitorRef,
      info: VisitorInfo,
      input: Omit<OpenSessionInput, 'info'> & {
        /**
         * Params per application (by bot id), over the global ones for the bot the template
         * gives the session to (REST `POST /api/v1/sessions`, the brief's createSession).
         */
        appParams?: Record<string, Record<string, string>> | undefined;
      },
      identified: boolean,
      /** Who asks: the visitor's widget, or the REST API (its sessions' direction is `outbound`). */
      startedBy: 'visitor' | 'api' = 'visitor',
    ): Promise<Result<SessionSummary>> {
      const { site } = visitor;
      const name = input.template;
      const template = name === undefined ? undefined : site.templates[name];
      if (name !== undefined && !template)
        return fail('not_found', `The site has no session template "${name}"`);
      const latest = await sessions.latestSession(visitor);
      if (latest && isOpen(latest.status)) return { ok: true, value: latest };
      const form = template?.prechatForm ?? site.prechatForm ?? [];
      let visitorInfo: VisitorInfo;
      if (input.prechat) {
        const answers = checkForm(form, input.prechat);
        if (!answers.ok) return answers;
        visitorInfo = withPrechat(info, answers.value);
      } else {
        const known = newSessionInfo(info, latest, { form, identified });
        if (!known.ok) return known;
        visitorInfo = known.value;
      }
      const correlation = input.correlationId ? { correlationId: input.correlationId } : {};
      const api = startedBy === 'api';
      if (!template || name === undefined) {
        const options = { ...correlation, ...(api ? { reason: 'api' } : {}) };
        return { ok: true, value: (await sessions.open(visitor, visitorInfo, options)).session };
      }

      const app = template.bot ?? (template.queue ? undefined : site.entry.bot);
      const params = { ...template.params, ...input.params, ...(app ? input.appParams?.[app] : {}) };
      const handler: Handler | undefined = template.bot ? { kind: 'bot', id: template.bot } : undefined;
      const opened = await sessions.open(visitor, visitorInfo, {
        ...(handler ? { handler } : {}),
        // A session for a human queue is routed before its entry bot hears of it.
        reason: template.queue ? (api ? 'api-template' : 'template') : api ? 'api' : 'entry',
        data: { ...params, template: name },
        // The bot hears of it once the welcome is written, so it sees the welcome in the log.
        announce: !template.welcome,
        ...correlation,
      });
      if (!opened.created) return { ok: true, value: opened.session };
      if (template.welcome) await welcome(opened.session, template.welcome, params, !template.queue);
      if (!template.queue) {
        if (template.welcome) await announceHandOver(store, publish, opened.session);
        return { ok: true, value: opened.session };
      }
      const by: Author = { role: 'visitor', id: visitor.visitorId };
      const routed = await route(opened.session, { queue: template.queue }, by, 'template');
      if (!routed.ok) return routed;
      return { ok: true, value: (await store.getSession(opened.session.id)) ?? opened.session };
    },

    /** "Talk to a person": a session with the bot goes to the site's human queue. */
    async handoff(
      visitor: VisitorRef,
      sessionId: string,
      /** The socket that asked: it gets the change in its ack only. */
      sender?: string,
    ): Promise<Result<{ route: RouteOutcome } & Written>> {
      const own = await sessions.ownSession(visitor, sessionId);
      if (!own.ok) return own;
      if (own.value.status !== 'bot') {
        return fail('invalid_transition', `The session is ${own.value.status}; only the bot hands over`);
      }
      return route(own.value, {}, { role: 'visitor', id: visitor.visitorId }, 'handoff', { sender });
    },

    /**
     * The offline form: stored with the session (once per client id), listed for the desks,
     * and the session closes (reason `offline-form`).
     */
    async submitOffline(
      visitor: VisitorRef,
      input: { sessionId: string; clientId: string; fields: FormFields },
      /** The socket that sent it: it gets the form's event in its ack only (not the close after). */
      sender?: string,
    ): Promise<Result<Written>> {
      const own = await sessions.ownSession(visitor, input.sessionId);
      if (!own.ok) return own;
      const fields = checkForm(visitor.site.offlineForm, input.fields);
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
      // A duplicate is published again (its first publish may have been lost), then done.
      publish.event(written.value.session, event, { sender });
      if (duplicate) return { ok: true, value: writeAck(event) };
      const closed = await store.changeStatus({
        sessionId: input.sessionId,
        to: 'closed',
        reason: 'offline-form',
        by: author,
        now: clock(),
      });
      if (closed.ok) publish.event(closed.value.session, closed.value.event);
      // The desk lists the message with its whole session; the append gave only the head.
      const session = closed.ok ? closed.value.session : await store.getSession(input.sessionId);
      if (!session) return { ok: true, value: writeAck(event) };
      for (const agent of config.agents) {
        if (mayRead(agent, session)) publish.offlineMessage(agent.id, { session, form: event });
      }
      return { ok: true, value: writeAck(event) };
    },

    /** A reconnecting visitor with a queued session hears their place in line again. */
    resynced(synced: SessionSummary[]): void {
      if (synced.some((s) => s.status === 'queued')) assigner.queueChanged();
    },
  };
}

export type VisitorRouting = ReturnType<typeof createVisitorRouting>;

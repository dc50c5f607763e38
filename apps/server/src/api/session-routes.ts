import {
  AttachmentIdSchema,
  BotMessageSchema,
  ClientIdSchema,
  FeedbackSchema,
  fail,
  isOpen,
  LIMITS,
  MessageTextSchema,
  type Result,
  RouteTargetSchema,
  SESSION_STATUSES,
  type SessionStatus,
} from '@parley/protocol';
import * as v from 'valibot';
import { knownVisitor } from '../sessions/known-visitor.js';
import {
  type ApiServices,
  asAgent,
  asBot,
  CursorQuerySchema,
  IdParamsSchema,
  LimitQuerySchema,
  recordsOf,
  siteSession,
  writeAs,
} from './api-context.js';
import { defineRoute } from './api-route.js';
import {
  CreatedSessionSchema,
  RouteResultSchema,
  SeqSchema,
  SessionDetailSchema,
  SessionListSchema,
  timeQuery,
} from './api-schemas.js';
import { offsetCursor, readOffsetCursor } from './offset-cursor.js';

const TAG = 'Sessions';

const list = (what: string, valid: (item: string) => boolean) =>
  v.optional(
    v.pipe(
      v.string(),
      v.description(`One or more ${what}, comma-separated`),
      v.maxLength(500),
      v.check((s) => s.split(',').every(valid), `Unknown ${what}`),
      v.transform((s) => s.split(',')),
    ),
  );

/**
 * A write's answer over REST: the socket acks carry the event too (`Written`, issue 16), for the
 * connection that will not get it pushed; a REST caller asks for the log when it wants it.
 */
const withoutEvent = <T extends { event?: unknown }>(result: Result<T>): Result<Omit<T, 'event'>> => {
  if (!result.ok) return result;
  const { event: _, ...value } = result.value;
  return { ok: true, value };
};

const code = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_-]{1,64}$/));

export const SessionQuerySchema = v.strictObject({
  status: list('statuses', (s) => (SESSION_STATUSES as readonly string[]).includes(s)),
  queue: list('queues', (s) => /^[a-zA-Z0-9_-]{1,64}$/.test(s)),
  agent: v.optional(code),
  label: list('labels', (s) => /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u.test(s)),
  from: timeQuery(),
  to: timeQuery(),
  q: v.optional(v.pipe(v.string(), v.description('Words to find (web-search syntax)'), v.maxLength(200))),
  limit: LimitQuerySchema,
  cursor: CursorQuerySchema,
});

const paramsMap = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_-]{1,64}$/)),
    v.pipe(v.string(), v.maxLength(LIMITS.field)),
  ),
  v.maxEntries(LIMITS.attributes),
);

/** The brief's createSession; each field's description goes into the OpenAPI document. */
export const CreateSessionSchema = v.strictObject({
  template: v.pipe(code, v.description("A session template of the key's site (`sites[].templates`)")),
  params: v.optional(v.pipe(paramsMap, v.description("Global params, over the template's own"))),
  appParams: v.optional(
    v.pipe(
      v.record(code, paramsMap),
      v.maxEntries(20),
      v.description(
        'Params per application (bot id), over the global ones for the bot that takes the session',
      ),
    ),
  ),
  correlationId: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1),
      v.maxLength(200),
      v.description('Kept on the session, its record, what its bot sees and its webhooks'),
    ),
  ),
  visitor: v.optional(
    v.pipe(
      v.strictObject({
        visitorId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
        userId: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))),
        name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
        email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(320))),
      }),
      v.check((x) => !(x.visitorId && x.userId), 'Name the visitor by visitorId or by userId, not both'),
      v.description(
        "Whose session: a visitor the site knows (visitorId), or the site's user (userId, created when new); omitted, a new visitor",
      ),
    ),
  ),
});

export const PostMessageSchema = v.variant('as', [
  v.strictObject({ ...asBot, clientId: ClientIdSchema, ...BotMessageSchema.entries }),
  v.strictObject({
    ...asAgent,
    clientId: ClientIdSchema,
    text: v.optional(MessageTextSchema),
    attachmentId: v.optional(AttachmentIdSchema),
  }),
]);

/** An agent transfers without params (as on the desk); a bot may pass them on. */
const { params: _params, ...humanTarget } = RouteTargetSchema.entries;
export const RouteSessionSchema = v.variant('as', [
  v.strictObject({ ...asBot, ...RouteTargetSchema.entries }),
  v.strictObject({ ...asAgent, ...humanTarget }),
]);

const reason = v.optional(
  v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Use a short lowercase reason code')),
);

/** As the bot handling it, the agent who has it, or the key itself (`api`: any open session). */
export const CloseSessionSchema = v.variant('as', [
  v.strictObject({ ...asBot, reason }),
  v.strictObject({ ...asAgent }),
  v.strictObject({ as: v.literal('api'), reason }),
]);

export const SessionFeedbackSchema = v.strictObject({
  ...asBot,
  clientId: ClientIdSchema,
  ...FeedbackSchema.entries,
});

/**
 * Sessions: list and search (the records), one with its log, and creating one from a template
 * (the brief's createSession); writes as a bot or an agent through their services, authorised as
 * they would be on a socket.
 */
export function sessionRoutes(services: ApiServices) {
  const { store, sessions, routing, bots, agents, clock } = services;
  return [
    defineRoute({
      method: 'GET',
      path: '/sessions',
      operationId: 'listSessions',
      summary:
        "Sessions of the key's site, newest first, or best first with `q`; filtered by status, queue, agent and time (from the records).",
      tag: TAG,
      scope: 'read',
      query: SessionQuerySchema,
      response: SessionListSchema,
      async handle({ caller, query }) {
        const records = recordsOf(services);
        if (!records.ok) return records;
        const offset = readOffsetCursor(query.cursor);
        if (!offset.ok) return offset;
        if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
          return fail('invalid_payload', '`from` is after `to`');
        }
        const limit = query.limit ?? 20;
        const page = await records.value.search({
          scope: { siteKeys: [caller.site.key] },
          ...(query.q ? { text: query.q } : {}),
          ...(query.from !== undefined ? { from: query.from } : {}),
          ...(query.to !== undefined ? { to: query.to } : {}),
          ...(query.status ? { statuses: query.status as SessionStatus[] } : {}),
          ...(query.queue ? { queues: query.queue } : {}),
          ...(query.agent ? { agentId: query.agent } : {}),
          ...(query.label ? { labels: query.label.map((label) => label.toLowerCase()) } : {}),
          limit,
          offset: offset.value,
        });
        const end = offset.value + page.hits.length;
        return {
          ok: true,
          value: {
            sessions: page.hits.map((hit) => hit.session),
            total: page.total,
            next: end < page.total && page.hits.length > 0 ? offsetCursor(end) : null,
          },
        };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/sessions/{id}',
      operationId: 'getSession',
      summary: 'A session: as the live store has it, as the records keep it, and its log.',
      tag: TAG,
      scope: 'read',
      params: IdParamsSchema,
      response: SessionDetailSchema,
      async handle({ caller, params }) {
        const live = await siteSession(services, caller, params.id);
        const transcript = await services.records?.transcript(params.id, {
          scope: { siteKeys: [caller.site.key] },
        });
        if (!live.ok && !transcript) return live;
        const events = live.ok
          ? await store.eventsSince(params.id, 0, live.value.lastSeq)
          : (transcript?.events ?? []);
        return {
          ok: true,
          value: { session: live.ok ? live.value : null, record: transcript?.session ?? null, events },
        };
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/sessions',
      operationId: 'createSession',
      summary:
        "Starts a session from a template of the site, with params (global, then per app) over the template's, and a correlation id; answers its id. `conflict` when the visitor has an open session.",
      tag: TAG,
      scope: 'write',
      body: CreateSessionSchema,
      response: CreatedSessionSchema,
      status: 201,
      errors: ['conflict'],
      async handle({ caller, body }) {
        const { site } = caller;
        const who = body.visitor ?? {};
        let visitorId: string;
        if (who.userId) {
          const retentionMs = site.retentionDays * 24 * 60 * 60 * 1000;
          visitorId = (
            await store.identifyVisitor({ siteKey: site.key, userId: who.userId, retentionMs, now: clock() })
          ).visitorId;
        } else if (who.visitorId) {
          const known = await knownVisitor(store, services.records, site.key, who.visitorId);
          if (!known) return fail('not_found', `No visitor ${who.visitorId} on site ${site.key}`);
          visitorId = who.visitorId;
        } else {
          visitorId = (await store.createVisitor(site.key)).visitorId;
        }
        const visitor = { site, visitorId };
        const open = await sessions.openSessionOf(visitor);
        if (open) return fail('conflict', `The visitor has an open session, ${open.id}`);
        const info = { ...(who.name ? { name: who.name } : {}), ...(who.email ? { email: who.email } : {}) };
        const opened = await routing.open(
          visitor,
          info,
          {
            template: body.template,
            ...(body.params ? { params: body.params } : {}),
            ...(body.appParams ? { appParams: body.appParams } : {}),
            ...(body.correlationId ? { correlationId: body.correlationId } : {}),
          },
          true,
          'api',
        );
        return opened.ok ? { ok: true, value: { sessionId: opened.value.id } } : opened;
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/sessions/{id}/messages',
      operationId: 'postMessage',
      summary:
        'A message as a bot (handling the session) or an agent (who has it): text, a file uploaded before (`attachmentId`, see `uploadFile`), or both; `clientId` makes a retry safe: it is stored once and answers the same seq.',
      tag: TAG,
      scope: 'write',
      params: IdParamsSchema,
      body: PostMessageSchema,
      response: SeqSchema,
      errors: ['session_closed', 'payload_too_large', 'conflict', 'not_configured'],
      handle: ({ caller, params, body }) =>
        writeAs(services, caller, params.id, body, {
          bot: async (bot, { as: _as, botId: _id, ...message }) =>
            withoutEvent(await bots.send(bot, { sessionId: params.id, ...message })),
          agent: async (agent, { clientId, text, attachmentId }) => {
            const sent = await agents.send(agent, { sessionId: params.id, clientId, text, attachmentId });
            return sent.ok ? { ok: true, value: { seq: sent.value.seq } } : sent;
          },
        }),
    }),

    defineRoute({
      method: 'POST',
      path: '/sessions/{id}/route',
      operationId: 'routeSession',
      summary:
        'Routes a session as the bot handling it (to a queue, team, agent or skills), or transfers it as the agent who has it.',
      tag: TAG,
      scope: 'write',
      params: IdParamsSchema,
      body: RouteSessionSchema,
      response: RouteResultSchema,
      errors: ['session_closed', 'invalid_transition'],
      handle: ({ caller, params, body }) =>
        writeAs(services, caller, params.id, body, {
          bot: async (bot, { as: _as, botId: _id, ...target }) =>
            withoutEvent(await bots.route(bot, { sessionId: params.id, ...target })),
          agent: async (agent, { as: _as, agentId: _id, ...target }) => {
            if (!target.queue && !target.team && !target.agent && !target.skills) {
              return fail('invalid_payload', 'Name a queue, team, agent or skills to transfer to');
            }
            return withoutEvent(await agents.transfer(agent, { sessionId: params.id, ...target }));
          },
        }),
    }),

    defineRoute({
      method: 'POST',
      path: '/sessions/{id}/close',
      operationId: 'closeSession',
      summary:
        'Closes a session as the bot handling it, the agent who has it, or (`as: api`) the key itself, whatever its status.',
      tag: TAG,
      scope: 'write',
      params: IdParamsSchema,
      body: CloseSessionSchema,
      response: SeqSchema,
      errors: ['session_closed'],
      async handle({ caller, params, body }) {
        const session = await siteSession(services, caller, params.id);
        if (session.ok && !isOpen(session.value.status)) {
          return fail('session_closed', 'The session is already closed');
        }
        return writeAs(services, caller, params.id, body, {
          bot: async (bot, { reason }) =>
            withoutEvent(await bots.close(bot, { sessionId: params.id, ...(reason ? { reason } : {}) })),
          agent: async (agent) => withoutEvent(await agents.close(agent, params.id)),
          api: async ({ reason }) =>
            withoutEvent(
              await sessions.close(
                params.id,
                { role: 'system', id: `api-key:${caller.key.id}` },
                reason ?? 'api',
              ),
            ),
        });
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/sessions/{id}/feedback',
      operationId: 'sessionFeedback',
      summary:
        "Feedback a bot collected (score on the site's scale, tag, review), as the bot handling the session; `clientId` makes a retry safe.",
      tag: TAG,
      scope: 'write',
      params: IdParamsSchema,
      body: SessionFeedbackSchema,
      response: SeqSchema,
      errors: ['session_closed'],
      handle: ({ caller, params, body }) =>
        writeAs(services, caller, params.id, body, {
          bot: async (bot, { as: _as, botId: _id, ...feedback }) =>
            withoutEvent(await bots.feedback(bot, { sessionId: params.id, ...feedback })),
        }),
    }),
  ];
}

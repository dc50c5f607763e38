import { fail } from '@parley/protocol';
import * as v from 'valibot';
import { worksOn } from '../agents/agent-access.js';
import { BadCursorError } from '../records/page-cursor.js';
import { type ApiServices, CursorQuerySchema, LimitQuerySchema, recordsOf } from './api-context.js';
import { defineRoute } from './api-route.js';
import { OfflineListSchema, PresenceListSchema } from './api-schemas.js';

/** Offline messages of the site (the records) and the agents' presence (live). */
export function siteRoutes(services: ApiServices) {
  return [
    defineRoute({
      method: 'GET',
      path: '/offline-messages',
      operationId: 'listOfflineMessages',
      summary: 'Messages visitors left through the offline form, newest first, a page at a time.',
      tag: 'Offline messages',
      scope: 'read',
      query: v.strictObject({ limit: LimitQuerySchema, cursor: CursorQuerySchema }),
      response: OfflineListSchema,
      async handle({ caller, query }) {
        const records = recordsOf(services);
        if (!records.ok) return records;
        try {
          const page = await records.value.offlineMessages({
            scope: { siteKeys: [caller.site.key] },
            ...(query.cursor ? { before: query.cursor } : {}),
            ...(query.limit ? { limit: query.limit } : {}),
          });
          return { ok: true, value: page };
        } catch (error) {
          if (error instanceof BadCursorError)
            return fail('invalid_payload', '`cursor` is not a page cursor of this list');
          throw error;
        }
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/agents/presence',
      operationId: 'listPresence',
      summary: "Every agent's presence: ready, not ready (with the reason) or offline, and since when.",
      tag: 'Agents',
      scope: 'read',
      response: PresenceListSchema,
      // Only the agents who work on the key's site (issue 15).
      handle: async ({ caller }) => {
        const theirs = new Set(
          services.config.agents.filter((agent) => worksOn(agent, caller.site.key)).map((agent) => agent.id),
        );
        const agents = (await services.presence.list()).filter((p) => theirs.has(p.agentId));
        return { ok: true, value: { agents } };
      },
    }),
  ];
}

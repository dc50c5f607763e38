import { DIRECTIONS, parsePayload, type Report, ReportQuerySchema } from '@parley/protocol';
import * as v from 'valibot';
import { createReportService } from '../reports/report-service.js';
import type { ApiServices } from './api-context.js';
import { defineRoute } from './api-route.js';
import { type Fits, time, timeQuery } from './api-schemas.js';

const DAY = 24 * 60 * 60 * 1000;
const code = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_.:-]{1,64}$/));

export const ReportApiQuerySchema = v.strictObject({
  from: timeQuery('Conversations started from (inclusive; default: 7 days before `to`)'),
  to: timeQuery('...to (exclusive; default: now)'),
  queue: v.optional(v.pipe(code, v.description('Routed to this queue'))),
  team: v.optional(v.pipe(code, v.description('Routed to this team'))),
  agent: v.optional(v.pipe(code, v.description('Handled by this agent'))),
  direction: v.optional(
    v.pipe(v.picklist(DIRECTIONS), v.description('Started by the visitor, a bot or the API, or an agent')),
  ),
});

const duration = v.strictObject({
  count: v.number(),
  median: v.nullable(v.number()),
  p90: v.nullable(v.number()),
});

export const ReportSchema = v.strictObject({
  query: v.strictObject({
    from: time,
    to: time,
    siteKey: v.optional(v.string()),
    queue: v.optional(v.string()),
    team: v.optional(v.string()),
    agentId: v.optional(v.string()),
    direction: v.optional(v.picklist(DIRECTIONS)),
  }),
  volume: v.strictObject({
    bucket: v.picklist(['hour', 'day']),
    points: v.array(v.strictObject({ at: time, count: v.number() })),
  }),
  directions: v.array(v.strictObject({ direction: v.picklist(DIRECTIONS), count: v.number() })),
  handling: v.strictObject({ total: v.number(), botsOnly: v.number(), toHumans: v.number() }),
  firstResponse: duration,
  queueWait: duration,
  handlingTime: duration,
  missed: v.strictObject({ total: v.number(), withForm: v.number(), withoutForm: v.number() }),
  ratings: v.array(
    v.strictObject({
      by: v.picklist(['site', 'agent', 'team', 'queue']),
      key: v.string(),
      siteKey: v.string(),
      scale: v.picklist(['stars', 'thumbs', 'nps']),
      count: v.number(),
      average: v.number(),
      promoters: v.number(),
      detractors: v.number(),
      score: v.number(),
    }),
  ),
});
export const ReportAnswerSchema = v.strictObject({ report: ReportSchema });
const fits: Fits<Report, typeof ReportSchema> = true;
void fits;

/** The reports (issue 15, item 6) of the key's site: the same figures the desk's Reports view shows. */
export function reportRoutes(services: ApiServices) {
  const reports = createReportService(services);
  return [
    defineRoute({
      method: 'GET',
      path: '/reports',
      operationId: 'getReport',
      summary:
        "The site's figures for conversations started in a range (at most a year): conversations per hour or day, by direction (inbound, outbound, agent-initiated), bots alone versus humans, first response, queue wait and handling time (median, p90, ms), missed chats, and ratings per agent, team and queue on the site's scale.",
      tag: 'Reports',
      scope: 'read',
      query: ReportApiQuerySchema,
      response: ReportAnswerSchema,
      async handle({ caller, query }) {
        const to = query.to ?? services.clock();
        const parsed = parsePayload(ReportQuerySchema, {
          from: query.from ?? to - 7 * DAY,
          to,
          ...(query.queue ? { queue: query.queue } : {}),
          ...(query.team ? { team: query.team } : {}),
          ...(query.agent ? { agentId: query.agent } : {}),
          ...(query.direction ? { direction: query.direction } : {}),
        });
        if (!parsed.ok) return parsed;
        const report = await reports.forSite(caller.site.key, parsed.value);
        return report.ok ? { ok: true, value: { report: report.value } } : report;
      },
    }),
  ];
}

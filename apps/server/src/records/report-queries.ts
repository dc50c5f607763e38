import {
  DIRECTIONS,
  type Direction,
  type DurationFigure,
  type RatingRow,
  type Report,
  type ReportScale,
} from '@parley/protocol';
import { type Expression, expressionBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { RecordsDatabase, SessionsTable } from './records-database.js';
import type { RecordsScope } from './records-store.js';
import { inScope } from './session-scope.js';

/** What a report covers (`RecordsStore.report`): sessions started within [from, to), filtered. */
export interface ReportFilter {
  /** What the asker may read; the filters only narrow it. */
  scope: RecordsScope;
  from: number;
  to: number;
  siteKey?: string;
  queue?: string;
  team?: string;
  /** Sessions this agent handled (and, in the ratings, only this agent's row). */
  agentId?: string;
  /** Sessions started this way (issue 15, item 5). */
  direction?: Direction;
  /** Each site's feedback scale (`stars` when not given): ratings are never mixed across them. */
  scales?: Readonly<Record<string, ReportScale>>;
}

/** The figures of a report; the caller adds the query it answered. */
export type ReportFigures = Omit<Report, 'query'>;

type Db = Kysely<RecordsDatabase>;
const eb = expressionBuilder<{ s: SessionsTable }, 's'>();
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * Sessions (aliased `s`) that count in the agents' own figures (first response, handling time,
 * ratings): not those a supervisor monitored silently (issue 15, item 3; `monitored_sessions`),
 * as the product brief asks. They still count in the volumes.
 */
export function countsForAgents(): Expression<SqlBool> {
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM monitored_sessions m WHERE m.session_id = s.id)`;
}

/** The report's filters on sessions (aliased `s`); erased shells still count. */
function reportFilters(filter: ReportFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [
    inScope(filter.scope, filter.siteKey === undefined ? filter.scope.siteKeys : [filter.siteKey]),
    eb('s.created_at', '>=', new Date(filter.from)),
    eb('s.created_at', '<', new Date(filter.to)),
  ];
  if (filter.queue !== undefined) conditions.push(eb('s.queue', '=', filter.queue));
  if (filter.team !== undefined) conditions.push(eb('s.team', '=', filter.team));
  if (filter.agentId !== undefined)
    conditions.push(sql<SqlBool>`${sql.ref('s.agents')} @> ARRAY[${filter.agentId}]::text[]`);
  if (filter.direction !== undefined) conditions.push(eb('s.direction', '=', filter.direction));
  return eb.and(conditions);
}

/** When the session (`s`) first moved to one of these statuses, or null. */
const firstChangeTo = (...statuses: string[]): RawBuilder<Date | null> =>
  sql`(SELECT min(e.at) FROM events e WHERE e.session_id = s.id AND e.type = 'session.changed'
    AND e.payload->>'to' IN (${sql.join(statuses)}))`;

const firstAgentMessage: RawBuilder<Date | null> = sql`(SELECT min(e.at) FROM events e
  WHERE e.session_id = s.id AND e.type = 'message' AND e.author_role = 'agent')`;

const sessions = (db: Db, filter: ReportFilter) =>
  db.selectFrom('sessions as s').where(reportFilters(filter));

/** Conversations started per hour (a range of a day or less) or per day, UTC, empty buckets as 0. */
async function volume(db: Db, filter: ReportFilter): Promise<ReportFigures['volume']> {
  const bucket = filter.to - filter.from <= DAY ? 'hour' : 'day';
  const rows = await sessions(db, filter)
    .select([
      sql<Date>`date_trunc(${bucket}, s.created_at, 'UTC')`.as('at'),
      sql<number>`count(*)::int`.as('count'),
    ])
    .groupBy('at')
    .execute();
  const counts = new Map(rows.map((row) => [row.at.getTime(), row.count]));
  const step = bucket === 'hour' ? HOUR : DAY;
  const points: ReportFigures['volume']['points'] = [];
  for (let at = filter.from - (filter.from % step); at < filter.to; at += step)
    points.push({ at, count: counts.get(at) ?? 0 });
  return { bucket, points };
}

/** Conversations by who started them, every direction listed (empty ones as 0). */
async function directions(db: Db, filter: ReportFilter): Promise<ReportFigures['directions']> {
  const rows = await sessions(db, filter)
    .select(['s.direction', sql<number>`count(*)::int`.as('count')])
    .groupBy('s.direction')
    .execute();
  const counts = new Map(rows.map((row) => [row.direction, row.count]));
  return DIRECTIONS.map((direction) => ({ direction, count: counts.get(direction) ?? 0 }));
}

/** Kept by bots to the end, versus handed to humans (queued, assigned or offline, or an agent wrote). */
async function handling(db: Db, filter: ReportFilter): Promise<ReportFigures['handling']> {
  const handed = sql<SqlBool>`(${firstChangeTo('queued', 'assigned', 'offline')} IS NOT NULL
    OR cardinality(s.agents) > 0)`;
  const row = await sessions(db, filter)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) FILTER (WHERE ${handed}))::int`.as('humans'),
    ])
    .executeTakeFirstOrThrow();
  return { total: row.total, botsOnly: row.total - row.humans, toHumans: row.humans };
}

/** Median and p90 of `end - start` over the sessions that have both, in whole milliseconds. */
async function duration(
  db: Db,
  filter: ReportFilter,
  start: RawBuilder<Date | null>,
  end: RawBuilder<Date | null>,
  agentsOnly: boolean,
  /** Only sessions a visitor, a bot or the API started: an agent's own opening is no response. */
  answered = false,
): Promise<DurationFigure> {
  const spans = sessions(db, filter)
    .$if(agentsOnly, (qb) => qb.where(countsForAgents()))
    .$if(answered, (qb) => qb.where('s.direction', '<>', 'agent-initiated'))
    .select([start.as('start_at'), end.as('end_at')]);
  const row = await db
    .selectFrom(spans.as('t'))
    .where('t.start_at', 'is not', null)
    .where('t.end_at', 'is not', null)
    .where(sql<SqlBool>`t.end_at >= t.start_at`)
    .select(({ ref }) => {
      const ms = sql`(extract(epoch FROM ${ref('t.end_at')} - ${ref('t.start_at')}) * 1000)::float8`;
      return [
        sql<number>`count(*)::int`.as('count'),
        sql<number | null>`round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms}))`.as('median'),
        sql<number | null>`round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ms}))`.as('p90'),
      ];
    })
    .executeTakeFirstOrThrow();
  return { count: row.count, median: row.median, p90: row.p90 };
}

/** Conversations that went offline, and those of them whose visitor left the offline form. */
async function missed(db: Db, filter: ReportFilter): Promise<ReportFigures['missed']> {
  const withForm = sql<SqlBool>`EXISTS (SELECT 1 FROM offline_messages o WHERE o.session_id = s.id)`;
  const row = await sessions(db, filter)
    .where(sql<SqlBool>`${firstChangeTo('offline')} IS NOT NULL`)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) FILTER (WHERE ${withForm}))::int`.as('with_form'),
    ])
    .executeTakeFirstOrThrow();
  return { total: row.total, withForm: row.with_form, withoutForm: row.total - row.with_form };
}

const BY_ORDER: readonly RatingRow['by'][] = ['site', 'agent', 'team', 'queue'];

/** Each scale's headline: the average of stars, the share of thumbs up (%), or the NPS. */
function scoreOn(scale: ReportScale, row: Pick<RatingRow, 'count' | 'average' | 'promoters' | 'detractors'>) {
  if (scale === 'thumbs') return Math.round(row.average * 100);
  if (scale === 'nps') return Math.round(((row.promoters - row.detractors) * 100) / row.count);
  return Math.round(row.average * 100) / 100;
}

/** The newest rating of each session, per site and per agent, team and queue of that site. */
async function ratings(db: Db, filter: ReportFilter): Promise<RatingRow[]> {
  const rated = (by: RatingRow['by'], key: RawBuilder<string | null>) =>
    sessions(db, filter)
      .where('s.rating_score', 'is not', null)
      .where(countsForAgents())
      .select([sql<string>`${by}::text`.as('by'), key.as('key'), 's.site_key', 's.rating_score as score']);
  const all = rated('site', sql`s.site_key`)
    .unionAll(rated('agent', sql`unnest(s.agents)`))
    .unionAll(rated('team', sql`s.team`))
    .unionAll(rated('queue', sql`s.queue`));
  const { agentId } = filter;
  const rows = await db
    .selectFrom(all.as('r'))
    .where('r.key', 'is not', null)
    .$if(agentId !== undefined, (qb) => qb.where(sql<SqlBool>`(r.by <> 'agent' OR r.key = ${agentId})`))
    .select([
      'r.by',
      'r.key',
      'r.site_key',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`avg(r.score)::float8`.as('average'),
      sql<number>`(count(*) FILTER (WHERE r.score >= 9))::int`.as('promoters'),
      sql<number>`(count(*) FILTER (WHERE r.score <= 6))::int`.as('detractors'),
    ])
    .groupBy(['r.by', 'r.key', 'r.site_key'])
    .orderBy('r.site_key')
    .orderBy('r.key')
    .execute();
  return rows
    .map((row) => {
      const scale = filter.scales?.[row.site_key] ?? 'stars';
      const figures = {
        count: row.count,
        average: row.average,
        promoters: row.promoters,
        detractors: row.detractors,
      };
      return {
        by: row.by as RatingRow['by'],
        key: row.key ?? '',
        siteKey: row.site_key,
        scale,
        ...figures,
        score: scoreOn(scale, figures),
      };
    })
    .sort((a, b) => BY_ORDER.indexOf(a.by) - BY_ORDER.indexOf(b.by));
}

/**
 * Every figure of a report, one statement each (`RecordsStore.report`).
 * @example await reportFigures(db, { scope: { siteKeys: ['shop'] }, from, to: from + DAY })
 */
export async function reportFigures(db: Db, filter: ReportFilter): Promise<ReportFigures> {
  const queued = firstChangeTo('queued');
  const assigned = firstChangeTo('assigned');
  const handed = firstChangeTo('queued', 'assigned');
  const [vol, dirs, mix, firstResponse, queueWait, handlingTime, miss, rates] = await Promise.all([
    volume(db, filter),
    directions(db, filter),
    handling(db, filter),
    duration(db, filter, handed, firstAgentMessage, true, true),
    duration(db, filter, queued, assigned, false),
    duration(db, filter, assigned, sql`s.closed_at`, true),
    missed(db, filter),
    ratings(db, filter),
  ]);
  return {
    volume: vol,
    directions: dirs,
    handling: mix,
    firstResponse,
    queueWait,
    handlingTime,
    missed: miss,
    ratings: rates,
  };
}

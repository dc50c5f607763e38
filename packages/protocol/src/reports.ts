/**
 * The wire shapes of the reports (issue 15, item 6): figures from the records for supervisors
 * and admins, asked for by the desk (`reports.get`) and the REST API (`GET /api/v1/reports`).
 */
import * as v from 'valibot';
import { LIMITS } from './limits.js';
import { DIRECTIONS, type Direction, TimeSchema } from './records.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));
const time = TimeSchema;

/** The longest range a report covers: a year and a day (a leap year's figures per day). */
export const REPORT_MAX_RANGE = 367 * 24 * 60 * 60 * 1000;

/** What a report covers: conversations started within [from, to), narrowed by the filters. */
export const ReportQuerySchema = v.pipe(
  v.strictObject({
    from: time,
    to: time,
    siteKey: v.optional(id),
    queue: v.optional(id),
    team: v.optional(id),
    agentId: v.optional(id),
    /** Who started them (issue 15, item 5): the visitor, a bot or the API, or an agent. */
    direction: v.optional(v.picklist(DIRECTIONS)),
  }),
  v.check((q) => q.from < q.to, '`from` must be before `to`'),
  v.check((q) => q.to - q.from <= REPORT_MAX_RANGE, 'A report covers at most a year'),
);
export type ReportQuery = v.InferOutput<typeof ReportQuerySchema>;

/** Median and 90th percentile of a duration, in milliseconds; null when nothing was measured. */
export interface DurationFigure {
  /** How many conversations were measured. */
  count: number;
  median: number | null;
  p90: number | null;
}

/** How visitors score a chat on a site: stars 1-5, thumbs 0 (down) / 1 (up), or nps 0-10. */
export type ReportScale = 'stars' | 'thumbs' | 'nps';

/**
 * The ratings of one agent, team, queue or site, on one site's scale: rows of two sites are never
 * added together, since their scales may differ. `promoters` (9-10) and `detractors` (0-6) are
 * counted for every scale but mean something on nps only; `score` is what the scale reads as:
 * the average (stars), the share of thumbs up in percent (thumbs), or the NPS (-100 to 100).
 */
export interface RatingRow {
  by: 'site' | 'agent' | 'team' | 'queue';
  key: string;
  siteKey: string;
  scale: ReportScale;
  count: number;
  average: number;
  promoters: number;
  detractors: number;
  score: number;
}

/** Every figure of a report. Times are milliseconds since the epoch; buckets are UTC. */
export interface Report {
  query: ReportQuery;
  /** Conversations started per `bucket` (every bucket of the range, empty ones as 0). */
  volume: { bucket: 'hour' | 'day'; points: Array<{ at: number; count: number }> };
  /** Conversations by who started them (issue 15, item 5): every direction, empty ones as 0. */
  directions: Array<{ direction: Direction; count: number }>;
  /** Conversations the bots kept to the end versus those handed to humans (queued, assigned or offline). */
  handling: { total: number; botsOnly: number; toHumans: number };
  /** From the hand-over to humans to the first agent's message (not in agent-initiated ones). */
  firstResponse: DurationFigure;
  /** From the first time queued to the first assignment. */
  queueWait: DurationFigure;
  /** From the first assignment to the close. */
  handlingTime: DurationFigure;
  /** Conversations that went offline (nobody to take them), and how many of them left the offline form. */
  missed: { total: number; withForm: number; withoutForm: number };
  ratings: RatingRow[];
}

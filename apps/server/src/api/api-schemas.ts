/**
 * The shapes the REST API answers with, as valibot schemas: the OpenAPI document is generated
 * from them and the contract tests validate every answer against it. Most wire shapes come from
 * the protocol package; the records' shapes are TypeScript interfaces there, so their schemas are
 * here, each checked against its interface below (a change to one that the other misses fails
 * the typecheck).
 */
import {
  AuthorSchema,
  type ConversationRecord,
  DIRECTIONS,
  FeedbackSchema,
  HandlerSchema,
  type OfflineMessage,
  PresenceSchema,
  type RouteOutcome,
  SessionEventSchema,
  SessionSummarySchema,
  StatusSchema,
  TimeSchema,
  type VisitorExport,
  type VisitorProfile,
} from '@parley/protocol';
import * as v from 'valibot';
import { API_SCOPES, type ApiKeyInfo } from '../records/api-key-store.js';

/** A time: milliseconds since the epoch. */
export const time = v.pipe(v.number(), v.integer());
export const nullableTime = v.nullable(time);

const timeOf = (text: string) => (/^\d+$/.test(text) ? Number(text) : Date.parse(text));

/**
 * A time in a query: milliseconds since the epoch, or an ISO 8601 date; one a `Date` holds (a
 * later one, or one before the epoch, is `invalid_payload`).
 */
export const timeQuery = (what = 'A time') =>
  v.optional(
    v.pipe(
      v.string(),
      v.description(`${what}: milliseconds since the epoch, or an ISO 8601 date`),
      v.check((text) => v.is(TimeSchema, timeOf(text)), 'Not a time'),
      v.transform(timeOf),
    ),
  );

export const ConversationRecordSchema = v.strictObject({
  id: v.string(),
  siteKey: v.string(),
  visitorId: v.string(),
  status: StatusSchema,
  handler: v.nullable(HandlerSchema),
  queue: v.nullable(v.string()),
  team: v.nullable(v.string()),
  agents: v.array(v.string()),
  createdAt: time,
  updatedAt: time,
  closedAt: nullableTime,
  lastSeq: v.number(),
  lastMessage: v.nullable(
    v.strictObject({ seq: v.number(), text: v.string(), author: AuthorSchema, at: time }),
  ),
  rating: v.nullable(v.strictObject({ ...FeedbackSchema.entries, at: time })),
  context: v.strictObject({
    page: v.optional(v.string()),
    title: v.optional(v.string()),
    referrer: v.optional(v.string()),
    locale: v.optional(v.string()),
  }),
  direction: v.picklist(DIRECTIONS),
  deleted: v.boolean(),
  correlationId: v.nullable(v.string()),
});

const scalar = v.union([v.string(), v.number(), v.boolean()]);

export const VisitorProfileSchema = v.strictObject({
  siteKey: v.string(),
  visitorId: v.string(),
  userId: v.nullable(v.string()),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  attributes: v.record(v.string(), scalar),
  prechat: v.record(v.string(), v.string()),
  firstSeenAt: time,
  lastSeenAt: time,
  erasedAt: nullableTime,
});

export const OfflineMessageSchema = v.strictObject({
  sessionId: v.string(),
  seq: v.number(),
  fields: v.record(v.string(), v.string()),
  at: time,
});

export const VisitorExportSchema = v.strictObject({
  exportedAt: time,
  siteKey: v.string(),
  visitorId: v.string(),
  visitor: v.nullable(VisitorProfileSchema),
  sessions: v.array(
    v.strictObject({
      session: ConversationRecordSchema,
      events: v.array(SessionEventSchema),
      feedback: v.array(v.strictObject({ ...FeedbackSchema.entries, seq: v.number(), at: time })),
      offlineMessages: v.array(OfflineMessageSchema),
    }),
  ),
});

export const ApiKeyInfoSchema = v.strictObject({
  id: v.string(),
  siteKey: v.string(),
  name: v.string(),
  scope: v.picklist(API_SCOPES),
  createdAt: time,
  lastUsedAt: nullableTime,
  revokedAt: nullableTime,
});

/** A page cursor to pass back as `cursor`; null on the last page. */
export const NextSchema = v.nullable(v.string());

// ---- the answers, each the `{ ok: true, ... }` of one or more operations ----------------------

export const SessionListSchema = v.strictObject({
  sessions: v.array(ConversationRecordSchema),
  /** How many sessions match in all, across pages. */
  total: v.number(),
  next: NextSchema,
});

export const SessionDetailSchema = v.strictObject({
  /** The session as the live store has it while it is live (open, or closed recently); else null. */
  session: v.nullable(SessionSummarySchema),
  /** The session as the records keep it, once written there (a moment after each change); else null. */
  record: v.nullable(ConversationRecordSchema),
  /** Its log in seq order: the live store's while it has it, else the records'. */
  events: v.array(SessionEventSchema),
});

export const SeqSchema = v.strictObject({ seq: v.number() });
export const CreatedSessionSchema = v.strictObject({ sessionId: v.string() });
/** Where a routed session went (the bot SDK's `RouteOutcome`). */
export const RouteOutcomeSchema = v.variant('outcome', [
  v.strictObject({ outcome: v.literal('bot'), bot: v.string() }),
  v.strictObject({ outcome: v.literal('queued'), queue: v.string(), position: v.number() }),
  v.strictObject({ outcome: v.literal('assigned'), queue: v.string(), agent: v.string() }),
  v.strictObject({ outcome: v.literal('offline'), queue: v.nullable(v.string()) }),
]);
export const RouteResultSchema = v.strictObject({ seq: v.number(), route: RouteOutcomeSchema });
export const VisitorAnswerSchema = v.strictObject({ visitor: VisitorProfileSchema });
export const VisitorExportAnswerSchema = v.strictObject({ document: VisitorExportSchema });
export const ErasedSchema = v.strictObject({ sessions: v.number() });
export const OfflineListSchema = v.strictObject({
  messages: v.array(v.strictObject({ ...OfflineMessageSchema.entries, session: ConversationRecordSchema })),
  next: NextSchema,
});
export const PresenceListSchema = v.strictObject({ agents: v.array(PresenceSchema) });
export const PresenceAnswerSchema = v.strictObject({ presence: PresenceSchema });
/** The desk's Team view (issue 15): `TeamView` in `packages/protocol/src/supervisor-schemas.ts`. */
export const TeamViewSchema = v.strictObject({
  agents: v.array(
    v.strictObject({
      id: v.string(),
      name: v.string(),
      role: v.picklist(['agent', 'supervisor', 'admin']),
      sites: v.array(v.string()),
      capacity: v.number(),
      presence: PresenceSchema,
      /** The live chats assigned to them: their load. */
      chats: v.array(v.string()),
    }),
  ),
  /** Every live session of the site: with a bot, queued, or with an agent. */
  sessions: v.array(SessionSummarySchema),
  /** Always empty for a key (monitoring is the desk's). */
  monitoring: v.array(v.string()),
});
export const ApiKeyListSchema = v.strictObject({ keys: v.array(ApiKeyInfoSchema) });
export const ApiKeyCreatedSchema = v.strictObject({
  apiKey: ApiKeyInfoSchema,
  /** The whole key: shown here once, never again. */
  key: v.string(),
});
export const ApiKeyAnswerSchema = v.strictObject({ apiKey: ApiKeyInfoSchema });

// ---- drift checks: each interface must fit its schema's output --------------------------------
/** Whether a type fits a schema's output (the drift checks' test). */
export type Fits<T, S extends v.GenericSchema> = T extends v.InferOutput<S> ? true : false;
const fits: [
  Fits<ConversationRecord, typeof ConversationRecordSchema>,
  Fits<VisitorProfile, typeof VisitorProfileSchema>,
  Fits<OfflineMessage, typeof OfflineMessageSchema>,
  Fits<VisitorExport, typeof VisitorExportSchema>,
  Fits<ApiKeyInfo, typeof ApiKeyInfoSchema>,
  Fits<RouteOutcome, typeof RouteOutcomeSchema>,
] = [true, true, true, true, true, true];
void fits;

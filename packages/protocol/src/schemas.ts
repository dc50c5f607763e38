/**
 * Runtime schemas for every payload that crosses the wire, and the types derived from them.
 * Inbound payloads are parsed with these at each handler boundary (types are not validation).
 * Objects are strict: an unknown key is an error, so a typo never silently does nothing.
 */
import * as v from 'valibot';
import { AttachmentIdSchema, AttachmentSchema, hasContent, NO_CONTENT } from './attachment.js';
import { type ButtonSchema, ButtonsSchema } from './buttons.js';
import { LIMITS } from './limits.js';
import { OfflineStateSchema } from './offline-state.js';
import { ReadMarksSchema } from './read-marks.js';
import { FormAnswerSchema, RichContentSchema } from './rich-content.js';
import { SESSION_STATUSES } from './status.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));
const field = v.pipe(v.string(), v.maxLength(LIMITS.field));
const seq = v.pipe(v.number(), v.integer(), v.minValue(0));

export const RoleSchema = v.picklist(['visitor', 'bot', 'agent', 'system']);
export const StatusSchema = v.picklist(SESSION_STATUSES);

/**
 * Control characters but tab, line feed and carriage return (C0, DEL, C1): nothing a person types,
 * and NUL is refused by PostgreSQL's text. Taken out of a message's text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Text of a message: control characters out, not blank, at most `LIMITS.messageText` characters. */
export const MessageTextSchema = v.pipe(
  v.string(),
  v.transform((text) => text.replace(CONTROL_CHARACTERS, '')),
  v.trim(),
  v.minLength(1, 'Message text is empty'),
  v.maxLength(LIMITS.messageText, `Message text is over ${LIMITS.messageText} characters`),
);

/** A client-generated message id; a retry with the same id is stored once. */
export const ClientIdSchema = v.pipe(v.string(), v.minLength(8), v.maxLength(LIMITS.clientId));

export const AttributesSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(100)), v.union([field, v.number(), v.boolean()])),
  v.maxEntries(LIMITS.attributes, `At most ${LIMITS.attributes} attributes`),
);

/** A form's answers by field name (the site's `offlineForm`, `prechatForm`); a checkbox is 'true' or ''. */
export const FormFieldsSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'Unknown field')),
    v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.messageText)),
  ),
  v.maxEntries(LIMITS.attributes, `At most ${LIMITS.attributes} fields`),
);

/** What the visitor's browser tells about the visitor when a session opens. */
export const VisitorInfoSchema = v.strictObject({
  page: v.optional(field),
  title: v.optional(field),
  referrer: v.optional(field),
  locale: v.optional(v.pipe(v.string(), v.maxLength(35))),
  name: v.optional(v.pipe(v.string(), v.maxLength(200))),
  email: v.optional(v.pipe(v.string(), v.maxLength(320))),
  attributes: v.optional(AttributesSchema),
  /** The pre-chat form's answers, checked by the server against the site's form. */
  prechat: v.optional(FormFieldsSchema),
});

/** A value of a session's data: what a bot keeps with the session (`session.set(key, value)`). */
export const DataValueSchema = v.union([
  v.pipe(v.string(), v.maxLength(LIMITS.field)),
  v.number(),
  v.boolean(),
  v.null(),
]);

export const DataSchema = v.pipe(
  v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(100)), DataValueSchema),
  v.maxEntries(LIMITS.attributes, `At most ${LIMITS.attributes} data keys`),
);

/** Suggested answers shown under a message; choosing one sends it as the visitor's message. */
export const QuickRepliesSchema = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.quickReply))),
  v.maxLength(LIMITS.choices, `At most ${LIMITS.choices} quick replies`),
);

export { ButtonSchema, ButtonsSchema } from './buttons.js';

/** Feedback on a session. The score's scale is the site's (stars 1-5, thumbs 0/1, nps 0-10). */
export const FeedbackSchema = v.strictObject({
  score: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10))),
  tag: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
  review: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.messageText))),
});

export const AuthorSchema = v.strictObject({
  role: RoleSchema,
  id: v.string(),
  name: v.optional(v.string()),
  /** An agent's picture (`agents[].avatarUrl`, https), shown to visitors beside the name (issue 15). */
  avatar: v.optional(v.string()),
});

/** Who has a session: a bot, a queue (waiting for, or left without, a human) or an agent. */
export const HandlerSchema = v.strictObject({ kind: v.picklist(['bot', 'queue', 'agent']), id: v.string() });

const eventBase = {
  sessionId: v.string(),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Milliseconds since the epoch, server clock. */
  at: v.number(),
};

export const MessageEventSchema = v.strictObject({
  ...eventBase,
  type: v.literal('message'),
  clientId: v.string(),
  author: AuthorSchema,
  /** '' when the message is only an attachment. */
  text: v.string(),
  quickReplies: v.optional(v.array(v.string())),
  buttons: v.optional(ButtonsSchema),
  /** A file or image sent with the message (issue 14). */
  attachment: v.optional(AttachmentSchema),
  /** A card, a carousel or an inline form (issue 14); `text` is its plain fallback. */
  rich: v.optional(RichContentSchema),
  /** The visitor's checked answer to an inline form. */
  formAnswer: v.optional(FormAnswerSchema),
});

export const StatusEventSchema = v.strictObject({
  ...eventBase,
  type: v.literal('session.changed'),
  from: StatusSchema,
  to: StatusSchema,
  reason: v.string(),
  by: v.optional(AuthorSchema),
  /**
   * Who has the session after this change, when the change gave it to someone (or to nobody:
   * null). Absent when the handler stayed. A bot knows from it that a session entered or left
   * its hands.
   */
  handler: v.optional(v.nullable(HandlerSchema)),
});

export const FeedbackEventSchema = v.strictObject({
  ...eventBase,
  type: v.literal('feedback'),
  clientId: v.string(),
  author: AuthorSchema,
  feedback: FeedbackSchema,
});

/** A form the visitor filled in: the offline form ("leave a message") and its fields. */
export const FormEventSchema = v.strictObject({
  ...eventBase,
  type: v.literal('form'),
  form: v.literal('offline'),
  clientId: v.string(),
  author: AuthorSchema,
  fields: v.record(v.string(), v.string()),
});

/** One entry of a session's log; every entry has the session's next `seq`. */
export const SessionEventSchema = v.variant('type', [
  MessageEventSchema,
  StatusEventSchema,
  FeedbackEventSchema,
  FormEventSchema,
]);

/**
 * What a session was last routed to among humans, and since when it has waited: set when it is
 * queued, kept while an agent has it (so a desk shows what was asked for).
 */
export const RoutingSchema = v.strictObject({
  queue: v.string(),
  team: v.optional(v.string()),
  agent: v.optional(v.string()),
  skills: v.optional(v.array(v.string())),
  /** When it was queued (ms epoch). */
  since: v.number(),
});

/** A session as clients see it. */
export const SessionSummarySchema = v.strictObject({
  id: v.string(),
  siteKey: v.string(),
  visitorId: v.string(),
  status: StatusSchema,
  handler: v.nullable(HandlerSchema),
  lastSpeaker: v.nullable(RoleSchema),
  lastSeq: seq,
  createdAt: v.number(),
  updatedAt: v.number(),
  visitor: VisitorInfoSchema,
  /** What bots keep with the session (`session.set`). */
  data: DataSchema,
  /** Set once the session was routed to humans. */
  routing: v.optional(RoutingSchema),
  /**
   * The correlation id the session was started with (REST `POST /api/v1/sessions`,
   * `Parley('startSession', { correlationId })`): groups related calls for telemetry, and every
   * webhook of the session carries it.
   */
  correlationId: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** How far each side has read the log (issue 14); absent until someone reads. */
  read: v.optional(ReadMarksSchema),
  /** Labels agents, bots and the REST API put on the session (issue 15); absent when none. */
  labels: v.optional(v.array(v.string())),
  /** An offline message's assignee and whether it was dealt with (issue 15); for agents only. */
  offline: v.optional(OfflineStateSchema),
});

/** A session and the part of its log a client asked for. */
export const SessionSyncSchema = v.strictObject({
  session: SessionSummarySchema,
  events: v.array(SessionEventSchema),
  /**
   * Bots only: the seq through which this bot has finished handling the session's events (its
   * durable processing cursor, `session.handled`). Events after it are the bot's to handle.
   */
  handled: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

// ---- inbound payloads -------------------------------------------------------------------------

const paramName = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'use letters, digits, _ and -'));

/**
 * Opening the widget. `prechat`: the pre-chat form's answers. `template`: a session template of
 * the site (`Parley('startSession', { template, params })`), its `params` overriding the
 * template's own. The info's own `prechat` is ignored: only checked answers are kept.
 */
export const OpenSessionSchema = v.strictObject({
  info: v.optional(VisitorInfoSchema),
  prechat: v.optional(FormFieldsSchema),
  template: v.optional(paramName),
  params: v.optional(
    v.pipe(
      v.record(paramName, v.pipe(v.string(), v.maxLength(LIMITS.field))),
      v.maxEntries(LIMITS.attributes, `At most ${LIMITS.attributes} params`),
    ),
  ),
  /** Kept on a session this call opens (`SessionSummary.correlationId`); ignored for an open one. */
  correlationId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
});

/**
 * `Parley('identify', …)`: who the visitor is on the site. `hash` is the lowercase hex
 * HMAC-SHA256 of `userId` with the site's identity secret; only a verified identity gives the
 * visitor that user's conversations.
 */
export const IdentifySchema = v.strictObject({
  userId: v.pipe(v.string(), v.trim(), v.minLength(1, 'userId is empty'), v.maxLength(200)),
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(320))),
  hash: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{64}$/, 'hash must be 64 hex digits'))),
});

/** `Parley('setAttributes', …)`: merged into the visitor's attributes (null removes one). */
export const SetAttributesSchema = v.strictObject({
  attributes: v.pipe(
    v.record(v.pipe(v.string(), v.maxLength(100)), v.union([field, v.number(), v.boolean(), v.null()])),
    v.maxEntries(LIMITS.attributes, `At most ${LIMITS.attributes} attributes`),
  ),
});

/** A visitor's message: text, a file uploaded before (`attachmentId`), or both. */
export const VisitorSendSchema = v.pipe(
  v.strictObject({
    /** Omitted, or a closed session of this visitor: the message opens a new session. */
    sessionId: v.optional(id),
    clientId: ClientIdSchema,
    text: v.optional(MessageTextSchema),
    attachmentId: v.optional(AttachmentIdSchema),
  }),
  v.check((message) => hasContent(message), NO_CONTENT),
);

/** What a bot says: text and/or a file uploaded before, with optional quick replies and buttons, or rich content. */
export const BotMessageSchema = v.strictObject({
  text: v.optional(MessageTextSchema),
  attachmentId: v.optional(AttachmentIdSchema),
  quickReplies: v.optional(QuickRepliesSchema),
  buttons: v.optional(ButtonsSchema),
  /** A card, a carousel or an inline form; `text` is what a client that cannot show it shows. */
  rich: v.optional(RichContentSchema),
});

export const BotSendSchema = v.pipe(
  v.strictObject({
    sessionId: id,
    clientId: ClientIdSchema,
    ...BotMessageSchema.entries,
  }),
  v.check((message) => hasContent(message), NO_CONTENT),
);

const code = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/** Where a bot sends a session: a queue (bot or human), narrowed by team, agent or skills. */
export const RouteTargetSchema = v.strictObject({
  queue: v.optional(code),
  team: v.optional(code),
  agent: v.optional(code),
  skills: v.optional(v.pipe(v.array(code), v.minLength(1), v.maxLength(20))),
  /** Free values handed to whoever takes the session (kept in the session's data). */
  params: v.optional(DataSchema),
});

export const BotRouteSchema = v.strictObject({ sessionId: id, ...RouteTargetSchema.entries });

export const BotCloseSchema = v.strictObject({
  sessionId: id,
  reason: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Use a short lowercase reason code')),
  ),
});

export const BotFeedbackSchema = v.strictObject({
  sessionId: id,
  clientId: ClientIdSchema,
  ...FeedbackSchema.entries,
});

export const BotSetDataSchema = v.strictObject({ sessionId: id, data: DataSchema });

/** What a session a bot opens starts with: its first message and its data. */
const botOpened = { message: v.optional(BotMessageSchema), data: v.optional(DataSchema) };

/** Ends a session and opens a fresh one for the same visitor, handled by the same bot. */
export const BotNewSessionSchema = v.strictObject({ sessionId: id, ...botOpened });

/** Opens a session for a visitor the bot has talked to before (none may be open). */
export const BotStartSessionSchema = v.strictObject({ visitorId: id, ...botOpened });

export const EmptySchema = v.strictObject({});

export const SessionRefSchema = v.strictObject({ sessionId: id });

/** The visitor's rating of a session, given once (usually after it closed). */
export const VisitorFeedbackSchema = v.strictObject({
  sessionId: id,
  clientId: ClientIdSchema,
  ...FeedbackSchema.entries,
});

/** The visitor leaves a message when nobody can chat (a session in status `offline`). */
export const OfflineSubmitSchema = v.strictObject({
  sessionId: id,
  clientId: ClientIdSchema,
  fields: FormFieldsSchema,
});

/** A visitor asks for a session's transcript by email, at the end of a chat (issue 13). */
export const TranscriptEmailSchema = v.strictObject({
  sessionId: id,
  email: v.pipe(v.string(), v.trim(), v.maxLength(320), v.email()),
});

/** An agent answers an offline message by email, to the address the visitor left (issue 13). */
export const OfflineReplySchema = v.strictObject({
  sessionId: id,
  text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.messageText)),
});

export const TypingSchema = v.strictObject({ sessionId: id, on: v.boolean() });

/** The last seq a client has of each session it knows; the server replays what is newer. */
export const SyncSchema = v.strictObject({
  cursors: v.pipe(v.record(id, seq), v.maxEntries(1000)),
});

/**
 * A bot's catch-up: `cursors` names only the sessions it still holds in memory (none after a
 * restart); the server answers with the sessions that still need the bot (see `BotClientEvents`),
 * a page at a time, ordered by session id: `after` is the previous page's `next`.
 */
export const BotSyncSchema = v.strictObject({
  cursors: v.pipe(v.record(id, seq), v.maxEntries(5000)),
  after: v.optional(id),
});

/** The bot finished handling each named session's events through the given seq. */
export const BotHandledSchema = v.strictObject({
  handled: v.pipe(v.record(id, seq), v.minEntries(1), v.maxEntries(1000)),
});

// ---- handshake --------------------------------------------------------------------------------

export const VisitorAuthSchema = v.strictObject({
  siteKey: id,
  /** The server-issued visitor token; omitted on the very first connect. */
  token: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** The origin of the page embedding the widget, when connecting from Parley's own iframe. */
  hostOrigin: v.optional(field),
});

export const BotAuthSchema = v.strictObject({ token: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });

export type Role = v.InferOutput<typeof RoleSchema>;
export type DataValue = v.InferOutput<typeof DataValueSchema>;
export type SessionData = v.InferOutput<typeof DataSchema>;
export type Button = v.InferOutput<typeof ButtonSchema>;
export type Feedback = v.InferOutput<typeof FeedbackSchema>;
export type FeedbackEvent = v.InferOutput<typeof FeedbackEventSchema>;
export type BotMessage = v.InferInput<typeof BotMessageSchema>;
export type RouteTarget = v.InferInput<typeof RouteTargetSchema>;
export type BotRouteInput = v.InferInput<typeof BotRouteSchema>;
export type BotCloseInput = v.InferInput<typeof BotCloseSchema>;
export type BotFeedbackInput = v.InferInput<typeof BotFeedbackSchema>;
export type BotSetDataInput = v.InferInput<typeof BotSetDataSchema>;
export type BotNewSessionInput = v.InferInput<typeof BotNewSessionSchema>;
export type BotStartSessionInput = v.InferInput<typeof BotStartSessionSchema>;
export type Author = v.InferOutput<typeof AuthorSchema>;
export type VisitorInfo = v.InferOutput<typeof VisitorInfoSchema>;
export type Attributes = v.InferOutput<typeof AttributesSchema>;
export type MessageEvent = v.InferOutput<typeof MessageEventSchema>;
export type StatusEvent = v.InferOutput<typeof StatusEventSchema>;
export type FormEvent = v.InferOutput<typeof FormEventSchema>;
export type SessionEvent = v.InferOutput<typeof SessionEventSchema>;
export type Routing = v.InferOutput<typeof RoutingSchema>;
export type FormFields = v.InferOutput<typeof FormFieldsSchema>;
export type OfflineSubmitInput = v.InferInput<typeof OfflineSubmitSchema>;
export type TranscriptEmailInput = v.InferInput<typeof TranscriptEmailSchema>;
export type OfflineReplyInput = v.InferInput<typeof OfflineReplySchema>;
export type Handler = v.InferOutput<typeof HandlerSchema>;
export type SessionSummary = v.InferOutput<typeof SessionSummarySchema>;
export type SessionSync = v.InferOutput<typeof SessionSyncSchema>;
export type OpenSessionInput = v.InferInput<typeof OpenSessionSchema>;
export type IdentifyInput = v.InferInput<typeof IdentifySchema>;
export type SetAttributesInput = v.InferInput<typeof SetAttributesSchema>;
export type VisitorSendInput = v.InferInput<typeof VisitorSendSchema>;
export type BotSendInput = v.InferInput<typeof BotSendSchema>;
export type SessionRef = v.InferInput<typeof SessionRefSchema>;
export type VisitorFeedbackInput = v.InferInput<typeof VisitorFeedbackSchema>;
export type TypingInput = v.InferInput<typeof TypingSchema>;
export type SyncInput = v.InferInput<typeof SyncSchema>;
export type BotSyncInput = v.InferInput<typeof BotSyncSchema>;
export type BotHandledInput = v.InferInput<typeof BotHandledSchema>;
export type VisitorAuth = v.InferInput<typeof VisitorAuthSchema>;
export type BotAuth = v.InferInput<typeof BotAuthSchema>;

import type { Handler, SessionEvent, SessionSummary } from '@parley/protocol';

/** Every webhook event type an endpoint may subscribe to (docs/webhooks.md). */
export const WEBHOOK_EVENTS = [
  'session.created',
  'session.changed',
  'message.created',
  'feedback.created',
  'offline.submitted',
  'visitor.identified',
  'visitor.erased',
  /** A session's labels changed (issue 15): by an agent, a bot or the REST API. */
  'session.labeled',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The body of every webhook and HTTP bot request. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** The event's own id: the same for every endpoint that receives it. */
  id: string;
  /** When it happened (ISO 8601). */
  timestamp: string;
  data: {
    siteKey: string;
    /** Null only in `visitor.erased`, which is about a visitor, not one session. */
    sessionId: string | null;
    seq: number | null;
    correlationId: string | null;
    [key: string]: unknown;
  };
}

/**
 * One row the outbox gets per endpoint that wants it. `audience: 'site'` goes to the site's
 * webhooks subscribed to `type`; `audience: 'bot'` to the HTTP bot that has the session at that
 * event: `bot` when the batch itself tells who that is (null: nobody), or, when `inherit`, the
 * bot the session had before the batch (read from the records in the same statement).
 */
export interface OutboxEntry {
  seq: number;
  /** Orders the entries of one event: `session.created` (0) before the rest (1). */
  position: number;
  type: WebhookEventType;
  audience: 'site' | 'bot';
  bot: string | null;
  inherit: boolean;
  payload: WebhookPayload;
}

const botOf = (handler: Handler | null | undefined) => (handler?.kind === 'bot' ? handler.id : null);

/**
 * Maps a batch of a session's log (in seq order, as the records writer reads it) to the webhook
 * events it makes: `session.created` for the first status change, `session.changed` for every
 * one, `message.created` for visitor, bot and agent messages, `feedback.created`,
 * `offline.submitted`; and for HTTP bots, `session.created` when a session enters a bot's hands,
 * `message.created` of the visitor's messages while it has it, and `session.changed` while (and
 * as) it leaves.
 * @example outboxEntries(summary, events).filter((e) => e.audience === 'site').map((e) => e.type)
 */
export function outboxEntries(session: SessionSummary, events: readonly SessionEvent[]): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  // Who has the session before the next event: unknown (inherited) until the batch says.
  let current: { bot: string | null } | undefined;
  const payload = (event: SessionEvent, type: WebhookEventType, data: Record<string, unknown>) => ({
    type,
    id: `evt_${session.id}_${event.seq}_${type}`,
    timestamp: new Date(event.at).toISOString(),
    data: {
      siteKey: session.siteKey,
      sessionId: session.id,
      seq: event.seq,
      correlationId: session.correlationId ?? null,
      ...data,
    },
  });
  const add = (event: SessionEvent, type: WebhookEventType, data: Record<string, unknown>, position = 1) =>
    entries.push({
      seq: event.seq,
      position,
      type,
      audience: 'site',
      bot: null,
      inherit: false,
      payload: payload(event, type, data),
    });
  const toBot = (
    event: SessionEvent,
    type: WebhookEventType,
    data: Record<string, unknown>,
    to: { bot: string | null } | undefined,
    position = 1,
  ) => {
    if (to && to.bot === null) return;
    entries.push({
      seq: event.seq,
      position,
      type,
      audience: 'bot',
      bot: to?.bot ?? null,
      inherit: to === undefined,
      payload: payload(event, type, data),
    });
  };
  const sessionData = {
    session: {
      id: session.id,
      visitorId: session.visitorId,
      status: session.status,
      handler: session.handler,
      visitor: session.visitor,
      data: session.data,
    },
  };

  for (const event of events) {
    switch (event.type) {
      case 'session.changed': {
        const change = {
          from: event.from,
          to: event.to,
          reason: event.reason,
          by: event.by ?? null,
          ...(event.handler === undefined ? {} : { handler: event.handler }),
        };
        if (event.seq === 1 || event.from === 'created') add(event, 'session.created', sessionData, 0);
        add(event, 'session.changed', change);
        if (event.seq === 1) current = { bot: null };
        toBot(event, 'session.changed', change, current);
        if (event.handler !== undefined) {
          const next = botOf(event.handler);
          if (next !== null && (current === undefined || current.bot !== next)) {
            toBot(event, 'session.created', { ...sessionData, ...change }, { bot: next }, 0);
          }
          current = { bot: next };
        }
        break;
      }
      case 'message': {
        if (event.author.role === 'system') break;
        const message = {
          message: {
            clientId: event.clientId,
            author: event.author,
            text: event.text,
            ...(event.quickReplies ? { quickReplies: event.quickReplies } : {}),
            ...(event.buttons ? { buttons: event.buttons } : {}),
            // A file sent with it (issue 14): read it through GET /api/v1/files/{id}/link.
            ...(event.attachment ? { attachment: event.attachment } : {}),
            ...(event.rich ? { rich: event.rich } : {}),
            ...(event.formAnswer ? { formAnswer: event.formAnswer } : {}),
          },
        };
        add(event, 'message.created', message);
        if (event.author.role === 'visitor') toBot(event, 'message.created', message, current);
        break;
      }
      case 'feedback':
        add(event, 'feedback.created', { author: event.author, feedback: event.feedback });
        break;
      case 'form':
        add(event, 'offline.submitted', { form: event.form, fields: event.fields });
        break;
    }
  }
  return entries;
}

/**
 * What the webhook operations of the REST API answer (`webhook-routes.ts`), as valibot schemas:
 * the OpenAPI document is generated from them, and each is checked against the webhooks' own
 * types below (a change to one that the other misses fails the typecheck).
 */
import * as v from 'valibot';
import { WEBHOOK_EVENTS, type WebhookPayload } from '../webhooks/webhook-events.js';
import type { WebhookView } from '../webhooks/webhook-service.js';
import type { WebhookAttempt, WebhookDelivery } from '../webhooks/webhook-store.js';
import { type Fits, NextSchema, nullableTime, time } from './api-schemas.js';

/** A webhook as the API shows it: everything but its secrets, and how many there are. */
export const WebhookViewSchema = v.strictObject({
  id: v.string(),
  kind: v.picklist(['webhook', 'bot']),
  siteKey: v.nullable(v.string()),
  botId: v.nullable(v.string()),
  url: v.string(),
  events: v.array(v.string()),
  allowPrivate: v.boolean(),
  /** `config`: from the config file, read-only here; `api`: made through this API. */
  source: v.picklist(['config', 'api']),
  enabled: v.boolean(),
  description: v.nullable(v.string()),
  createdAt: time,
  updatedAt: time,
  consecutiveFailures: v.number(),
  /** Set while the circuit breaker holds its deliveries back. */
  circuitOpenUntil: nullableTime,
  /** How many secrets sign its requests: two during a rotation. */
  secretCount: v.number(),
});

/** The body every webhook request carries (docs/webhooks.md "Events"). */
export const WebhookPayloadSchema = v.strictObject({
  type: v.picklist(WEBHOOK_EVENTS),
  id: v.string(),
  timestamp: v.string(),
  data: v.looseObject({
    siteKey: v.string(),
    sessionId: v.nullable(v.string()),
    seq: v.nullable(v.number()),
    correlationId: v.nullable(v.string()),
  }),
});

export const WebhookAttemptSchema = v.strictObject({
  attempt: v.number(),
  at: time,
  /** The HTTP status, or null when none came (network error, timeout, refused address). */
  status: v.nullable(v.number()),
  latencyMs: v.number(),
  /** The first KB of the response body. */
  response: v.nullable(v.string()),
  error: v.nullable(v.string()),
  redelivery: v.boolean(),
});

export const WebhookDeliverySchema = v.strictObject({
  id: v.string(),
  endpointId: v.string(),
  sessionId: v.string(),
  seq: v.number(),
  eventType: v.string(),
  payload: WebhookPayloadSchema,
  state: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  nextAt: time,
  createdAt: time,
  finishedAt: nullableTime,
  lastStatus: v.nullable(v.number()),
  lastError: v.nullable(v.string()),
});

// ---- the answers, each the `{ ok: true, ... }` of one or more operations ----------------------

export const WebhookListSchema = v.strictObject({ webhooks: v.array(WebhookViewSchema) });
export const WebhookAnswerSchema = v.strictObject({ webhook: WebhookViewSchema });
export const WebhookCreatedSchema = v.strictObject({
  webhook: v.strictObject({
    ...WebhookViewSchema.entries,
    /** The signing secrets: shown here once, never again. */
    secrets: v.array(v.string()),
  }),
});
export const DeletedWebhookSchema = v.strictObject({ deleted: v.literal(true) });
export const WebhookDeliveryPageSchema = v.strictObject({
  deliveries: v.array(WebhookDeliverySchema),
  /** Pass as `before` for the next page; null on the last. */
  next: NextSchema,
});
export const WebhookDeliveryAnswerSchema = v.strictObject({
  delivery: v.strictObject({ ...WebhookDeliverySchema.entries, log: v.array(WebhookAttemptSchema) }),
});

// ---- drift checks: each type must fit its schema's output -------------------------------------
const fits: [
  Fits<WebhookView, typeof WebhookViewSchema>,
  Fits<WebhookPayload, typeof WebhookPayloadSchema>,
  Fits<WebhookAttempt, typeof WebhookAttemptSchema>,
  Fits<WebhookDelivery, typeof WebhookDeliverySchema>,
] = [true, true, true, true];
void fits;

import * as v from 'valibot';
import { WEBHOOK_EVENTS } from './webhook-events.js';

const id = v.pipe(v.string(), v.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'use letters, digits, _ and - (at most 64)'));
/** An endpoint's URL: http or https. */
export const WebhookUrlSchema = v.pipe(
  v.string(),
  v.maxLength(2000),
  v.url('must be a URL'),
  v.regex(/^https?:\/\//, 'use http or https'),
);
/** A Standard Webhooks signing secret: `whsec_` and base64 of random bytes. */
export const WebhookSecretSchema = v.pipe(
  v.string(),
  v.regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'use whsec_ followed by base64 of 24+ random bytes'),
);
const url = WebhookUrlSchema;
const secret = WebhookSecretSchema;
const events = v.pipe(v.array(v.picklist(WEBHOOK_EVENTS)), v.minLength(1, 'list at least one event'));
const description = v.pipe(v.string(), v.maxLength(500));

/**
 * A new webhook of a site (the REST API's `POST /webhooks`). Without `secrets`, one is made and
 * shown once in the answer. Two secrets sign every request during a rotation.
 */
export const CreateWebhookSchema = v.strictObject({
  id: v.optional(id),
  url,
  events,
  secrets: v.optional(v.pipe(v.array(secret), v.minLength(1), v.maxLength(2, 'at most two secrets'))),
  allowPrivate: v.optional(v.boolean()),
  enabled: v.optional(v.boolean()),
  description: v.optional(description),
});

/** Changes to a webhook (`PATCH /webhooks/{id}`); a rotation sets `secrets` to [new, old]. */
export const UpdateWebhookSchema = v.pipe(
  v.strictObject({
    url: v.optional(url),
    events: v.optional(events),
    secrets: v.optional(v.pipe(v.array(secret), v.minLength(1), v.maxLength(2, 'at most two secrets'))),
    allowPrivate: v.optional(v.boolean()),
    enabled: v.optional(v.boolean()),
    description: v.optional(description),
  }),
  v.check((patch) => Object.keys(patch).length > 0, 'change at least one field'),
);

/** Filters and paging of the delivery log (`GET /webhooks/{id}/deliveries`). */
export const ListDeliveriesSchema = v.strictObject({
  sessionId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
  state: v.optional(v.picklist(['pending', 'delivered', 'failed'])),
  eventType: v.optional(v.picklist(WEBHOOK_EVENTS)),
  before: v.optional(v.pipe(v.string(), v.maxLength(500))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
});

export type CreateWebhookInput = v.InferInput<typeof CreateWebhookSchema>;
export type UpdateWebhookInput = v.InferInput<typeof UpdateWebhookSchema>;
export type ListDeliveriesInput = v.InferInput<typeof ListDeliveriesSchema>;

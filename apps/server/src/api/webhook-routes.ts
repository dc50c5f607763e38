import { fail, type Result } from '@parley/protocol';
import * as v from 'valibot';
import {
  CreateWebhookSchema,
  ListDeliveriesSchema,
  UpdateWebhookSchema,
} from '../webhooks/webhook-schemas.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { IdParamsSchema, LimitQuerySchema } from './api-context.js';
import { defineRoute } from './api-route.js';
import {
  DeletedWebhookSchema,
  WebhookAnswerSchema,
  WebhookCreatedSchema,
  WebhookDeliveryAnswerSchema,
  WebhookDeliveryPageSchema,
  WebhookListSchema,
} from './webhook-answer-schemas.js';

const TAG = 'Webhooks';

/** `{id}` and `{deliveryId}`: one delivery of one webhook. */
const DeliveryParamsSchema = v.strictObject({
  ...IdParamsSchema.entries,
  deliveryId: IdParamsSchema.entries.id,
});

/** The delivery log's filters in a query string: as the service's, with `limit` as digits. */
export const DeliveryQuerySchema = v.strictObject({
  ...ListDeliveriesSchema.entries,
  limit: LimitQuerySchema,
});

/** Wraps a service answer under one key of `{ ok: true, ... }`. */
const under = async <K extends string, T>(
  key: K,
  answer: Promise<Result<T>>,
): Promise<Result<Record<K, T>>> => {
  const result = await answer;
  return result.ok ? { ok: true, value: { [key]: result.value } as Record<K, T> } : result;
};

/**
 * The site's webhooks on the REST API (issue 13, docs/webhooks.md): list, read, create (its
 * secrets shown in that answer only), change and delete endpoints; read the delivery log and
 * redeliver. Reading needs a `read` key: the log holds what the site's own conversations sent
 * out, as `GET /sessions` does. Everything that changes where data goes, or sends it again,
 * needs `admin`, as API keys do. Without records (`webhooks` undefined) every operation answers
 * `unavailable`, so the document is the same on every server.
 * @example const routes = webhookRoutes(server.webhooks?.service); // in apiRoutes, from ApiServices
 */
export function webhookRoutes(webhooks: WebhookService | undefined) {
  /** Runs `run` on the service; without records, `unavailable`. */
  const use = async <T>(run: (service: WebhookService) => Promise<Result<T>>): Promise<Result<T>> =>
    webhooks ? run(webhooks) : fail('unavailable', 'This server keeps no records, where webhooks live');
  return [
    defineRoute({
      method: 'GET',
      path: '/webhooks',
      operationId: 'listWebhooks',
      summary: "The site's webhooks, from the config file and from this API; never their secrets.",
      tag: TAG,
      scope: 'read',
      response: WebhookListSchema,
      handle: ({ caller }) => use((w) => under('webhooks', w.list(caller.site.key))),
    }),

    defineRoute({
      method: 'POST',
      path: '/webhooks',
      operationId: 'createWebhook',
      summary:
        "A new webhook of the site. Without `secrets`, one is made; the answer's `webhook.secrets` is the only time they are shown.",
      tag: TAG,
      scope: 'admin',
      body: CreateWebhookSchema,
      response: WebhookCreatedSchema,
      status: 201,
      errors: ['conflict'],
      handle: ({ caller, body }) => use((w) => under('webhook', w.create(caller.site.key, body))),
    }),

    defineRoute({
      method: 'GET',
      path: '/webhooks/{id}',
      operationId: 'getWebhook',
      summary: 'One webhook of the site, with how many secrets sign its requests (never the secrets).',
      tag: TAG,
      scope: 'read',
      params: IdParamsSchema,
      response: WebhookAnswerSchema,
      handle: ({ caller, params }) => use((w) => under('webhook', w.get(caller.site.key, params.id))),
    }),

    defineRoute({
      method: 'PATCH',
      path: '/webhooks/{id}',
      operationId: 'updateWebhook',
      summary:
        'Changes a webhook made through this API (a rotation sets `secrets` to [new, old]); one from the config file is `conflict`.',
      tag: TAG,
      scope: 'admin',
      params: IdParamsSchema,
      body: UpdateWebhookSchema,
      response: WebhookAnswerSchema,
      errors: ['conflict'],
      handle: ({ caller, params, body }) =>
        use((w) => under('webhook', w.update(caller.site.key, params.id, body))),
    }),

    defineRoute({
      method: 'DELETE',
      path: '/webhooks/{id}',
      operationId: 'deleteWebhook',
      summary:
        'Deletes a webhook made through this API, with its delivery log; one from the config file is `conflict`.',
      tag: TAG,
      scope: 'admin',
      params: IdParamsSchema,
      response: DeletedWebhookSchema,
      errors: ['conflict'],
      handle: ({ caller, params }) => use((w) => w.remove(caller.site.key, params.id)),
    }),

    defineRoute({
      method: 'GET',
      path: '/webhooks/{id}/deliveries',
      operationId: 'listWebhookDeliveries',
      summary:
        "A webhook's deliveries, newest first, filtered by session, state and event type; `before` takes the previous page's `next`.",
      tag: TAG,
      scope: 'read',
      params: IdParamsSchema,
      query: DeliveryQuerySchema,
      response: WebhookDeliveryPageSchema,
      handle: ({ caller, params, query }) => use((w) => w.deliveries(caller.site.key, params.id, query)),
    }),

    defineRoute({
      method: 'GET',
      path: '/webhooks/{id}/deliveries/{deliveryId}',
      operationId: 'getWebhookDelivery',
      summary: 'One delivery of a webhook, with every attempt of it (`log`).',
      tag: TAG,
      scope: 'read',
      params: DeliveryParamsSchema,
      response: WebhookDeliveryAnswerSchema,
      handle: ({ caller, params }) =>
        use((w) => under('delivery', w.delivery(caller.site.key, params.id, params.deliveryId))),
    }),

    defineRoute({
      method: 'POST',
      path: '/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      operationId: 'redeliverWebhookDelivery',
      summary:
        'Sends a delivery again now, whatever its state, as one more attempt in its log; answers the delivery, this attempt last.',
      tag: TAG,
      scope: 'admin',
      params: DeliveryParamsSchema,
      response: WebhookDeliveryAnswerSchema,
      handle: ({ caller, params }) =>
        use((w) => under('delivery', w.redeliver(caller.site.key, params.id, params.deliveryId))),
    }),
  ];
}

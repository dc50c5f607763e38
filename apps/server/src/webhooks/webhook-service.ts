import { randomUUID } from 'node:crypto';
import { fail, type Result } from '@parley/protocol';
import * as v from 'valibot';
import { BadCursorError } from '../records/page-cursor.js';
import { newSecret } from './signature.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';
import { CreateWebhookSchema, ListDeliveriesSchema, UpdateWebhookSchema } from './webhook-schemas.js';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookStore } from './webhook-store.js';

export interface WebhookServiceDeps {
  webhooks: WebhookStore;
  dispatcher: Pick<WebhookDispatcher, 'redeliver'>;
  clock: () => number;
  /**
   * The config file's `webhookSettings.allowPrivate`: only then may a webhook made or changed
   * here reach loopback and private addresses (`allowPrivate`). The SSRF guard is the config's to
   * lift, never an API key's.
   */
  allowPrivate?: boolean;
}

const PRIVATE_REFUSED =
  'allowPrivate needs webhookSettings.allowPrivate in the config file: a webhook made over the API may not reach loopback or private addresses';

/**
 * An endpoint as the API shows it: its secrets are never shown again after creation, nor is a
 * password in its URL (a `read` key lists the endpoints): `https://crm:****@crm.example/hooks`.
 */
export type WebhookView = Omit<WebhookEndpoint, 'secrets'> & { secretCount: number };

/** `url` with its password, if it has one, shown as `****`. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '****';
    return parsed.toString();
  } catch {
    return url;
  }
}

const view = ({ secrets, ...endpoint }: WebhookEndpoint): WebhookView => ({
  ...endpoint,
  url: withoutPassword(endpoint.url),
  secretCount: secrets.length,
});

/** The first issue of a failed parse, as the typed error every boundary answers. */
function parse<S extends v.GenericSchema>(schema: S, input: unknown): Result<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, input);
  if (parsed.success) return { ok: true, value: parsed.output };
  const issue = parsed.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.');
  return fail('invalid_payload', path ? `${path}: ${issue.message}` : issue.message);
}

/**
 * Webhooks of a site, as the REST API offers them (issue 13): list, create, update and delete
 * endpoints, read the delivery log with filters and paging, and redeliver one delivery. Every
 * input is parsed with the schemas of `webhook-schemas.ts` (the ones the OpenAPI document is made
 * from) and every answer is a `Result`; a site reaches only its own webhooks. Endpoints from the
 * config file are read-only here (`conflict`): the file is their source.
 * @example
 * const service = createWebhookService({ webhooks: records.webhooks, dispatcher, clock: Date.now });
 * const created = await service.create('shop', { url: 'https://crm.example/hooks', events: ['session.created'] });
 */
export function createWebhookService({
  webhooks,
  dispatcher,
  clock,
  allowPrivate = false,
}: WebhookServiceDeps) {
  /** The site's own webhook; anything else is `not_found`. */
  const own = async (siteKey: string, id: string): Promise<Result<WebhookEndpoint>> => {
    const endpoint = await webhooks.endpoint(id);
    if (endpoint?.kind !== 'webhook' || endpoint.siteKey !== siteKey) {
      return fail('not_found', `No webhook ${id}`);
    }
    return { ok: true, value: endpoint };
  };
  const editable = async (siteKey: string, id: string): Promise<Result<WebhookEndpoint>> => {
    const found = await own(siteKey, id);
    if (found.ok && found.value.source === 'config') {
      return fail('conflict', `Webhook ${id} comes from the config file; change it there`);
    }
    return found;
  };

  return {
    async list(siteKey: string): Promise<Result<WebhookView[]>> {
      return { ok: true, value: (await webhooks.list(siteKey)).map(view) };
    },

    async get(siteKey: string, id: string): Promise<Result<WebhookView>> {
      const found = await own(siteKey, id);
      return found.ok ? { ok: true, value: view(found.value) } : found;
    },

    /** Creates a webhook; the answer shows its secrets, once. */
    async create(siteKey: string, input: unknown): Promise<Result<WebhookView & { secrets: string[] }>> {
      const parsed = parse(CreateWebhookSchema, input);
      if (!parsed.ok) return parsed;
      if (parsed.value.allowPrivate && !allowPrivate) return fail('forbidden', PRIVATE_REFUSED);
      const { id, secrets, ...rest } = parsed.value;
      const created = await webhooks.create(
        {
          ...rest,
          id: id ?? `wh_${randomUUID().replaceAll('-', '')}`,
          kind: 'webhook',
          siteKey,
          secrets: secrets ?? [newSecret()],
          source: 'api',
        },
        clock(),
      );
      if (!created) return fail('conflict', `A webhook ${id} exists already`);
      return { ok: true, value: { ...view(created), secrets: created.secrets } };
    },

    async update(siteKey: string, id: string, input: unknown): Promise<Result<WebhookView>> {
      const parsed = parse(UpdateWebhookSchema, input);
      if (!parsed.ok) return parsed;
      if (parsed.value.allowPrivate && !allowPrivate) return fail('forbidden', PRIVATE_REFUSED);
      const found = await editable(siteKey, id);
      if (!found.ok) return found;
      const updated = await webhooks.update(id, parsed.value, clock());
      return updated ? { ok: true, value: view(updated) } : fail('not_found', `No webhook ${id}`);
    },

    /** Deletes a webhook with its delivery log. */
    async remove(siteKey: string, id: string): Promise<Result<{ deleted: true }>> {
      const found = await editable(siteKey, id);
      if (!found.ok) return found;
      await webhooks.remove(id);
      return { ok: true, value: { deleted: true } };
    },

    /** A webhook's deliveries, newest first, filtered, a page at a time (`next` for the next). */
    async deliveries(
      siteKey: string,
      id: string,
      input: unknown,
    ): Promise<Result<{ deliveries: WebhookDelivery[]; next: string | null }>> {
      const parsed = parse(ListDeliveriesSchema, input);
      if (!parsed.ok) return parsed;
      const found = await own(siteKey, id);
      if (!found.ok) return found;
      try {
        return { ok: true, value: await webhooks.deliveries({ ...parsed.value, endpointId: id }) };
      } catch (error) {
        if (error instanceof BadCursorError) return fail('invalid_payload', 'before: invalid page cursor');
        throw error;
      }
    },

    /** One delivery of the webhook with every attempt of it. */
    async delivery(
      siteKey: string,
      id: string,
      deliveryId: string,
    ): Promise<Result<WebhookDelivery & { log: WebhookAttempt[] }>> {
      const found = await own(siteKey, id);
      if (!found.ok) return found;
      const delivery = await webhooks.delivery(deliveryId);
      if (!delivery || delivery.endpointId !== id) return fail('not_found', `No delivery ${deliveryId}`);
      return { ok: true, value: delivery };
    },

    /** Sends a delivery again now; the answer is the delivery with its log, this attempt last. */
    async redeliver(
      siteKey: string,
      id: string,
      deliveryId: string,
    ): Promise<Result<WebhookDelivery & { log: WebhookAttempt[] }>> {
      const found = await this.delivery(siteKey, id, deliveryId);
      if (!found.ok) return found;
      const done = await dispatcher.redeliver(deliveryId);
      return done ? { ok: true, value: done } : fail('not_found', `No delivery ${deliveryId}`);
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;

/**
 * The webhook service the REST API mounts (issue 13): endpoints of a site, its delivery log with
 * filters and paging, and redelivery, over real records (PGlite) and a real receiver. Bad input
 * is a typed error and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionEvent, SessionSummary } from '@parley/protocol';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { parseConfig } from '../config/load-config.js';
import { createPgliteRecords, openPglite } from '../records/pglite-records.js';
import type { RecordsStore } from '../records/records-store.js';
import { configEndpoints } from './config-endpoints.js';
import { newSecret } from './signature.js';
import { createWebhookDispatcher } from './webhook-dispatcher.js';
import { createWebhookService, type WebhookService } from './webhook-service.js';

let pglite: PGlite;
beforeAll(async () => {
  pglite = await openPglite();
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
}, 120_000);
afterAll(async () => {
  await pglite?.close();
});

const T0 = Date.UTC(2026, 11, 4, 12);

function chat(siteKey: string, messages: number): { session: SessionSummary; events: SessionEvent[] } {
  const id = randomUUID();
  return {
    session: {
      id,
      siteKey,
      visitorId: 'v1',
      status: 'bot',
      handler: { kind: 'bot', id: 'welcome' },
      lastSpeaker: 'visitor',
      lastSeq: messages,
      createdAt: T0,
      updatedAt: T0,
      visitor: {},
      data: {},
    },
    events: Array.from({ length: messages }, (_, i) => ({
      type: 'message' as const,
      sessionId: id,
      seq: i + 1,
      at: T0,
      clientId: `c-${i}`,
      author: { role: 'visitor' as const, id: 'v1' },
      text: `message ${i + 1}`,
    })),
  };
}

describe('the webhook service', { timeout: 60_000 }, () => {
  let schema: string;
  let records: RecordsStore;
  let receiver: WebhookReceiver;
  let service: WebhookService;
  let dispatcher: ReturnType<typeof createWebhookDispatcher>;

  beforeEach(async () => {
    schema = `t_${randomUUID().replaceAll('-', '')}`;
    records = await createPgliteRecords({ pglite, schema });
    receiver = await startReceiver(({ body }) => ({ status: body.includes('"seq":2') ? 410 : 200 }));
    dispatcher = createWebhookDispatcher({
      webhooks: records.webhooks,
      settings: {
        retrySchedule: [1],
        maxAgeHours: 24,
        timeoutSeconds: 10,
        circuitFailures: 10,
        circuitCooldownSeconds: 60,
        pollMs: 1000,
        logDays: 30,
        allowPrivate: true,
      },
      clock: () => T0,
      logger: pino({ level: 'silent' }),
    });
    service = createWebhookService({
      webhooks: records.webhooks,
      dispatcher,
      clock: () => T0,
      allowPrivate: true,
    });
  });
  afterEach(async () => {
    await receiver.close();
    await records.close();
    await pglite.exec(`DROP SCHEMA ${schema} CASCADE`);
  });

  it('creates a webhook with a secret shown once, lists, updates and deletes it', async () => {
    const created = await service.create('shop', { url: receiver.url, events: ['message.created'] });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.secrets).toEqual([expect.stringMatching(/^whsec_/)]);
    const { id } = created.value;
    const listed = await service.list('shop');
    expect(listed.ok && listed.value.map((w) => [w.id, w.secretCount, 'secrets' in w])).toEqual([
      [id, 1, false],
    ]);
    expect(await service.list('other')).toEqual({ ok: true, value: [] });

    const rotated = await service.update('shop', id, { secrets: [newSecret(), created.value.secrets[0]] });
    expect(rotated.ok && rotated.value.secretCount).toBe(2);
    expect((await service.get('other', id)).ok).toBe(false);
    expect(await service.remove('other', id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await service.remove('shop', id)).toEqual({ ok: true, value: { deleted: true } });
    expect(await service.get('shop', id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers bad input with a typed error and changes nothing', async () => {
    expect(await service.create('shop', { url: 'not a url', events: ['message.created'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringMatching(/^url:/) },
    });
    expect(await service.create('shop', { url: receiver.url, events: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await service.create('shop', null)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    const created = await service.create('shop', {
      id: 'crm',
      url: receiver.url,
      events: ['message.created'],
    });
    expect(created.ok).toBe(true);
    expect(
      await service.create('shop', { id: 'crm', url: receiver.url, events: ['message.created'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await service.update('shop', 'crm', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await service.update('shop', 'crm', { secrets: ['nope'] })).toMatchObject({ ok: false });
    expect(await service.deliveries('shop', 'crm', { limit: 0 })).toMatchObject({ ok: false });
    expect(await service.deliveries('shop', 'crm', { before: 'garbage' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect((await service.list('shop')).ok && (await service.get('shop', 'crm'))).toMatchObject({
      ok: true,
      value: { url: receiver.url, secretCount: 1 },
    });
  });

  it('lets a webhook made or changed here reach private addresses only when the config file does', async () => {
    const strict = createWebhookService({ webhooks: records.webhooks, dispatcher, clock: () => T0 });
    const body = { url: 'https://hooks.example/in', events: ['session.created'], allowPrivate: true };
    expect(await strict.create('shop', body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await strict.list('shop')).ok && (await records.webhooks.list('shop')).length).toBe(0);
    const made = await strict.create('shop', { ...body, allowPrivate: false });
    if (!made.ok) throw new Error(made.error.message);
    expect(await strict.update('shop', made.value.id, { allowPrivate: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await strict.get('shop', made.value.id)).ok && made.value.allowPrivate).toBe(false);
    expect(await service.update('shop', made.value.id, { allowPrivate: true })).toMatchObject({ ok: true });
  });

  it('keeps config webhooks read-only', async () => {
    const config = parseConfig({
      sites: [
        {
          key: 'shop',
          allowedOrigins: ['https://shop.example'],
          entry: { bot: 'welcome' },
          webhooks: [
            { id: 'from-file', url: receiver.url, secret: newSecret(), events: ['message.created'] },
          ],
        },
      ],
      bots: [{ id: 'welcome', token: 'a-token-of-sixteen-chars' }],
    });
    await records.webhooks.syncConfig(configEndpoints(config), T0);
    expect(await service.update('shop', 'from-file', { enabled: false })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await service.remove('shop', 'from-file')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    // Gone from the file at the next start: disabled, its log kept.
    await records.webhooks.syncConfig([], T0);
    expect(await service.get('shop', 'from-file')).toMatchObject({ ok: true, value: { enabled: false } });
  });

  it('lists deliveries newest first with filters and pages, and redelivers a failed one', async () => {
    const created = await service.create('shop', {
      id: 'crm',
      url: receiver.url,
      events: ['message.created'],
    });
    expect(created.ok).toBe(true);
    const { session, events } = chat('shop', 3);
    await records.record(session, events);
    const other = chat('other', 2);
    await records.record(other.session, other.events);
    await dispatcher.flush();

    const first = await service.deliveries('shop', 'crm', { limit: 2 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.deliveries).toHaveLength(2);
    expect(first.value.next).not.toBeNull();
    const second = await service.deliveries('shop', 'crm', { limit: 2, before: first.value.next ?? '' });
    expect(second.ok && second.value.deliveries).toHaveLength(1);
    expect(second.ok && second.value.next).toBeNull();
    const all = [...first.value.deliveries, ...(second.ok ? second.value.deliveries : [])];
    expect(all.map((d) => d.seq).sort()).toEqual([1, 2, 3]);

    const failed = await service.deliveries('shop', 'crm', { state: 'failed' });
    if (!failed.ok) throw new Error(failed.error.message);
    expect(failed.value.deliveries.map((d) => [d.seq, d.lastStatus])).toEqual([[2, 410]]);
    const deliveryId = failed.value.deliveries[0]?.id ?? '';
    expect(await service.delivery('other', 'crm', deliveryId)).toMatchObject({ ok: false });

    const again = await service.redeliver('shop', 'crm', deliveryId);
    expect(again.ok && again.value.log.map((a) => [a.attempt, a.status, a.redelivery])).toEqual([
      [1, 410, false],
      [2, 410, true],
    ]);
    expect(again.ok && again.value.state).toBe('failed');
    expect(await service.redeliver('shop', 'crm', 'msg_nope')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(receiver.received).toHaveLength(4);
  });
});

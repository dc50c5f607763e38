/**
 * The webhook dispatcher against real records (PGlite and the PostgreSQL server) and a real HTTP
 * receiver: the outbox the records writer fills, retries, final failures, the circuit breaker,
 * redelivery from the log, and the SSRF guard at connect time. Time is a clock the test moves.
 */
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionEvent, SessionSummary } from '@parley/protocol';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/postgres.js';
import { startReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import type { WebhookSettings } from '../config/config-schema.js';
import { createPgliteRecords, openPglite } from '../records/pglite-records.js';
import { createPostgresRecords } from '../records/postgres-records.js';
import type { RecordsStore } from '../records/records-store.js';
import { newSecret } from './signature.js';
import { createWebhookDispatcher } from './webhook-dispatcher.js';
import type { WebhookPayload } from './webhook-events.js';

const T0 = Date.UTC(2026, 11, 4, 12);

function conversation(messages: number, sessionId = randomUUID()) {
  const session: SessionSummary = {
    id: sessionId,
    siteKey: 'shop',
    visitorId: 'v1',
    status: 'bot',
    handler: { kind: 'bot', id: 'welcome' },
    lastSpeaker: 'visitor',
    lastSeq: messages + 1,
    createdAt: T0,
    updatedAt: T0,
    visitor: {},
    data: {},
    correlationId: 'crm-42',
  };
  const events: SessionEvent[] = [
    {
      type: 'session.changed',
      sessionId,
      seq: 1,
      at: T0,
      from: 'created',
      to: 'bot',
      reason: 'entry',
      handler: { kind: 'bot', id: 'welcome' },
    },
    ...Array.from({ length: messages }, (_, i) => ({
      type: 'message' as const,
      sessionId,
      seq: i + 2,
      at: T0,
      clientId: `c-${i}`,
      author: { role: 'visitor' as const, id: 'v1' },
      text: `message ${i + 1}`,
    })),
  ];
  return { session, events };
}

const settings = (overrides: Partial<WebhookSettings> = {}): WebhookSettings => ({
  retrySchedule: [1],
  maxAgeHours: 24,
  timeoutSeconds: 10,
  circuitFailures: 100,
  circuitCooldownSeconds: 60,
  pollMs: 1000,
  logDays: 30,
  allowPrivate: false,
  ...overrides,
});

const bodyOf = (received: { body: string }) => JSON.parse(received.body) as WebhookPayload;

type OpenRecords = () => Promise<{ records: RecordsStore; cleanup(): Promise<void> }>;

function describeDispatcher(name: string, open: () => OpenRecords) {
  describe(`webhook dispatcher: ${name}`, { timeout: 60_000 }, () => {
    let records: RecordsStore;
    let cleanup: () => Promise<void>;
    let receiver: WebhookReceiver | undefined;
    let now = T0;
    const clock = () => now;
    const logger = pino({ level: 'silent' });

    beforeEach(async () => {
      now = T0;
      ({ records, cleanup } = await open()());
    });
    afterEach(async () => {
      await receiver?.close();
      receiver = undefined;
      await cleanup();
    });

    const endpoint = async (
      url: string,
      options: { allowPrivate?: boolean; secrets?: string[]; events?: string[] } = {},
    ) => {
      const secrets = options.secrets ?? [newSecret()];
      await records.webhooks.create(
        {
          id: `crm-${randomUUID().slice(0, 8)}`,
          kind: 'webhook',
          siteKey: 'shop',
          url,
          secrets,
          events: options.events ?? ['session.created', 'session.changed', 'message.created'],
          allowPrivate: options.allowPrivate ?? true,
          source: 'api',
        },
        T0,
      );
      return (await records.webhooks.list('shop')).at(-1)?.id ?? '';
    };
    const dispatcher = (overrides: Partial<WebhookSettings> = {}, outcomes: string[] = []) =>
      createWebhookDispatcher({
        webhooks: records.webhooks,
        settings: settings(overrides),
        clock,
        logger,
        random: () => 0.5,
        onDelivery: (outcome) => outcomes.push(outcome),
      });

    it('signs every request so that the standardwebhooks package verifies it with either of two secrets', async () => {
      // The verifier checks the timestamp against its own clock (a 5-minute tolerance).
      now = Date.now();
      receiver = await startReceiver();
      const [oldSecret, newSecretValue] = [newSecret(), newSecret()];
      await endpoint(receiver.url, { secrets: [newSecretValue, oldSecret] });
      const { session, events } = conversation(2);
      await records.record(session, events);
      await dispatcher().flush();

      expect(receiver.received.map((r) => bodyOf(r).type)).toEqual([
        'session.created',
        'session.changed',
        'message.created',
        'message.created',
      ]);
      for (const request of receiver.received) {
        for (const secret of [oldSecret, newSecretValue]) {
          expect(new Webhook(secret).verify(request.body, request.headers)).toEqual(JSON.parse(request.body));
        }
        expect(() => new Webhook(newSecret()).verify(request.body, request.headers)).toThrow();
      }
      const first = bodyOf(receiver.received[0] as { body: string });
      expect(first.data).toMatchObject({
        siteKey: 'shop',
        sessionId: session.id,
        seq: 1,
        correlationId: 'crm-42',
      });
      expect(bodyOf(receiver.received[2] as { body: string }).data).toMatchObject({
        seq: 2,
        message: { text: 'message 1', author: { role: 'visitor' } },
      });
    });

    it('writes the outbox once however often a batch is recorded again', async () => {
      receiver = await startReceiver();
      await endpoint(receiver.url);
      const { session, events } = conversation(3);
      await records.record(session, events.slice(0, 2));
      await records.record(session, events);
      await records.record(session, events.slice(1));
      await dispatcher().flush();
      expect(receiver.received.map((r) => bodyOf(r).data.seq)).toEqual([1, 1, 2, 3, 4]);
    });

    it('retries a receiver that fails twice and gets every event acknowledged once, in order', async () => {
      receiver = await startReceiver(({ index }) => ({ status: index < 2 ? 500 : 200 }));
      const id = await endpoint(receiver.url);
      const { session, events } = conversation(2);
      await records.record(session, events);
      const run = dispatcher();
      await run.flush();
      expect(receiver.received).toHaveLength(1);
      now += 1000;
      await run.flush();
      expect(receiver.received).toHaveLength(2);
      now += 1000;
      await run.flush();

      const acknowledged = receiver.received.filter((r) => r.status === 200);
      expect(acknowledged.map((r) => `${bodyOf(r).data.seq}:${bodyOf(r).type}`)).toEqual([
        '1:session.created',
        '1:session.changed',
        '2:message.created',
        '3:message.created',
      ]);
      // The retries are the same message: one webhook-id for all three tries.
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids[0]).toBe(ids[1]);
      expect(ids[1]).toBe(ids[2]);
      expect(new Set(acknowledged.map((r) => r.headers['webhook-id'])).size).toBe(4);

      const page = await records.webhooks.deliveries({ endpointId: id, sessionId: session.id });
      expect(page.deliveries.every((d) => d.state === 'delivered')).toBe(true);
      const firstId = ids[0] as string;
      const log = await records.webhooks.delivery(firstId);
      expect(log?.log.map((a) => [a.attempt, a.status, a.error])).toEqual([
        [1, 500, 'HTTP 500'],
        [2, 500, 'HTTP 500'],
        [3, 200, null],
      ]);
      expect(log?.log[0]?.response).toBe('');
    });

    it('shares the work between two dispatchers at once: each event sent once, in order per session', async () => {
      receiver = await startReceiver(() => ({ status: 200, delayMs: 5 }));
      await endpoint(receiver.url);
      const sessions = Array.from({ length: 6 }, () => conversation(4));
      for (const { session, events } of sessions) await records.record(session, events);
      const [a, b] = [dispatcher(), dispatcher()];
      await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
      const bodies = receiver.received.map(bodyOf);
      expect(bodies).toHaveLength(6 * 6);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(36);
      for (const { session } of sessions) {
        const seqs = bodies.filter((b) => b.data.sessionId === session.id).map((b) => b.data.seq);
        expect(seqs).toEqual([1, 1, 2, 3, 4, 5]);
      }
    });

    it('fails a 4xx for good and goes on with the next event; retries 429 and 408', async () => {
      const statuses = [400, 429, 408];
      receiver = await startReceiver(({ index }) => ({ status: statuses[index] ?? 200 }));
      const id = await endpoint(receiver.url);
      const { session, events } = conversation(1);
      await records.record(session, events);
      const outcomes: string[] = [];
      const run = dispatcher({ retrySchedule: [0] }, outcomes);
      await run.flush();
      expect(receiver.received.map((r) => [bodyOf(r).type, r.status])).toEqual([
        ['session.created', 400],
        ['session.changed', 429],
        ['session.changed', 408],
        ['session.changed', 200],
        ['message.created', 200],
      ]);
      expect(outcomes).toEqual(['failed', 'retry', 'retry', 'delivered', 'delivered']);
      const failed = await records.webhooks.deliveries({ endpointId: id, state: 'failed' });
      expect(failed.deliveries.map((d) => [d.eventType, d.lastStatus])).toEqual([['session.created', 400]]);
    });

    it('retries a request that times out', async () => {
      receiver = await startReceiver(({ index }) => (index === 0 ? 'hang' : { status: 200 }));
      const id = await endpoint(receiver.url);
      const { session, events } = conversation(0);
      await records.record(session, events);
      await dispatcher({ retrySchedule: [0], timeoutSeconds: 0.2 }).flush();
      const first = receiver.received[0]?.headers['webhook-id'] as string;
      const log = await records.webhooks.delivery(first);
      expect(log?.log.map((a) => [a.status, a.error])).toEqual([
        [null, 'no answer within 200 ms'],
        [200, null],
      ]);
      expect((await records.webhooks.deliveries({ endpointId: id, state: 'pending' })).deliveries).toEqual(
        [],
      );
    });

    it('lets the rows in flight go, unfailed, when it stops', async () => {
      receiver = await startReceiver(() => 'hang');
      const id = await endpoint(receiver.url);
      const { session, events } = conversation(0);
      await records.record(session, events);
      const run = dispatcher();
      run.start();
      await receiver.until((received) => received.length === 1);
      await run.stop();
      const [row] = (await records.webhooks.deliveries({ endpointId: id, eventType: 'session.created' }))
        .deliveries;
      expect(row).toMatchObject({ state: 'pending', attempts: 0, lastError: null });
      expect((await records.webhooks.endpoint(id))?.consecutiveFailures).toBe(0);
      // Claimable again at once (no lease left): the next dispatcher takes it.
      const [claimed] = await records.webhooks.claim({
        now,
        leaseMs: 1000,
        limit: 1,
        circuit: { failures: 10, cooldownMs: 1000 },
      });
      expect(claimed?.id).toBe(row?.id);
    });

    it('opens the circuit after failures in a row, probes after the cooldown, and closes on success', async () => {
      receiver = await startReceiver(({ index }) => ({ status: index < 3 ? 503 : 200 }));
      const id = await endpoint(receiver.url);
      const { session, events } = conversation(1);
      await records.record(session, events);
      const run = dispatcher({ circuitFailures: 3, circuitCooldownSeconds: 60 });
      for (let i = 0; i < 3; i += 1) {
        await run.flush();
        now += 1000;
      }
      expect(receiver.received).toHaveLength(3);
      expect((await records.webhooks.endpoint(id))?.circuitOpenUntil).toBe(T0 + 2000 + 60_000);
      // Due, but the circuit is open: nothing goes.
      now += 10_000;
      await run.flush();
      expect(receiver.received).toHaveLength(3);
      // After the cooldown one probe goes; it succeeds, the circuit closes, the rest follows.
      now = T0 + 2000 + 60_000;
      await run.flush();
      expect((await records.webhooks.endpoint(id))?.consecutiveFailures).toBe(0);
      expect((await records.webhooks.endpoint(id))?.circuitOpenUntil).toBeNull();
      expect(receiver.received.filter((r) => r.status === 200).map((r) => bodyOf(r).type)).toEqual([
        'session.created',
        'session.changed',
        'message.created',
      ]);
    });

    it('redelivers a delivered event as one more attempt in its log', async () => {
      receiver = await startReceiver();
      await endpoint(receiver.url);
      const { session, events } = conversation(0);
      await records.record(session, events);
      const run = dispatcher();
      await run.flush();
      const first = receiver.received[0]?.headers['webhook-id'] as string;
      const again = await run.redeliver(first);
      expect(again?.state).toBe('delivered');
      expect(again?.log.map((a) => [a.attempt, a.status, a.redelivery])).toEqual([
        [1, 200, false],
        [2, 200, true],
      ]);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
        first,
        receiver.received[1]?.headers['webhook-id'],
        first,
      ]);
      expect(await run.redeliver('msg_unknown')).toBeNull();
    });

    it('prunes finished deliveries from the log after their time, never pending ones', async () => {
      receiver = await startReceiver(({ index }) => ({ status: index === 0 ? 200 : 503 }));
      const id = await endpoint(receiver.url);
      const { session, events } = conversation(0);
      await records.record(session, events);
      await dispatcher().flush();
      const states = async () =>
        (await records.webhooks.deliveries({ endpointId: id })).deliveries.map((d) => d.state).sort();
      expect(await states()).toEqual(['delivered', 'pending']);
      expect(await records.webhooks.prune(T0 - 1000)).toBe(0);
      expect(await records.webhooks.prune(T0 + 1000)).toBe(1);
      expect(await states()).toEqual(['pending']);
    });

    it('keeps no content of an erased visitor in the outbox, and tells the webhooks that want it', async () => {
      receiver = await startReceiver();
      await endpoint(receiver.url, { events: ['message.created', 'visitor.erased'] });
      const { session, events } = conversation(1);
      await records.record(session, events);
      const erased = await records.eraseVisitor({
        siteKey: 'shop',
        visitorId: 'v1',
        actor: { kind: 'agent', id: 'ada' },
        at: T0,
      });
      expect(erased.erased).toBe(true);
      await dispatcher().flush();
      // Two ordering keys (the session's, the erasure's): no order between them.
      const bodies = receiver.received.map(bodyOf).sort((a, b) => a.type.localeCompare(b.type));
      expect(bodies.map((b) => b.type)).toEqual(['message.created', 'visitor.erased']);
      expect(bodies[0]?.data).toEqual({
        siteKey: 'shop',
        sessionId: session.id,
        seq: 2,
        correlationId: 'crm-42',
        erased: true,
      });
      expect(bodies[1]?.data).toMatchObject({ siteKey: 'shop', visitorId: 'v1', sessions: 1 });
      expect(JSON.stringify(bodies)).not.toContain('message 1');
    });

    it('refuses loopback addresses at connect time unless allowed, a hostname that resolves to one included', async () => {
      receiver = await startReceiver();
      const port = new URL(receiver.url).port;
      const byName = await endpoint(`http://localhost:${port}/hooks`, { allowPrivate: false });
      const byAddress = await endpoint(`http://[::ffff:127.0.0.1]:${port}/hooks`, { allowPrivate: false });
      const { session, events } = conversation(0);
      await records.record(session, events);
      await dispatcher({ retrySchedule: [3600] }).flush();
      expect(receiver.received).toEqual([]);
      for (const id of [byName, byAddress]) {
        const [pending] = (
          await records.webhooks.deliveries({ endpointId: id, eventType: 'session.created' })
        ).deliveries;
        expect(pending?.lastStatus).toBeNull();
        expect(pending?.lastError).toMatch(/private address/);
        expect(pending?.state).toBe('pending');
      }
      // Allowed (for this endpoint), the same name is reached.
      await records.webhooks.update(byName, { allowPrivate: true }, now);
      now += 3600 * 1000 * 1.5;
      await dispatcher({ retrySchedule: [3600] }).flush();
      expect(receiver.received.length).toBeGreaterThan(0);
      expect(receiver.received[0]?.headers.host).toBe(`localhost:${port}`);
    });
  });
}

// One PGlite for the file; each test a schema of its own.
let pglite: PGlite;
beforeAll(async () => {
  pglite = await openPglite();
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
}, 120_000);
afterAll(async () => {
  await pglite?.close();
});

describeDispatcher('pglite', () => async () => {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const records = await createPgliteRecords({ pglite, schema });
  return {
    records,
    async cleanup() {
      await records.close();
      await pglite.exec(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
});

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let admin: Kysely<unknown> | undefined;
beforeAll(async () => {
  database = await createTestDatabase('hooks');
  admin = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
  });
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(admin);
}, 60_000);
afterAll(async () => {
  await admin?.destroy();
  await database?.drop();
}, 60_000);

describeDispatcher('postgres', () => async () => {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const records = await createPostgresRecords({
    url: database?.url ?? '',
    schema,
    maxConnections: 3,
    onError: () => {},
  });
  return {
    records,
    async cleanup() {
      await records.close();
      if (admin) await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(admin);
    },
  };
});

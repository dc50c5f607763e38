/**
 * Webhooks as DESIGN.md promises every consumer of the session log (issue 13): the built server
 * (Redis store, records in a PostgreSQL database of the test's own, the records writer in its
 * thread, the dispatcher on the main one) is SIGKILLed twice while visitors write and a real
 * receiver acknowledges slowly. Once it is back and caught up, the receiver has acknowledged every
 * event of every session, first in seq order, and a repeat only ever under the same webhook-id.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/postgres.js';
import { type RunningProcess, runNode, serverPorts, waitUntilUp } from '../../test/processes.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { startReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { writeKillConfig, writeThroughKills } from '../../test/write-through-kills.js';
import { createRedisStore } from '../store/redis-store.js';
import { newSecret } from './signature.js';
import { outboxEntries, type WebhookPayload } from './webhook-events.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EVENTS = ['session.created', 'session.changed', 'message.created'] as const;

describe('webhooks with the server killed -9 mid-delivery', { timeout: 180_000 }, () => {
  let redis: TestRedis;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: WebhookReceiver;
  let server: RunningProcess | undefined;
  const prefix = `hookkill-${randomUUID()}:`;

  beforeAll(async () => {
    redis = await startRedis();
    database = await createTestDatabase('hookkill');
    // Slow enough that a kill often lands while a request is in flight.
    receiver = await startReceiver(() => ({ status: 200, delayMs: 30 }));
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await redis?.stop();
    await database?.drop();
  }, 60_000);

  it('loses no event and keeps the order of each session', async () => {
    const { url, origin, ports } = await serverPorts();
    const configPath = await writeKillConfig(
      origin,
      {
        webhooks: [{ id: 'crm', url: receiver.url, secret: newSecret(), events: EVENTS, allowPrivate: true }],
      },
      { webhookSettings: { retrySchedule: [0.1], pollMs: 50 } },
    );
    const env = {
      ...ports,
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      DATABASE_URL: database.url,
      PARLEY_CONFIG: configPath,
      LOG_LEVEL: 'error',
    };
    const start = async () => {
      server = runNode('apps/server/dist/index.js', env);
      await waitUntilUp(`${url}/readyz`, server);
    };
    await start();

    const visitors: VisitorClient[] = [];
    for (let v = 0; v < 3; v++) visitors.push((await connectVisitor(url, { origin })).socket);
    const sessions = await writeThroughKills({
      sockets: visitors,
      messages: 15,
      clientId: (v, m) => `hook-${v}-${m}-${prefix}`,
      pauseMs: 20,
      kills: 2,
      killEveryMs: 700,
      async killAndRestart() {
        server?.child.kill('SIGKILL');
        await sleep(300);
        await start();
      },
    });
    for (const socket of visitors) socket.close();

    const live = await createRedisStore({ url: redis.url, prefix, onError: () => {} });
    try {
      // What each session's receiver should see: its live log mapped to the subscribed events.
      const expected = new Map<string, string[]>();
      for (const id of sessions) {
        const summary = await live.getSession(id);
        if (!summary) throw new Error(`session ${id} is gone`);
        const events = await live.eventsSince(id, 0, 1000);
        expected.set(
          id,
          outboxEntries(summary, events)
            .filter((e) => e.audience === 'site')
            .map((e) => e.payload.id),
        );
      }
      const acknowledged = () => {
        const firstAcks = new Map<string, string[]>();
        for (const request of receiver.received) {
          if (request.status !== 200) continue;
          const payload = JSON.parse(request.body) as WebhookPayload;
          const sessionId = payload.data.sessionId ?? '';
          const list = firstAcks.get(sessionId) ?? [];
          if (!list.includes(payload.id)) list.push(payload.id);
          firstAcks.set(sessionId, list);
        }
        return firstAcks;
      };
      await expect
        .poll(
          () => {
            const acks = acknowledged();
            return [...sessions].filter(
              (id) => (acks.get(id) ?? []).length < (expected.get(id) ?? []).length,
            );
          },
          { timeout: 60_000 },
        )
        .toEqual([]);

      const acks = acknowledged();
      for (const id of sessions) expect(acks.get(id)).toEqual(expected.get(id));
      expect([...acks.keys()].sort()).toEqual([...sessions].sort());
      // A repeat (the kill came between the receiver's answer and the log) is the same message.
      const idsOf = new Map<string, Set<string>>();
      for (const request of receiver.received) {
        const eventId = (JSON.parse(request.body) as WebhookPayload).id;
        idsOf.set(eventId, (idsOf.get(eventId) ?? new Set()).add(request.headers['webhook-id'] ?? ''));
      }
      for (const ids of idsOf.values()) expect(ids.size).toBe(1);
      // Every visitor write stored once: the live logs' messages, by who wrote them and their id.
      const written = [];
      for (const id of sessions) {
        for (const event of await live.eventsSince(id, 0, 1000)) {
          if (event.type === 'message') written.push(`${event.author.role} ${event.clientId} ${event.text}`);
        }
      }
      expect(written.sort()).toHaveLength(45);
      const messages = [...expected.values()].flat().filter((e) => e.endsWith('message.created'));
      expect(messages).toHaveLength(45);
    } finally {
      await live.close();
    }
  });
});

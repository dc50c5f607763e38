import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionEvent, SessionSummary } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from '../../test/captured-logger.js';
import { freePort, startRedis, type TestRedis } from '../../test/redis-server.js';
import { RECORDS_CONSUMER } from '../consumers/records-writer.js';
import { createRedisStore } from '../store/redis-store.js';
import type { SessionStore } from '../store/session-store.js';
import type * as PageCursor from './page-cursor.js';
import type * as PgliteThread from './pglite-thread.js';

// The built modules: a worker thread runs JavaScript, so the thread's module is the build's (as
// the server runs it), and the error class it is revived as must be the build's too. Loaded by
// path, typed by the sources: the type check runs before the build.
const built = (module: string): Promise<unknown> =>
  import(new URL(`../../dist/records/${module}`, import.meta.url).href);
const { startPgliteThread } = (await built('pglite-thread.js')) as typeof PgliteThread;
const { BadCursorError } = (await built('page-cursor.js')) as typeof PageCursor;
type PgliteThreadRecords = PgliteThread.PgliteThreadRecords;

const at = Date.UTC(2026, 0, 1);
const session = (id: string): SessionSummary => ({
  id,
  siteKey: 'shop',
  visitorId: 'v1',
  status: 'bot',
  handler: { kind: 'bot', id: 'welcome' },
  lastSpeaker: 'visitor',
  lastSeq: 1,
  createdAt: at,
  updatedAt: at,
  visitor: { name: 'Ada' },
  data: {},
});
const message = (sessionId: string, text: string): SessionEvent => ({
  type: 'message',
  sessionId,
  seq: 1,
  at,
  clientId: 'c-00000001',
  author: { role: 'visitor', id: 'v1' },
  text,
});

describe('PGlite records in a thread of their own', { timeout: 120_000 }, () => {
  let dataDir: string;
  let records: PgliteThreadRecords;
  const log = capturedLogger();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-records-thread-'));
    records = await startPgliteThread({ dataDir }, log.logger);
  });
  afterAll(async () => {
    await records?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers every call of the store from the thread, the answers as they would be in-process', async () => {
    const id = randomUUID();
    const event = message(id, 'Where is my parcel?');
    await records.record(session(id), [event]);
    await records.record(session(id), [event]); // idempotent across the thread too
    expect((await records.transcript(id))?.events).toEqual([event]);
    const found = await records.search({ scope: { siteKeys: ['shop'] }, text: 'parcels' });
    expect(found.total).toBe(1);
    expect(found.hits[0]?.session.id).toBe(id);
    expect(await records.ready()).toBeUndefined();
  });

  it('answers the calls of the parts of the store (its API keys) from the thread too', async () => {
    const id = randomUUID().replaceAll('-', '').slice(0, 16);
    const now = Date.UTC(2026, 0, 2);
    await records.apiKeys.create({
      id,
      siteKey: 'shop',
      name: 'crm',
      scope: 'read',
      secretHash: 'ab'.repeat(32),
      now,
    });
    expect(await records.apiKeys.find(id)).toMatchObject({
      id,
      siteKey: 'shop',
      name: 'crm',
      secretHash: 'ab'.repeat(32),
    });
    expect((await records.apiKeys.list('shop')).map((key) => key.id)).toContain(id);
  });

  it('calls a listener of the store (the wake-up of the webhooks) when the store in the thread calls its own', async () => {
    let heard = 0;
    const stop = records.webhooks.onRecorded(() => {
      heard += 1;
    });
    const id = randomUUID();
    await records.record(session(id), [message(id, 'Wake the dispatcher')]);
    await expect.poll(() => heard).toBe(1);
    stop();
    const other = randomUUID();
    await records.record(session(other), [message(other, 'Nobody listens now')]);
    await records.ready();
    expect(heard).toBe(1);
  });

  it('runs behind the chats: its thread, not the process, at a lower scheduling priority (Linux)', () => {
    /** The nice value of each of this process's threads (the 19th field of its stat line). */
    const niceness = (task: string) =>
      Number(readFileSync(`/proc/${process.pid}/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
    const threads = readdirSync(`/proc/${process.pid}/task`);
    expect(niceness(String(process.pid))).toBe(0);
    expect(threads.map(niceness)).toContain(10);
  });

  it('makes the errors callers tell apart again on this side (a bad page cursor)', async () => {
    const failed = records.visitorHistory({ siteKey: 'shop', visitorId: 'v1', before: 'not a cursor' });
    await expect(failed).rejects.toBeInstanceOf(BadCursorError);
    await expect(records.visitorHistory({ siteKey: 'shop', visitorId: 'v1', before: 'x' })).rejects.toThrow(
      'Invalid page cursor',
    );
  });

  it('starts a thread that died again, over the same data, and fails the calls made meanwhile', async () => {
    const id = randomUUID();
    await records.record(session(id), [message(id, 'Kept before the thread died')]);
    const dead = records.thread;
    await Promise.all([dead.terminate(), once(dead, 'exit')]);
    await expect(records.transcript(id)).rejects.toThrow('starting again');
    // Back after its second's wait and PGlite's start-up, over the same files.
    await expect
      .poll(
        () =>
          records.transcript(id).then(
            (t) => t?.events.length,
            () => undefined,
          ),
        { timeout: 60_000, interval: 250 },
      )
      .toBe(1);
    expect(records.thread).not.toBe(dead);
    expect(log.lines.some((line) => line.includes('records (PGlite) thread exited'))).toBe(true);
  });
});

describe('PGlite records in their thread, with the records writer there too (Redis)', {
  timeout: 120_000,
}, () => {
  let redis: TestRedis;
  let store: SessionStore;
  let dataDir: string;
  const prefix = `writer-${randomUUID()}:`;
  const log = capturedLogger();

  beforeAll(async () => {
    redis = await startRedis();
    store = await createRedisStore({ url: redis.url, prefix, consumers: [RECORDS_CONSUMER] });
    dataDir = await mkdtemp(join(tmpdir(), 'parley-records-writer-'));
  });
  afterAll(async () => {
    await store?.close();
    await redis?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const say = async (sessionId: string, text: string) => {
    const written = await store.appendMessage({
      sessionId,
      clientId: randomUUID(),
      author: { role: 'visitor', id: 'v1' },
      text,
      now: Date.now(),
    });
    expect(written.ok).toBe(true);
  };

  it('copies the session log into PGlite from its own thread, and writes what is pending before it closes', async () => {
    const sessionId = randomUUID();
    await store.openSession({
      sessionId,
      siteKey: 'shop',
      visitorId: 'v1',
      visitor: {},
      status: 'bot',
      handler: { kind: 'bot', id: 'welcome' },
      reason: 'opened',
      idleTimeoutMs: 3_600_000,
      retentionMs: 86_400_000,
      now: Date.now(),
    });
    await say(sessionId, 'Where is my parcel?');
    const records = await startPgliteThread(
      { dataDir, writer: { redisUrl: redis.url, redisPrefix: prefix, idleMs: 50 }, logLevel: 'error' },
      log.logger,
    );
    try {
      // Written behind the live store, by the writer in the thread: nothing on this side writes.
      await expect
        .poll(async () => (await records.transcript(sessionId))?.events.map((e) => e.seq), {
          timeout: 30_000,
        })
        .toEqual([1, 2]);
      await say(sessionId, 'It was due on Monday');
    } finally {
      // At once: the message just written is still pending, and the close writes it first.
      await records.close();
    }
    const reopened = await startPgliteThread({ dataDir }, log.logger);
    try {
      const events = (await reopened.transcript(sessionId))?.events ?? [];
      expect(events.map((e) => (e.type === 'message' ? e.text : e.type))).toEqual([
        'session.changed',
        'Where is my parcel?',
        'It was due on Monday',
      ]);
      const now = Date.now();
      expect(await store.claimPending(RECORDS_CONSUMER, 10, now + 1_000, now)).toEqual([]);
    } finally {
      await reopened.close();
    }
  });

  // Before, the thread waited for its writer's Redis connection before it said it was ready.
  it('answers the records’ readers while its writer cannot reach Redis yet', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const records = await startPgliteThread(
      { dataDir, writer: { redisUrl: nowhere, redisPrefix: prefix }, logLevel: 'silent' },
      log.logger,
    );
    try {
      const found = await records.search({ scope: { siteKeys: ['shop'] }, text: 'parcel' });
      expect(found.hits.length).toBeGreaterThan(0);
    } finally {
      await records.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { LIMITS, type SessionEvent, type SessionSummary } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { capturedLogger } from '../../test/captured-logger.js';
import { createMemoryStore } from '../store/memory-store.js';
import {
  createRecordsWriter,
  RECORDS_CONSUMER,
  type RecordsSink,
  type RecordsWriter,
} from './records-writer.js';

const HOUR = 60 * 60 * 1000;

/** A sink that keeps, per session, the seqs it was given (the writer's one dependency downstream). */
function keepingSink() {
  const seqs = new Map<string, number[]>();
  const sink: RecordsSink = {
    async record(session: SessionSummary, events: SessionEvent[]) {
      seqs.set(session.id, [...(seqs.get(session.id) ?? []), ...events.map((e) => e.seq)]);
    },
  };
  return { sink, seqs, written: () => [...seqs.values()].reduce((sum, s) => sum + s.length, 0) };
}

/** A memory store with `sessions` open sessions of the bot, each with `messagesEach` messages. */
const storeWith = async (sessions: number, messagesEach: number) => {
  const store = createMemoryStore({ consumers: [RECORDS_CONSUMER] });
  const now = Date.now();
  for (let s = 0; s < sessions; s++) {
    const sessionId = randomUUID();
    await store.openSession({
      sessionId,
      siteKey: 'site',
      visitorId: `v${s}`,
      visitor: {},
      status: 'bot',
      handler: { kind: 'bot', id: 'welcome' },
      reason: 'entry',
      idleTimeoutMs: HOUR,
      retentionMs: HOUR,
      now,
    });
    for (let m = 0; m < messagesEach; m++) {
      await store.appendMessage({
        sessionId,
        clientId: `c-${m}`,
        author: { role: 'visitor', id: `v${s}` },
        text: `message ${m}`,
        now,
      });
    }
  }
  return store;
};

describe('records writer: rounds', () => {
  let writer: RecordsWriter | undefined;
  afterEach(async () => {
    await writer?.stop();
  });

  // Rounds wait an hour here unless they left work: a backlog must be taken at once, however few
  // events each of its sessions has (before, only a batch averaging 10 events a session was).
  it('goes on at once while a round leaves sessions it could not claim', async () => {
    const store = await storeWith(5, 1);
    const { sink, seqs } = keepingSink();
    writer = createRecordsWriter({
      store,
      records: sink,
      clock: Date.now,
      logger: capturedLogger().logger,
      batch: 2,
      idleMs: HOUR,
    });
    writer.start();
    await expect.poll(() => seqs.size, { timeout: 10_000 }).toBe(5);
    expect([...seqs.values()].every((s) => s.join() === '1,2')).toBe(true);
  });

  it('goes on at once while a session has more events than one read brings', async () => {
    const store = await storeWith(1, LIMITS.syncEvents + 10);
    const { sink, written } = keepingSink();
    writer = createRecordsWriter({
      store,
      records: sink,
      clock: Date.now,
      logger: capturedLogger().logger,
      idleMs: HOUR,
    });
    writer.start();
    await expect.poll(written, { timeout: 10_000 }).toBe(LIMITS.syncEvents + 11);
  });
});

describe('records writer: a sink that takes a round at once', () => {
  it('writes a round in one call, and after a failed one writes every session again', async () => {
    const store = await storeWith(4, 0);
    const calls: number[] = [];
    let failNext = true;
    const sink: RecordsSink = {
      async record() {
        throw new Error('a batch sink is written through recordBatch');
      },
      async recordBatch(batch) {
        if (failNext) {
          failNext = false;
          throw new Error('the database went away');
        }
        calls.push(batch.length);
      },
    };
    const { logger, lines } = capturedLogger();
    let now = Date.now();
    const writer = createRecordsWriter({ store, records: sink, clock: () => now, logger, leaseMs: 1000 });
    await expect(writer.flush()).rejects.toThrow(/could not be written/);
    expect(lines.some((line) => line.includes("cannot write a round's sessions"))).toBe(true);
    // Nothing released: within their lease nobody takes them; after it, all four in one call.
    expect(await writer.flush()).toBe(0);
    now += 1001;
    expect(await writer.flush()).toBe(4);
    expect(calls).toEqual([4]);
    expect(await writer.flush()).toBe(0);
  });

  it('writes the rest of a round when the database refuses one session, which waits for its lease', async () => {
    const store = await storeWith(4, 1);
    const [poisoned] = await store.visitorSessions('v0', 1);
    if (!poisoned) throw new Error('a session of v0');
    const written = new Map<string, number>();
    let refuse = true;
    const sink: RecordsSink = {
      async record() {
        throw new Error('a batch sink is written through recordBatch');
      },
      async recordBatch(batch) {
        if (refuse && batch.some((b) => b.session.id === poisoned.id)) {
          // As pg and PGlite reject text jsonb cannot hold: SQLSTATE 22P05, a data exception.
          throw Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
        }
        for (const b of batch) written.set(b.session.id, (written.get(b.session.id) ?? 0) + b.events.length);
      },
    };
    const { logger, lines } = capturedLogger();
    let now = Date.now();
    const writer = createRecordsWriter({ store, records: sink, clock: () => now, logger, leaseMs: 1000 });
    await expect(writer.flush()).rejects.toThrow(/could not be written/);
    expect(written.size).toBe(3);
    expect(written.has(poisoned.id)).toBe(false);
    expect(lines.some((line) => line.includes(poisoned.id))).toBe(true);
    // Once the database takes it, after its lease, it is written; the others are not again.
    refuse = false;
    now += 1001;
    expect(await writer.flush()).toBe(1);
    expect(written.get(poisoned.id)).toBe(2);
    expect([...written.values()]).toEqual([2, 2, 2, 2]);
  });

  /**
   * A writer over `store` whose batch sink notes each call's visitors and events, and how many
   * calls overlapped.
   */
  const overlapWriter = (store: ReturnType<typeof createMemoryStore>) => {
    const batches: Array<{ visitors: string[]; events: number }> = [];
    const seqs = new Map<string, number[]>();
    let inFlight = 0;
    const seen = { mostInFlight: 0 };
    const sink: RecordsSink = {
      async record() {
        throw new Error('a batch sink is written through recordBatch');
      },
      async recordBatch(batch) {
        inFlight += 1;
        seen.mostInFlight = Math.max(seen.mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        batches.push({
          visitors: batch.map((b) => b.session.visitorId),
          events: batch.reduce((sum, b) => sum + b.events.length, 0),
        });
        for (const { session, events } of batch) {
          seqs.set(session.id, [...(seqs.get(session.id) ?? []), ...events.map((e) => e.seq)]);
        }
        inFlight -= 1;
      },
    };
    const writer = createRecordsWriter({
      store,
      records: sink,
      clock: Date.now,
      logger: capturedLogger().logger,
    });
    return { writer, batches, seqs, seen };
  };

  it('writes a backlog round as two concurrent calls, each visitor in one, every event once', async () => {
    // 6 sessions of 6 visitors with 900 messages each: a first round of 500 events each (it
    // leaves work: a backlog), then one of the last 401 each, which leaves none but still catches up.
    const store = await storeWith(6, 900);
    const { writer, batches, seqs, seen } = overlapWriter(store);
    expect(await writer.flush()).toBe(12);
    expect(seen.mostInFlight).toBe(2);
    expect(batches.map((b) => b.events).sort()).toEqual([1203, 1203, 1500, 1500]);
    for (const { visitors } of batches) expect(visitors).toHaveLength(3);
    expect(new Set(batches.flatMap((b) => b.visitors)).size).toBe(6);
    expect([...seqs.values()].every((list) => list.length === 901 && new Set(list).size === 901)).toBe(true);
  });

  it("writes a steady stream's round in one call, however many events, so the database never takes both cores", async () => {
    // 6 sessions with 400 messages each: 2,406 events, every session read whole, in one round.
    const store = await storeWith(6, 400);
    const { writer, batches, seen } = overlapWriter(store);
    expect(await writer.flush()).toBe(6);
    expect(seen.mostInFlight).toBe(1);
    expect(batches.map((b) => b.events)).toEqual([2406]);
  });
});

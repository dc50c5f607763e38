import type { AckResult, SessionEvent, SessionSync } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createDelivery, type DeliveryTransport } from './delivery.js';

// These tests drive the delivery logic through a scripted transport (a stand-in for the network,
// not for any Parley component); the real server and socket.io-client are exercised end to end in
// apps/server's integration tests.

type Payload = { clientId: string; text: string };

const message = (seq: number, text = `m${seq}`): SessionEvent => ({
  type: 'message',
  sessionId: 's1',
  seq,
  at: seq,
  clientId: `c${seq}`,
  author: { role: 'bot', id: 'b' },
  text,
});

const summary = (lastSeq: number): SessionSync['session'] => ({
  id: 's1',
  siteKey: 'k',
  visitorId: 'v',
  status: 'bot',
  handler: { kind: 'bot', id: 'b' },
  lastSpeaker: 'bot',
  lastSeq,
  createdAt: 0,
  updatedAt: 0,
  visitor: {},
  data: {},
});

function scripted(log: SessionEvent[]) {
  const sent: Payload[] = [];
  const syncs: Record<string, number>[] = [];
  let online = true;
  const transport: DeliveryTransport<Payload, { seq: number; event: SessionEvent }> = {
    async sync(cursors) {
      syncs.push(cursors);
      const since = cursors.s1 ?? 0;
      return { ok: true, sessions: [{ session: summary(log.length), events: log.slice(since) }] };
    },
    async send(payload): Promise<AckResult<{ seq: number; event: SessionEvent }>> {
      if (!online) throw new Error('disconnected');
      sent.push(payload);
      if (payload.text === 'bad') return { ok: false, error: { code: 'invalid_payload', message: 'bad' } };
      const existing = log.find((e) => e.type === 'message' && e.clientId === payload.clientId);
      // As the server acks a write (issue 16): with its event, the original one on a retry.
      if (existing) return { ok: true, seq: existing.seq, event: existing };
      const event = { ...message(log.length + 1, payload.text), clientId: payload.clientId };
      log.push(event);
      return { ok: true, seq: event.seq, event };
    },
  };
  return { transport, sent, syncs, goOffline: () => (online = false), goOnline: () => (online = true) };
}

describe('createDelivery', () => {
  it("takes a write's event from its ack before the entry leaves the outbox, and fills a gap first", async () => {
    const log = [message(1), message(2)];
    const { transport } = scripted(log);
    const seen: string[] = [];
    const delivery = createDelivery(transport, {
      onEvent: (event) => seen.push(`event ${event.seq}`),
      onOutbox: (entries) => seen.push(`outbox ${entries.length}`),
    });
    // Nothing synced yet: the ack's event (seq 3) is ahead of a gap, held until a resync fills it.
    expect(await delivery.send({ text: 'hello' })).toMatchObject({ ok: true, value: { seq: 3 } });
    await delivery.resume();
    expect(seen).toEqual(['outbox 1', 'outbox 0', 'event 1', 'event 2', 'event 3']);
    seen.length = 0;
    await delivery.send({ text: 'again' });
    // Shown before the pending entry goes: no moment with neither.
    expect(seen).toEqual(['outbox 1', 'event 4', 'outbox 0']);
    expect(delivery.timeline.events('s1').map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('replays only what is newer than the last seq, each event once', async () => {
    const log = [message(1), message(2)];
    const { transport, syncs } = scripted(log);
    const seen: number[] = [];
    const delivery = createDelivery(transport, { onEvent: (e) => seen.push(e.seq) });
    await delivery.resume();
    log.push(message(3), message(4));
    delivery.receive(message(3));
    await delivery.resume();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(syncs).toEqual([{}, { s1: 3 }]);
  });

  it('resyncs when a live event reveals a gap', async () => {
    const log = [message(1)];
    const { transport, syncs } = scripted(log);
    const seen: number[] = [];
    const delivery = createDelivery(transport, { onEvent: (e) => seen.push(e.seq) });
    await delivery.resume();
    log.push(message(2), message(3));
    delivery.receive(message(3));
    await delivery.resume();
    expect(seen).toEqual([1, 2, 3]);
    expect(syncs.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps an unacked message and resends it with the same client id on resume', async () => {
    const log: SessionEvent[] = [];
    const net = scripted(log);
    const delivery = createDelivery(net.transport);
    net.goOffline();
    const result = delivery.send({ text: 'hello' });
    await Promise.resolve();
    expect(delivery.pending()).toMatchObject([{ state: 'sending', payload: { text: 'hello' } }]);
    net.goOnline();
    await delivery.resume();
    expect(await result).toMatchObject({ ok: true, value: { seq: 1 } });
    expect(delivery.pending()).toEqual([]);
    expect(log).toHaveLength(1);
  });

  it('sends a write again by itself, same client id, when the answer was lost or "not now"', async () => {
    const log: SessionEvent[] = [];
    const { transport, sent } = scripted(log);
    const answers: Array<'lost' | 'unavailable' | 'rate_limited'> = ['lost', 'unavailable', 'rate_limited'];
    const flaky: typeof transport = {
      ...transport,
      async send(payload) {
        const next = answers.shift();
        if (next === 'lost') {
          sent.push(payload);
          throw new Error('no answer in time'); // the connection stayed up: no resume will come
        }
        if (next) return { ok: false, error: { code: next, message: 'not now' } };
        return transport.send(payload);
      },
    };
    const delivery = createDelivery(flaky);
    const result = await delivery.send({ text: 'hello' });
    expect(result).toMatchObject({ ok: true, value: { seq: 1 } });
    expect(new Set(sent.map((p) => p.clientId)).size).toBe(1);
    expect(log).toHaveLength(1);
    expect(delivery.pending()).toEqual([]);
  });

  it('marks a refused message failed and can retry it with its client id', async () => {
    const net = scripted([]);
    const delivery = createDelivery(net.transport);
    const refused = await delivery.send({ text: 'bad' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const [entry] = delivery.pending();
    expect(entry?.state).toBe('failed');
    await delivery.retry(entry?.clientId ?? '');
    expect(net.sent.map((p) => p.clientId)).toEqual([entry?.clientId, entry?.clientId]);
    delivery.discard(entry?.clientId ?? '');
    expect(delivery.pending()).toEqual([]);
  });
});

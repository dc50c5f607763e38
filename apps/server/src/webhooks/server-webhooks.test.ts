/**
 * A site's webhooks from the config, with the real server (records in PGlite, the records writer
 * and the dispatcher as `npm start` runs them) and a real receiver that fails twice first: a
 * conversation's events arrive signed (checked with the standardwebhooks package), every one
 * acknowledged once and in order; a verified identify sends `visitor.identified`.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { startReceiver, type WebhookReceiver, withWebhook } from '../../test/webhook-receiver.js';
import { DEMO_IDENTITY_SECRET } from '../config/default-config.js';
import { identityHash } from '../sessions/visitor-identity.js';
import { newSecret } from './signature.js';
import type { WebhookPayload } from './webhook-events.js';

describe('webhooks of a running server', { timeout: 60_000 }, () => {
  let parley: RunningParley | undefined;
  let receiver: WebhookReceiver | undefined;
  let visitor: VisitorClient | undefined;

  afterEach(async () => {
    visitor?.close();
    await parley?.close();
    await receiver?.close();
  });

  it('delivers a conversation signed, once and in order despite two failures, and visitor.identified', async () => {
    receiver = await startReceiver(({ index }) => ({ status: index < 2 ? 500 : 200 }));
    const secret = newSecret();
    const url = receiver.url;
    parley = await startParley({
      withRecords: true,
      config: withWebhook({
        id: 'crm',
        url,
        secret,
        events: ['session.created', 'session.changed', 'message.created', 'visitor.identified'],
      }),
    });
    const connected = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    visitor = connected.socket;
    const sent: Array<{ sessionId: string; seq: number }> = [];
    for (const text of ['hello', 'where is my parcel?', 'thanks']) {
      const ack = await visitor
        .timeout(5000)
        .emitWithAck('message.send', { clientId: `client-${text}`, text });
      if (!ack.ok) throw new Error(ack.error.message);
      sent.push(ack);
    }
    const identified = await visitor.timeout(5000).emitWithAck('visitor.identify', {
      userId: 'grace',
      name: 'Grace Hopper',
      hash: identityHash(DEMO_IDENTITY_SECRET, 'grace'),
    });
    expect(identified).toMatchObject({ ok: true, verified: true });
    const sessionId = sent[0]?.sessionId ?? '';
    const acknowledged = () =>
      (receiver?.received ?? [])
        .filter((r) => r.status === 200)
        .map((r) => JSON.parse(r.body) as WebhookPayload);
    await receiver.until(
      () =>
        acknowledged().some((p) => p.type === 'visitor.identified') &&
        acknowledged().filter((p) => p.type === 'message.created' && p.data.message).length >= 3,
    );

    for (const request of receiver.received) {
      expect(new Webhook(secret).verify(request.body, request.headers)).toEqual(JSON.parse(request.body));
    }
    const ofSession = acknowledged().filter((p) => p.data.sessionId === sessionId);
    const messages = ofSession.filter((p) => p.type === 'message.created');
    expect(messages.map((p) => (p.data.message as { text: string }).text)).toEqual([
      'hello',
      'where is my parcel?',
      'thanks',
    ]);
    expect(messages.map((p) => p.data.seq)).toEqual(sent.map((s) => s.seq));
    const ids = ofSession.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seqs = ofSession.map((p) => p.data.seq ?? 0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(ofSession[0]).toMatchObject({ type: 'session.created', data: { siteKey: 'demo', seq: 1 } });
    expect(acknowledged().find((p) => p.type === 'visitor.identified')?.data).toMatchObject({
      siteKey: 'demo',
      userId: 'grace',
      name: 'Grace Hopper',
      previousVisitorId: connected.visitorId,
    });
    // The two failed requests were tried again under their webhook-id, until acknowledged once.
    const statuses = new Map<string, number[]>();
    for (const request of receiver.received) {
      const id = request.headers['webhook-id'] ?? '';
      statuses.set(id, [...(statuses.get(id) ?? []), request.status]);
    }
    expect([...statuses.values()].flat().filter((status) => status === 500)).toHaveLength(2);
    for (const list of statuses.values())
      expect(list.at(-1) === 200 && list.indexOf(200)).toBe(list.length - 1);
  });
});

/**
 * Bots over HTTP (issue 13) with the real server, its records and dispatcher: the example HTTP bot
 * (examples/http-bot, its own process, verifying signatures with node:crypto) through a whole
 * conversation with a handover to a human; a bot whose answers are invalid changes nothing; and a
 * bot whose endpoint keeps failing has its sessions sent to the site's fallback queue.
 */
import type { SessionEvent } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAgent, setPresence } from '../../test/agent.js';
import { callApi, createApiKey } from '../../test/api.js';
import { type RunningParley, startParley } from '../../test/harness.js';
import { type RunningProcess, runNode } from '../../test/processes.js';
import { freePort } from '../../test/redis-server.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';
import { startReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import type { ParleyConfig, WebhookSettings } from '../config/config-schema.js';
import { DEMO_HTTP_BOT_SECRET } from '../config/default-config.js';
import type { WebhookPayload } from '../webhooks/webhook-events.js';

const fastSettings: WebhookSettings = {
  retrySchedule: [0.05],
  maxAgeHours: 24,
  timeoutSeconds: 10,
  circuitFailures: 3,
  circuitCooldownSeconds: 3600,
  pollMs: 20,
  logDays: 30,
  allowPrivate: false,
};

/** The demo configuration plus the HTTP bot `helper` at `url`, on the `helper` template. */
const withHttpBot =
  (url: string, settings: Partial<WebhookSettings> = {}) =>
  (base: ParleyConfig): ParleyConfig => ({
    ...base,
    bots: [
      ...base.bots,
      { id: 'helper', name: 'Helper', url, secret: DEMO_HTTP_BOT_SECRET, allowPrivate: true },
    ],
    queues: [...base.queues, { id: 'helper', name: 'Helper', bot: 'helper', timeoutSeconds: 600 }],
    sites: base.sites.map((site) => ({
      ...site,
      templates: { ...site.templates, helper: { bot: 'helper', prechatForm: [], params: {} } },
    })),
    webhookSettings: { ...fastSettings, ...settings },
  });

const message = (text: string | RegExp) => (e: SessionEvent) =>
  e.type === 'message' &&
  e.author.role === 'bot' &&
  (typeof text === 'string' ? e.text === text : text.test(e.text));

describe('HTTP bots', { timeout: 60_000 }, () => {
  let parley: RunningParley | undefined;
  let botProcess: RunningProcess | undefined;
  let receiver: WebhookReceiver | undefined;
  let visitor: VisitorClient | undefined;

  afterEach(async () => {
    visitor?.close();
    await parley?.close();
    await botProcess?.stop();
    await receiver?.close();
    parley = undefined;
    botProcess = undefined;
    receiver = undefined;
  });

  const open = async () => {
    if (!parley) throw new Error('no server');
    const connected = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    visitor = connected.socket;
    const welcome = next(visitor, 'session.event', message(/HTTP demo bot/));
    const opened = await visitor.timeout(5000).emitWithAck('session.open', {
      info: { name: 'Ada Lovelace' },
      template: 'helper',
    });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    return { sessionId: opened.session.id, welcome };
  };
  const say = (sessionId: string, text: string) =>
    visitor?.timeout(5000).emitWithAck('message.send', { sessionId, clientId: `v-${text}`, text });

  it('runs the example bot through a whole conversation, handing over to a human queue', async () => {
    const port = await freePort();
    botProcess = runNode('examples/http-bot/dist/index.js', { HTTP_BOT_PORT: String(port) });
    await new Promise<void>((resolve) => {
      botProcess?.child.stdout?.on('data', () => {
        if (botProcess?.output().includes('listening')) resolve();
      });
    });
    parley = await startParley({ withRecords: true, config: withHttpBot(`http://127.0.0.1:${port}/`) });
    const alice = await connectAgent(parley.url, 'alice@parley.demo');
    await setPresence(alice.socket, { status: 'ready' });

    const { sessionId, welcome } = await open();
    const first = await welcome;
    expect(first.type === 'message' ? first.text : '').toMatch(/^Hi Ada!/);

    const answered = next(visitor as VisitorClient, 'session.event', message(/open Monday to Friday/));
    await say(sessionId, 'When are you open?');
    await answered;

    const handover = next(
      visitor as VisitorClient,
      'session.event',
      (e) => e.type === 'session.changed' && e.to === 'assigned',
    );
    const sorry = next(visitor as VisitorClient, 'session.event', message(/find someone/));
    await say(sessionId, 'I want to talk to a human');
    await sorry;
    const assigned = await handover;
    expect(assigned.type === 'session.changed' && assigned.handler).toEqual({ kind: 'agent', id: 'alice' });

    // The bot's part is over: it got the visitor's messages once each and in order, and its
    // answers were applied once (the client ids derive from the seq of the event answered).
    const transcript = (await parley.store.eventsSince(sessionId, 0, 100)).filter(
      (e) => e.type === 'message' && e.author.role === 'bot',
    );
    expect(transcript.map((e) => (e.type === 'message' ? e.clientId : ''))).toEqual([
      expect.stringMatching(/^reply:\d+:0$/),
      expect.stringMatching(/^reply:\d+:0$/),
      expect.stringMatching(/^reply:\d+:0$/),
    ]);
    expect(botProcess.output()).not.toMatch(/refused/);

    // Sent again (a redelivery from the log), the bot's answer writes nothing twice.
    const webhooks = parley.server.webhooks;
    const page = await parley.records?.webhooks.deliveries({
      endpointId: 'bot:helper',
      sessionId,
      eventType: 'message.created',
    });
    const asked = page?.deliveries.find((d) => JSON.stringify(d.payload).includes('When are you open?'));
    const again = await webhooks?.dispatcher.redeliver(asked?.id ?? '');
    expect(again?.log.map((a) => [a.status, a.redelivery])).toEqual([
      [200, false],
      [200, true],
    ]);
    const after = (await parley.store.eventsSince(sessionId, 0, 100)).filter(
      (e) => e.type === 'message' && e.author.role === 'bot',
    );
    expect(after).toEqual(transcript);
    alice.socket.close();
  });

  it('answers later through the REST API: an empty answer now, the reply posted as the bot afterwards', async () => {
    // The bot acknowledges every event at once with nothing to do (as one that hands the work to
    // a queue of its own would), and answers later with a key of scope write.
    receiver = await startReceiver(({ index }) => ({ status: 200, body: index % 2 ? '' : '{"actions":[]}' }));
    // A socket bot away for botGraceSeconds loses its sessions; an HTTP bot has no socket to be
    // away with, so with no grace at all and the watch sweeping every 20 ms, its session stays.
    const noGrace = (base: ParleyConfig) => {
      const config = withHttpBot(receiver?.url ?? '')(base);
      return { ...config, sites: config.sites.map((site) => ({ ...site, botGraceSeconds: 0 })) };
    };
    parley = await startParley({ withRecords: true, config: noGrace, sweepIntervalMs: 20 });
    const records = parley.records;
    if (!records) throw new Error('the server keeps records');
    const key = await createApiKey(records, 'demo', 'write');
    const connected = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    visitor = connected.socket;
    const opened = await visitor.timeout(5000).emitWithAck('session.open', { template: 'helper' });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    const sessionId = opened.session.id;
    await say(sessionId, 'Where is my parcel?');

    // What the bot got: the session, then the visitor's message; it answered both with nothing.
    const events = () => (receiver?.received ?? []).map((r) => JSON.parse(r.body) as WebhookPayload);
    await receiver.until(() => events().some((e) => e.type === 'message.created'));
    expect(events().map((e) => [e.type, e.data.sessionId])).toEqual([
      ['session.created', sessionId],
      ['message.created', sessionId],
    ]);
    const asked = events()[1];
    expect(await parley.store.getSession(sessionId)).toMatchObject({
      status: 'bot',
      handler: { kind: 'bot', id: 'helper' },
    });
    expect(await parley.store.eventsSince(sessionId, 0, 100)).not.toContainEqual(
      expect.objectContaining({ type: 'message', author: expect.objectContaining({ role: 'bot' }) }),
    );

    // Later, the answer: as the bot, which has no socket (an HTTP bot has no token), with a
    // client id of the event it answers, so a retry writes it once.
    const reply = next(visitor, 'session.event', message('It left our warehouse this morning.'));
    const body = {
      as: 'bot',
      botId: 'helper',
      clientId: `answer:${sessionId}:${asked?.data.seq}`,
      text: 'It left our warehouse this morning.',
      quickReplies: ['Thanks', 'Track it'],
    };
    const posted = await callApi(parley.url, key, 'POST', `/sessions/${sessionId}/messages`, body);
    expect(posted).toMatchObject({ status: 200, body: { ok: true, seq: expect.any(Number) } });
    const shown = await reply;
    expect(shown).toMatchObject({
      seq: posted.body.seq,
      author: { role: 'bot', id: 'helper' },
      quickReplies: ['Thanks', 'Track it'],
    });
    const again = await callApi(parley.url, key, 'POST', `/sessions/${sessionId}/messages`, body);
    expect(again.body).toEqual({ ok: true, seq: posted.body.seq });
    const said = (await parley.store.eventsSince(sessionId, 0, 100)).filter(message(/warehouse/));
    expect(said).toHaveLength(1);

    // Only the bot that has the session may answer in it.
    const impostor = await callApi(parley.url, key, 'POST', `/sessions/${sessionId}/messages`, {
      ...body,
      botId: 'welcome',
      clientId: 'answer:impostor',
    });
    expect(impostor).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden' } } });
  });

  it('applies nothing of an invalid answer, and logs why the delivery failed', async () => {
    receiver = await startReceiver(() => ({ status: 200, body: '{"actions":[{"type":"dance"}]}' }));
    parley = await startParley({ withRecords: true, config: withHttpBot(receiver.url) });
    const { sessionId } = await open();
    await receiver.until((r) => r.length >= 1);
    const webhooks = parley.records?.webhooks;
    for (;;) {
      const page = await webhooks?.deliveries({ endpointId: 'bot:helper', sessionId, state: 'failed' });
      if (page?.deliveries.length) {
        expect(page.deliveries[0]?.lastError).toMatch(/invalid answer at actions\.0/);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const events = await parley.store.eventsSince(sessionId, 0, 100);
    expect(events.filter((e) => e.type === 'message' && e.author.role === 'bot')).toEqual([]);
    // A delivery failed for good: the session does not wait on the bot.
    await expect
      .poll(async () => (await parley?.store.getSession(sessionId))?.handler)
      .toEqual({
        kind: 'queue',
        id: 'support',
      });
  });

  // Found by a security pass: answers were cut at 256 KB, so the largest valid answer was refused
  // as "not JSON", and one that began with 300 KB of spaces read as nothing and was "delivered".
  it('applies the largest valid answer (20 messages of 5,000 characters), and refuses one over 1 MiB, whatever it holds', async () => {
    const big = '漢'.repeat(5000);
    const largest = JSON.stringify({
      actions: Array.from({ length: 20 }, () => ({ type: 'message', text: big })),
    });
    expect(Buffer.byteLength(largest)).toBeGreaterThan(256 * 1024);
    receiver = await startReceiver(({ index }) => ({
      status: 200,
      body: index === 0 ? largest : `${' '.repeat(1100 * 1024)}{"actions":[{"type":"message","text":"x"}]}`,
    }));
    parley = await startParley({ withRecords: true, config: withHttpBot(receiver.url) });
    const { sessionId } = await open();
    await expect
      .poll(async () => {
        const events = await parley?.store.eventsSince(sessionId, 0, 100);
        return events?.filter((e) => e.type === 'message' && e.author.role === 'bot' && e.text === big)
          .length;
      })
      .toBe(20);
    // The next event (the visitor's message) gets the answer past the limit.
    expect(await say(sessionId, 'hello there')).toMatchObject({ ok: true });
    const webhooks = parley.records?.webhooks;
    await expect
      .poll(async () => {
        const failed = await webhooks?.deliveries({ endpointId: 'bot:helper', sessionId, state: 'failed' });
        return failed?.deliveries[0]?.lastError;
      })
      .toBe('the answer is over 1048576 bytes');
    const events = await parley.store.eventsSince(sessionId, 0, 100);
    expect(events.some((e) => e.type === 'message' && e.author.role === 'bot' && e.text === 'x')).toBe(false);
    await expect
      .poll(async () => (await parley?.store.getSession(sessionId))?.handler)
      .toEqual({ kind: 'queue', id: 'support' });
  });

  it('sends the sessions of a bot whose endpoint keeps failing to the fallback queue', async () => {
    receiver = await startReceiver(() => ({ status: 503 }));
    parley = await startParley({ withRecords: true, config: withHttpBot(receiver.url) });
    const { sessionId } = await open();
    const toFallback = next(
      visitor as VisitorClient,
      'session.event',
      (e) => e.type === 'session.changed' && e.from === 'bot',
    );
    const moved = await toFallback;
    // The demo site's fallback queue (with nobody ready there, the visitor gets the offline form).
    expect(moved).toMatchObject({ handler: { kind: 'queue', id: 'support' } });
    expect(receiver.received.length).toBe(fastSettings.circuitFailures);
    const session = await parley.store.getSession(sessionId);
    expect(session?.status).not.toBe('bot');
  });
});

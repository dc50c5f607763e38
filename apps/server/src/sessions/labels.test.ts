/**
 * Labels on conversations (issue 15) end to end: a real server with records (PGlite), the
 * records writer and the webhook dispatcher, a real webhook receiver, the bot SDK, a desk and
 * the REST API. A bot, an agent and an API key each label a session; the agent's desk hears it,
 * the records' search finds it by label, each change reaches the webhook as `session.labeled`,
 * and the visitor's socket never carries a label.
 */
import { type Bot, createBot } from '@parley/bot';
import type { AckResult, SearchPage, SessionSummary } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import { callApi, createApiKey } from '../../test/api.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor } from '../../test/visitor.js';
import { startReceiver, type WebhookReceiver, withWebhook } from '../../test/webhook-receiver.js';
import type { WebhookPayload } from '../webhooks/webhook-events.js';

const ask = <T extends object>(socket: AgentClient, event: string, payload: object) =>
  (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<T>>)(event, payload);

describe('labels', { timeout: 60_000 }, () => {
  let parley: RunningParley | undefined;
  let receiver: WebhookReceiver | undefined;
  let bot: Bot | undefined;
  const closers: Array<{ close(): unknown }> = [];

  afterEach(async () => {
    for (const socket of closers.splice(0)) socket.close();
    await bot?.close();
    await parley?.close();
    await receiver?.close();
  });

  it('are set by bots, agents and the REST API, found by the search and told to webhooks, never to visitors', async () => {
    receiver = await startReceiver();
    const url = receiver.url;
    parley = await startParley({
      withRecords: true,
      config: withWebhook({
        id: 'labels',
        url,
        secret: `whsec_${'b'.repeat(32)}`,
        events: ['session.labeled'],
      }),
    });
    const running = parley;
    const records = running.records;
    if (!records) throw new Error('no records');

    const labelled = new Promise<string[]>((resolve) => {
      bot = createBot({ url: running.url, token: demoBotToken });
      bot.on('session.created', async (session) => {
        await session.label('Refund', 'priority');
        await session.unlabel('priority');
        resolve([...session.labels]);
      });
    });
    await bot?.ready;

    const heard: string[] = [];
    const { socket: visitor } = await connectVisitor(running.url, { origin: running.demoOrigin });
    closers.push(visitor);
    visitor.onAny((event, ...args) => heard.push(`${event} ${JSON.stringify(args)}`));
    const alice = (await connectAgent(running.url, 'alice@parley.demo')).socket;
    closers.push(alice);
    await setPresence(alice, { status: 'ready' });

    const opened = await visitor.timeout(5000).emitWithAck('session.open', { info: { name: 'Ada' } });
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    expect(await labelled).toEqual(['refund']);

    // The bot no longer has it once handed to Alice: its labels are the desk's to change now.
    const created = nextAgentEvent(alice, 'session.created');
    await visitor.timeout(5000).emitWithAck('session.handoff', { sessionId });
    expect((await created).session.labels).toEqual(['refund']);
    const updated = nextAgentEvent(alice, 'session.updated', (s) => Boolean(s.labels?.includes('vip')));
    expect(await ask(alice, 'session.label', { sessionId, add: ['VIP'] })).toEqual({
      ok: true,
      labels: ['refund', 'vip'],
    });
    expect((await updated).labels).toEqual(['refund', 'vip']);

    // Bad input is a typed error and changes nothing.
    expect(await ask(alice, 'session.label', { sessionId, add: ['<b>'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await ask(alice, 'session.label', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await ask(alice, 'session.label', { sessionId: 'nope', add: ['x'] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    const key = await createApiKey(records, 'demo', 'write');
    const viaApi = await callApi(running.url, key, 'POST', `/sessions/${sessionId}/labels`, {
      add: ['billing'],
      remove: ['refund'],
    });
    expect(viaApi).toMatchObject({ status: 200, body: { labels: ['billing', 'vip'] } });
    const reader = await createApiKey(records, 'demo', 'read');
    expect(
      (await callApi(running.url, reader, 'POST', `/sessions/${sessionId}/labels`, { add: ['x'] })).status,
    ).toBe(403);
    expect(
      (await callApi(running.url, key, 'POST', `/sessions/${sessionId}/labels`, { add: [] })).status,
    ).toBe(400);

    // The search finds the session by its labels once the records have it.
    const search = (labels: string[]) => ask<SearchPage>(alice, 'search', { labels });
    for (;;) {
      const found = await search(['vip', 'billing']);
      if (found.ok && found.hits.length > 0) {
        expect(found.hits.map((hit) => [hit.session.id, hit.labels])).toEqual([
          [sessionId, ['billing', 'vip']],
        ]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await search(['refund'])).toMatchObject({ ok: true, hits: [] });
    const listed = await callApi(running.url, reader, 'GET', '/sessions?label=VIP');
    expect(listed.body.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId]);

    // Every change that changed something reached the webhook, with who made it.
    await receiver.until((received) => received.length >= 4);
    const payloads = receiver.received.map((r) => JSON.parse(r.body) as WebhookPayload);
    expect(
      payloads.map((p) => [p.type, p.data.sessionId, p.data.added, p.data.removed, p.data.labels]),
    ).toEqual([
      ['session.labeled', sessionId, ['priority', 'refund'], [], ['priority', 'refund']],
      ['session.labeled', sessionId, [], ['priority'], ['refund']],
      ['session.labeled', sessionId, ['vip'], [], ['refund', 'vip']],
      ['session.labeled', sessionId, ['billing'], ['refund'], ['billing', 'vip']],
    ]);
    expect(payloads.map((p) => (p.data.by as { role: string; id: string }).id)).toEqual([
      'welcome',
      'welcome',
      'alice',
      expect.stringMatching(/^api-key:/),
    ]);

    // The visitor's socket carried no label, and its sync has none.
    const sync = await visitor.timeout(5000).emitWithAck('sync', { cursors: {} });
    if (!sync.ok) throw new Error(sync.error.message);
    expect(sync.sessions.map((s: { session: SessionSummary }) => 'labels' in s.session)).toEqual([false]);
    expect(heard.length).toBeGreaterThanOrEqual(3);
    for (const packet of heard) {
      expect(packet).not.toContain('labels');
      expect(packet).not.toContain('vip');
    }
  });
});

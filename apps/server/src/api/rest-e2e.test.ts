/**
 * Issue 13, the REST API end to end, against a real server keeping its records: a session made
 * from a template with a correlation id, heard by a bot on its socket; messages as the bot and as
 * an agent, feedback, a route to a ready agent, a close; the session read back; the visitor
 * exported and erased, audited with the key as actor. On the memory store and on Redis.
 */

import { randomUUID } from 'node:crypto';
import { type Bot, type BotSession, createBot } from '@parley/bot';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAgent, setPresence } from '../../test/agent.js';
import { callApi, createApiKey } from '../../test/api.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor, next, syncAll } from '../../test/visitor.js';
import { DEMO_IDENTITY_SECRET } from '../config/default-config.js';
import { RECORDS_CONSUMER } from '../consumers/records-writer.js';
import { identityHash } from '../sessions/visitor-identity.js';
import { createRedisStore } from '../store/redis-store.js';
import type { SessionStore } from '../store/session-store.js';

let redis: Promise<TestRedis> | undefined;
afterAll(async () => {
  if (redis) await (await redis).stop();
});

/** The live store of each run: in memory, and Redis (its Lua scripts keep the correlation id). */
const stores = [
  { name: 'memory', create: async () => undefined },
  {
    name: 'redis',
    async create(): Promise<SessionStore> {
      redis ??= startRedis();
      const { url } = await redis;
      return createRedisStore({
        url,
        prefix: `rest-${randomUUID()}:`,
        onError: () => {},
        consumers: [RECORDS_CONSUMER],
      });
    },
  },
];

describe.each(stores)('the REST API, end to end ($name store)', { timeout: 30_000 }, (kind) => {
  let parley: RunningParley;
  let bot: Bot | undefined;
  const closers: Array<() => void> = [];

  beforeEach(async () => {
    const store = await kind.create();
    parley = await startParley({ withRecords: true, ...(store ? { store } : {}) });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await bot?.close();
    bot = undefined;
    await parley.close();
    if (kind.name === 'redis') await parley.store.close();
  });

  it('closes a session nobody may close as its bot or agent (offline) as the key itself', async () => {
    const records = parley.records;
    if (!records) throw new Error('the server keeps records');
    const writer = await createApiKey(records, 'demo', 'write');
    const api = (method: string, path: string, body?: unknown) =>
      callApi(parley.url, writer, method, path, body);
    const { sessionId } = (await api('POST', '/sessions', { template: 'order', correlationId: 'call-9' }))
      .body;
    const routed = await api('POST', `/sessions/${sessionId}/route`, {
      as: 'bot',
      botId: 'welcome',
      queue: 'support',
    });
    expect(routed.body.route).toEqual({ outcome: 'offline', queue: 'support' });
    const asBot = await api('POST', `/sessions/${sessionId}/close`, { as: 'bot', botId: 'welcome' });
    expect(asBot.body.error.code).toBe('forbidden');
    const closed = await api('POST', `/sessions/${sessionId}/close`, {
      as: 'api',
      reason: 'resolved-in-crm',
    });
    expect(closed).toMatchObject({ status: 200, body: { ok: true, seq: expect.any(Number) } });
    const log = await parley.store.eventsSince(sessionId, 0, 100);
    expect(log.at(-1)).toMatchObject({
      type: 'session.changed',
      from: 'offline',
      to: 'closed',
      reason: 'resolved-in-crm',
      by: { role: 'system', id: `api-key:${writer.slice(3, 19)}` },
    });
    expect((await api('POST', `/sessions/${sessionId}/close`, { as: 'api' })).body.error.code).toBe(
      'session_closed',
    );
  });

  it('creates a session from a template, writes as bot and agent, routes, closes, exports and erases', async () => {
    const records = parley.records;
    if (!records) throw new Error('the server keeps records');
    const writer = await createApiKey(records, 'demo', 'write');
    const admin = await createApiKey(records, 'demo', 'admin');
    const api = (key: string, method: string, path: string, body?: unknown) =>
      callApi(parley.url, key, method, path, body);

    bot = createBot({ url: parley.url, token: demoBotToken });
    const created = new Promise<BotSession>((resolve) => bot?.on('session.created', resolve));
    await bot.ready;

    const alice = await connectAgent(parley.url, 'alice@parley.demo');
    closers.push(() => alice.socket.close());
    expect((await setPresence(alice.socket, { status: 'ready' })).ok).toBe(true);

    const made = await api(writer, 'POST', '/sessions', {
      template: 'order',
      params: { order: 'A-1001', channel: 'crm' },
      appParams: { welcome: { channel: 'crm-bot' }, other: { order: 'ignored' } },
      correlationId: 'ticket-4711',
      visitor: { userId: 'grace', name: 'Grace Hopper', email: 'grace@example.com' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ ok: true, sessionId: expect.any(String) });
    const sessionId: string = made.body.sessionId;

    // The bot hears of it with the correlation id and the params (global, then per app) as data.
    const heard = await created;
    expect(heard.id).toBe(sessionId);
    expect(heard.correlationId).toBe('ticket-4711');
    expect(heard.data).toMatchObject({ order: 'A-1001', channel: 'crm-bot', template: 'order' });
    expect(heard.visitor).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com' });

    // The same visitor cannot get a second open session.
    const again = await api(writer, 'POST', '/sessions', { template: 'order', visitor: { userId: 'grace' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');

    // Grace's widget, signed in (a verified identify), has the session the CRM started, live.
    const anonymous = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    closers.push(() => anonymous.socket.close());
    const signedIn = await anonymous.socket.timeout(5000).emitWithAck('visitor.identify', {
      userId: 'grace',
      hash: identityHash(DEMO_IDENTITY_SECRET, 'grace'),
    });
    if (!signedIn.ok || !signedIn.token) throw new Error('identify refused');
    const grace = await connectVisitor(parley.url, { origin: parley.demoOrigin, token: signedIn.token });
    closers.push(() => grace.socket.close());
    const [synced] = await syncAll(grace.socket);
    expect(synced?.session).toMatchObject({ id: sessionId, correlationId: 'ticket-4711' });
    const heardByGrace = next(
      grace.socket,
      'session.event',
      (e) => e.type === 'message' && e.author.role === 'bot',
    );

    const said = await api(writer, 'POST', `/sessions/${sessionId}/messages`, {
      as: 'bot',
      botId: 'welcome',
      clientId: 'crm-msg-0001',
      text: 'Your order A-1001 left the warehouse.',
      quickReplies: ['Thanks'],
    });
    expect(said).toMatchObject({ status: 200, body: { ok: true, seq: expect.any(Number) } });
    expect(await heardByGrace).toMatchObject({
      seq: said.body.seq,
      text: 'Your order A-1001 left the warehouse.',
    });
    const retried = await api(writer, 'POST', `/sessions/${sessionId}/messages`, {
      as: 'bot',
      botId: 'welcome',
      clientId: 'crm-msg-0001',
      text: 'Your order A-1001 left the warehouse.',
    });
    expect(retried.body.seq).toBe(said.body.seq);

    const rated = await api(writer, 'POST', `/sessions/${sessionId}/feedback`, {
      as: 'bot',
      botId: 'welcome',
      clientId: 'crm-feedback-1',
      score: 4,
      tag: 'Fast',
    });
    expect(rated.status).toBe(200);

    // An agent may not write in a session that is not theirs.
    const early = await api(writer, 'POST', `/sessions/${sessionId}/messages`, {
      as: 'agent',
      agentId: 'alice',
      clientId: 'alice-msg-0001',
      text: 'Hi',
    });
    expect(early.status).toBe(403);

    const routed = await api(writer, 'POST', `/sessions/${sessionId}/route`, {
      as: 'bot',
      botId: 'welcome',
      queue: 'support',
    });
    expect(routed.body).toEqual({
      ok: true,
      seq: expect.any(Number),
      route: { outcome: 'assigned', queue: 'support', agent: 'alice' },
    });

    const answered = await api(writer, 'POST', `/sessions/${sessionId}/messages`, {
      as: 'agent',
      agentId: 'alice',
      clientId: 'alice-msg-0001',
      text: 'Alice here: I am on it.',
    });
    expect(answered.status).toBe(200);
    const closed = await api(writer, 'POST', `/sessions/${sessionId}/close`, {
      as: 'agent',
      agentId: 'alice',
    });
    expect(closed.status).toBe(200);
    const closedAgain = await api(writer, 'POST', `/sessions/${sessionId}/close`, {
      as: 'agent',
      agentId: 'alice',
    });
    expect(closedAgain.body.error.code).toBe('session_closed');

    const read = await api(writer, 'GET', `/sessions/${sessionId}`);
    expect(read.body.session).toMatchObject({
      id: sessionId,
      status: 'closed',
      correlationId: 'ticket-4711',
    });
    const texts = read.body.events
      .filter((e: { type: string }) => e.type === 'message')
      .map((e: { text: string }) => e.text);
    expect(texts).toEqual([
      'You asked about order A-1001. Tell us what is wrong and we will sort it out.',
      'Your order A-1001 left the warehouse.',
      'Alice here: I am on it.',
    ]);
    expect(read.body.events.find((e: { type: string }) => e.type === 'feedback')?.feedback).toEqual({
      score: 4,
      tag: 'Fast',
    });

    // The records catch up behind the live store; then the list finds it by a word and a filter.
    await expect
      .poll(
        async () => (await api(writer, 'GET', '/sessions?q=warehouse&status=closed')).body.sessions?.length,
      )
      .toBe(1);
    const listed = await api(writer, 'GET', '/sessions?q=warehouse&status=closed&agent=alice');
    expect(listed.body.sessions[0]).toMatchObject({
      id: sessionId,
      correlationId: 'ticket-4711',
      agents: ['alice'],
    });

    const visitorId: string = read.body.session.visitorId;
    expect((await api(writer, 'GET', `/visitors/${visitorId}/export`)).status).toBe(403);
    const exported = await api(admin, 'GET', `/visitors/${visitorId}/export`);
    expect(exported.body.document.sessions[0].events.length).toBeGreaterThanOrEqual(5);
    expect(exported.body.document.visitor).toMatchObject({ name: 'Grace Hopper' });

    const erased = await api(admin, 'DELETE', `/visitors/${visitorId}`);
    expect(erased.body).toEqual({ ok: true, sessions: 1 });
    const after = await api(admin, 'GET', `/visitors/${visitorId}/export`);
    expect(JSON.stringify(after.body)).not.toContain('warehouse');
    expect(JSON.stringify(after.body)).not.toContain('Grace');
    expect((await api(writer, 'GET', '/sessions?q=warehouse')).body.sessions).toEqual([]);
    const audit = await records.listAudit({ action: 'visitor.erase' });
    expect(audit.entries[0]).toMatchObject({
      actor: { kind: 'api-key', id: admin.slice(3, 19) },
      target: { kind: 'visitor', id: visitorId },
      siteKey: 'demo',
    });
  });
});

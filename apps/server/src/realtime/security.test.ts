import { randomUUID } from 'node:crypto';
import { createBot } from '@parley/bot';
import type { AckResult } from '@parley/protocol';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentClient, agentSocket, connectAgent, setPresence, tokenFor } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { connectVisitor, next, refusal, syncAll, type VisitorClient } from '../../test/visitor.js';
import type { ParleyConfig } from '../config/config-schema.js';

const OTHER_BOT_TOKEN = 'other-bot-token-for-tests-only';

describe('authentication at connect', () => {
  let parley: RunningParley;
  beforeEach(async () => {
    parley = await startParley();
  });
  afterEach(async () => {
    await parley.close();
  });

  const visitorSocket = (origin: string | undefined, auth: Record<string, unknown>) =>
    io(`${parley.url}/visitor`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth,
      ...(origin ? { extraHeaders: { origin } } : {}),
    });

  it('refuses a visitor from an origin outside the allowlist', async () => {
    expect(await refusal(visitorSocket('https://evil.example', { siteKey: 'demo' }))).toMatchObject({
      code: 'origin_not_allowed',
    });
  });

  it('refuses a visitor with no Origin at all', async () => {
    expect(await refusal(visitorSocket(undefined, { siteKey: 'demo' }))).toMatchObject({
      code: 'origin_not_allowed',
    });
  });

  it("accepts Parley's own iframe only when the embedding page is allowed", async () => {
    const own = new URL(parley.url).origin;
    const ok = await connectVisitor(parley.url, { origin: own, hostOrigin: parley.demoOrigin });
    expect(ok.visitorId).toMatch(/^v_/);
    ok.socket.close();
    expect(
      await refusal(visitorSocket(own, { siteKey: 'demo', hostOrigin: 'https://evil.example' })),
    ).toMatchObject({
      code: 'origin_not_allowed',
    });
  });

  it('never takes the Host header for Parley’s own origin', async () => {
    const forged = (origin: string, host: string) =>
      io(`${parley.url}/visitor`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { origin, host },
        auth: { siteKey: 'demo', hostOrigin: parley.demoOrigin },
      });
    expect(await refusal(forged('http://evil.test', 'evil.test'))).toMatchObject({
      code: 'origin_not_allowed',
    });
    const own = new URL(parley.url);
    expect(await refusal(forged(`http://evil.test:${own.port}`, `evil.test:${own.port}`))).toMatchObject({
      code: 'origin_not_allowed',
    });
  });

  it('takes the configured public URL as the frame’s origin, and only that one', async () => {
    const behindProxy = await startParley({ publicUrl: 'https://chat.example/' });
    const frame = (origin: string) =>
      io(`${behindProxy.url}/visitor`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { origin },
        auth: { siteKey: 'demo', hostOrigin: behindProxy.demoOrigin },
      });
    const ok = await connectVisitor(behindProxy.url, {
      origin: 'https://chat.example',
      hostOrigin: behindProxy.demoOrigin,
    });
    ok.socket.close();
    // The address it listens on is not where browsers reach it: not the frame's origin.
    expect(await refusal(frame(new URL(behindProxy.url).origin))).toMatchObject({
      code: 'origin_not_allowed',
    });
    await behindProxy.close();
  });

  it('refuses an unknown site key, a malformed handshake and an unknown visitor token', async () => {
    const origin = parley.demoOrigin;
    expect(await refusal(visitorSocket(origin, { siteKey: 'nope' }))).toMatchObject({ code: 'unauthorized' });
    expect(await refusal(visitorSocket(origin, { siteKey: 42 }))).toMatchObject({ code: 'unauthorized' });
    expect(await refusal(visitorSocket(origin, { siteKey: 'demo', token: 'made-up' }))).toMatchObject({
      code: 'unauthorized',
      message: 'Unknown visitor token',
    });
    // Tokens are signed, not stored: one with another visitor's id, or a made-up MAC, is forged.
    const real = await connectVisitor(parley.url, { origin });
    real.socket.close();
    const [visitorId = '', mac = ''] = real.token.split('.');
    for (const forged of [`v_${randomUUID()}.${mac}`, `${visitorId}.${'A'.repeat(mac.length)}`]) {
      expect(await refusal(visitorSocket(origin, { siteKey: 'demo', token: forged }))).toMatchObject({
        code: 'unauthorized',
        message: 'Unknown visitor token',
      });
    }
  });

  it('issues a token on first connect and recognises it on the next', async () => {
    const first = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    expect(first.token.length).toBeGreaterThanOrEqual(40);
    const again = await connectVisitor(parley.url, { origin: parley.demoOrigin, token: first.token });
    expect(again.visitorId).toBe(first.visitorId);
    first.socket.close();
    again.socket.close();
  });

  it('refuses a wrong or missing bot token', async () => {
    const bot = createBot({ url: parley.url, token: 'not-the-right-token' });
    await expect(bot.ready).rejects.toMatchObject({ code: 'unauthorized' });
    await bot.close();
    const raw = io(`${parley.url}/bot`, { transports: ['websocket'], forceNew: true, reconnection: false });
    expect(await refusal(raw)).toMatchObject({ code: 'unauthorized' });
  });
});

describe('bad input and other people’s sessions', () => {
  let parley: RunningParley;
  let mine: { socket: VisitorClient; visitorId: string };
  let theirs: { socket: VisitorClient; visitorId: string };
  let theirSessionId: string;

  beforeEach(async () => {
    parley = await startParley({
      config: (base) => ({
        ...base,
        bots: [...base.bots, { id: 'other', name: 'Other bot', token: OTHER_BOT_TOKEN }],
        limits: { ...base.limits, eventsPer10Seconds: 1000 },
      }),
    });
    mine = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    theirs = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    const sent = await theirs.socket.timeout(5000).emitWithAck('message.send', {
      clientId: 'their-message-001',
      text: 'my secret order number',
    });
    theirSessionId = sent.ok ? sent.sessionId : '';
    await mine.socket.timeout(5000).emitWithAck('message.send', { clientId: 'my-message-0001', text: 'hi' });
  });

  afterEach(async () => {
    mine.socket.close();
    theirs.socket.close();
    await parley.close();
  });

  /** Everything stored for both visitors: must be the same before and after each bad request. */
  const snapshot = async () => ({
    mine: await parley.store.visitorSessions(mine.visitorId, 100),
    theirs: await parley.store.visitorSessions(theirs.visitorId, 100),
    theirLog: await parley.store.eventsSince(theirSessionId, 0, 100),
  });

  /** Sends any event with any payload, as a misbehaving client could. */
  const raw = (event: string, payload: unknown): Promise<AckResult> =>
    (mine.socket as unknown as ReturnType<typeof io>).timeout(5000).emitWithAck(event, payload);

  it.each<[string, string, unknown, string]>([
    ['a number as text', 'message.send', { clientId: 'client-bad-001', text: 42 }, 'invalid_payload'],
    ['a missing client id', 'message.send', { text: 'hello' }, 'invalid_payload'],
    ['an empty payload', 'message.send', {}, 'invalid_payload'],
    ['a string payload', 'message.send', 'hello', 'invalid_payload'],
    ['null', 'session.close', null, 'invalid_payload'],
    ['an array', 'sync', [1, 2], 'invalid_payload'],
    [
      'an unexpected key',
      'message.send',
      { clientId: 'client-bad-002', text: 'x', role: 'agent' },
      'invalid_payload',
    ],
    [
      'a 1 MB text',
      'message.send',
      { clientId: 'client-bad-003', text: 'a'.repeat(1024 * 1024) },
      'payload_too_large',
    ],
    ['an unknown event', 'admin.deleteEverything', { all: true }, 'unknown_event'],
    ['an event named after an object member', 'toString', {}, 'unknown_event'],
    ['an event named __proto__', '__proto__', {}, 'unknown_event'],
    ['a negative cursor', 'sync', { cursors: { x: -1 } }, 'invalid_payload'],
  ])('answers %s with a typed error and changes nothing', async (_, event, payload, code) => {
    const before = await snapshot();
    const result = await raw(event, payload);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(result.ok || result.error.message.length > 0).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses to write into another visitor's session", async () => {
    const before = await snapshot();
    const result = await mine.socket.timeout(5000).emitWithAck('message.send', {
      sessionId: theirSessionId,
      clientId: 'client-bad-004',
      text: 'let me in',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await mine.socket.timeout(5000).emitWithAck('session.close', { sessionId: theirSessionId }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await mine.socket
        .timeout(5000)
        .emitWithAck('message.send', { sessionId: 'no-such-session', clientId: 'client-bad-005', text: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await snapshot()).toEqual(before);
  });

  it("never returns another visitor's session, even when asked for it by id", async () => {
    const sessions = await (async () => {
      const result: AckResult<{ sessions: { session: { id: string; visitorId: string } }[] }> =
        await mine.socket.timeout(5000).emitWithAck('sync', { cursors: { [theirSessionId]: 0 } });
      return result.ok ? result.sessions : [];
    })();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.session.visitorId === mine.visitorId)).toBe(true);
    expect(sessions.some((s) => s.session.id === theirSessionId)).toBe(false);
    expect((await syncAll(theirs.socket))[0]?.session.id).toBe(theirSessionId);
  });

  it('survives events sent without an ack callback', async () => {
    const untyped = mine.socket as unknown as ReturnType<typeof io>;
    untyped.emit('message.send', { clientId: 'client-noack-01', text: 'fire and forget' });
    untyped.emit('message.send', 'garbage');
    const after = await mine.socket
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'client-noack-02', text: 'x' });
    expect(after).toMatchObject({ ok: true });
  });

  it('answers an event whose ack is not the second argument, wherever the callback is', async () => {
    // emitWithAck puts the callback last: after extra arguments, or alone without a payload.
    const untyped = (mine.socket as unknown as ReturnType<typeof io>).timeout(5000);
    expect(await untyped.emitWithAck('sync', { cursors: {} }, 'extra')).toMatchObject({
      ok: true,
      sessions: [expect.anything()],
    });
    expect(await untyped.emitWithAck('sync')).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(
      await untyped.emitWithAck('message.send', { clientId: 'client-extra-01', text: 'x' }, 1, 2),
    ).toMatchObject({ ok: true, seq: expect.any(Number) });
  });

  it('refuses a bot acting on a session it does not handle', async () => {
    const other = createBot({ url: parley.url, token: OTHER_BOT_TOKEN });
    await other.ready;
    const before = await snapshot();
    const socket = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: OTHER_BOT_TOKEN },
    });
    const result: AckResult = await socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId: theirSessionId, clientId: 'bot-bad-000001', text: 'hijack' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sync: AckResult<{ sessions: unknown[] }> = await socket.timeout(5000).emitWithAck('sync', {
      cursors: { [theirSessionId]: 0 },
    });
    expect(sync).toMatchObject({ ok: true, sessions: [] });
    expect(await snapshot()).toEqual(before);
    socket.close();
    await other.close();
  });

  it.each<[string, (sessionId: string) => Record<string, unknown>]>([
    ['session.route', (sessionId) => ({ sessionId, team: 'support' })],
    ['session.close', (sessionId) => ({ sessionId })],
    ['session.feedback', (sessionId) => ({ sessionId, clientId: 'bot-fb-00001', score: 1 })],
    ['session.set', (sessionId) => ({ sessionId, data: { owned: true } })],
    ['session.new', (sessionId) => ({ sessionId, message: { text: 'mine now' } })],
  ])('refuses %s from a bot that does not handle the session, changing nothing', async (event, payload) => {
    const before = await snapshot();
    const socket = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: OTHER_BOT_TOKEN },
    });
    const result: AckResult = await socket.timeout(5000).emitWithAck(event, payload(theirSessionId));
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await snapshot()).toEqual(before);
    socket.close();
  });

  it.each<[string, unknown]>([
    ['session.route', { sessionId: 'x', queue: 42 }],
    ['session.close', { sessionId: 'x', reason: 'Not A Code!' }],
    ['session.feedback', { sessionId: 'x', clientId: 'bot-fb-00002', score: 'great' }],
    ['session.set', { sessionId: 'x', data: { nested: { no: true } } }],
    ['session.new', { sessionId: 'x', message: 'not an object' }],
    ['session.start', { visitorId: '' }],
    ['app.config', { extra: true }],
    [
      'message.send',
      {
        sessionId: 'x',
        clientId: 'bot-msg-00001',
        text: 'hi',
        buttons: [{ label: 'x', url: 'javascript:alert(1)' }],
      },
    ],
  ])('answers a malformed %s with invalid_payload', async (event, payload) => {
    const socket = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    const result: AckResult = await socket.timeout(5000).emitWithAck(event, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    socket.close();
  });

  it('lets the right bot act on the same session', async () => {
    const bot = createBot({ url: parley.url, token: demoBotToken });
    await bot.ready;
    const socket = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    const result: AckResult<{ seq: number }> = await socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId: theirSessionId, clientId: 'bot-good-00001', text: 'hello' });
    expect(result).toMatchObject({ ok: true });
    socket.close();
    await bot.close();
  });
});

describe('rate limits', () => {
  it('answers events past the per-socket budget with rate_limited, storing none of them', async () => {
    const parley = await startParley({
      config: (base) => ({ ...base, limits: { ...base.limits, eventsPer10Seconds: 5 } }),
    });
    const { socket, visitorId } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        socket.timeout(5000).emitWithAck('message.send', { clientId: `client-rate-${i}00`, text: `m${i}` }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(3);
    const [session] = await parley.store.visitorSessions(visitorId, 1);
    const log = await parley.store.eventsSince(session?.id ?? '', 0, 100);
    expect(log.filter((e) => e.type === 'message' && e.author.role === 'visitor')).toHaveLength(5);
    socket.close();
    await parley.close();
  });
});

describe('connection limits', () => {
  const visitorSocket = (parley: RunningParley, headers: Record<string, string> = {}) =>
    io(`${parley.url}/visitor`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin: parley.demoOrigin, ...headers },
      auth: { siteKey: 'demo' },
    });
  const botSocket = (parley: RunningParley, token: string) =>
    io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
    });
  /** Resolves once a socket connects (then closes it), or rejects with its refusal. */
  const admitted = (socket: ReturnType<typeof io>) =>
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => {
        socket.close();
        resolve();
      });
      socket.once('connect_error', (error: Error & { data?: unknown }) => reject(error.data));
    });

  it('gives each namespace its own handshake budget: visitors never use up a bot’s or an agent’s', async () => {
    const parley = await startParley({
      config: (base) => ({ ...base, limits: { ...base.limits, connectionsPerMinutePerIp: 3 } }),
    });
    const sockets = await Promise.all(
      Array.from({ length: 3 }, () => connectVisitor(parley.url, { origin: parley.demoOrigin })),
    );
    expect(await refusal(visitorSocket(parley))).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many connections from this address; retry in \d+ s$/),
    });
    // The same address: a bot and an agent with valid tokens still get in.
    await admitted(botSocket(parley, demoBotToken));
    const { socket: agent } = await connectAgent(parley.url, 'alice@parley.demo');
    agent.close();
    for (const { socket } of sockets) socket.close();
    await parley.close();
  });

  it('counts failed bot and agent handshakes per address, and valid ones per bot or agent', async () => {
    const parley = await startParley({
      config: (base) => ({
        ...base,
        limits: {
          ...base.limits,
          failedAuthsPerMinutePerIp: 2,
          botConnectionsPerMinute: 3,
          agentConnectionsPerMinute: 2,
        },
      }),
    });
    // Valid handshakes spend the bot's own budget only.
    for (let i = 0; i < 3; i++) await admitted(botSocket(parley, demoBotToken));
    expect(await refusal(botSocket(parley, demoBotToken))).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many connections for this login; retry in \d+ s$/),
    });
    // Two wrong tokens are answered as such; then the address waits, whatever it sends.
    expect(await refusal(botSocket(parley, 'wrong-token-1'))).toMatchObject({ code: 'unauthorized' });
    expect(await refusal(botSocket(parley, 'wrong-token-2'))).toMatchObject({ code: 'unauthorized' });
    expect(await refusal(botSocket(parley, 'wrong-token-3'))).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many failed logins from this address; retry in \d+ s$/),
    });
    // The desk's namespace keeps budgets of its own: an agent gets in, up to their own budget.
    const token = await tokenFor(parley.url, 'alice@parley.demo');
    await admitted(agentSocket(parley.url, token));
    await admitted(agentSocket(parley.url, token));
    expect(await refusal(agentSocket(parley.url, token))).toMatchObject({ code: 'rate_limited' });
    await parley.close();
  });

  it('still lets in a token that got in from an address this minute, once the address is refused for failed logins', async () => {
    const parley = await startParley({
      config: (base) => ({ ...base, limits: { ...base.limits, failedAuthsPerMinutePerIp: 2 } }),
    });
    // Alice's desk is in; Bob logs in (over HTTP) but has not connected from here yet.
    const alice = await tokenFor(parley.url, 'alice@parley.demo');
    const bob = await tokenFor(parley.url, 'bob@parley.demo');
    await admitted(agentSocket(parley.url, alice));
    // Someone behind the same address (one office, one NAT) guesses tokens.
    for (const guess of ['guess-1', 'guess-2']) {
      expect(await refusal(agentSocket(parley.url, guess))).toMatchObject({ code: 'unauthorized' });
    }
    expect(await refusal(agentSocket(parley.url, 'guess-3'))).toMatchObject({ code: 'rate_limited' });
    // Alice's desk reconnects; Bob's first connection waits out the minute, as any guess does.
    await admitted(agentSocket(parley.url, alice));
    expect(await refusal(agentSocket(parley.url, bob))).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many failed logins from this address; retry in \d+ s$/),
    });
    // A token revoked meanwhile (alice logs out) is checked again, and refused.
    const logout = await fetch(`${parley.url}/api/agent/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(logout.ok).toBe(true);
    expect(await refusal(agentSocket(parley.url, alice))).toMatchObject({ code: 'unauthorized' });
    await parley.close();
  });

  it('takes the address from X-Forwarded-For only when the connection comes from a trusted proxy', async () => {
    const limits = (base: ParleyConfig) => ({ ...base.limits, connectionsPerMinutePerIp: 1 });
    const direct = await startParley({ config: (base) => ({ ...base, limits: limits(base) }) });
    // Not behind a trusted proxy: a made-up header changes nothing, everyone is 127.0.0.1.
    await admitted(visitorSocket(direct, { 'x-forwarded-for': '203.0.113.1' }));
    expect(await refusal(visitorSocket(direct, { 'x-forwarded-for': '203.0.113.2' }))).toMatchObject({
      code: 'rate_limited',
    });
    await direct.close();

    const proxied = await startParley({
      config: (base) => ({ ...base, limits: limits(base), trustedProxies: ['127.0.0.1'] }),
    });
    await admitted(visitorSocket(proxied, { 'x-forwarded-for': '203.0.113.1' }));
    await admitted(visitorSocket(proxied, { 'x-forwarded-for': '203.0.113.2' }));
    // The nearest untrusted address counts: a client cannot hide behind a header of its own.
    expect(
      await refusal(visitorSocket(proxied, { 'x-forwarded-for': '198.51.100.9, 203.0.113.1' })),
    ).toMatchObject({ code: 'rate_limited' });
    await proxied.close();
  });
});

describe('bot budgets', () => {
  it('gives a bot its own budget, far above one visitor’s, since it speaks in every session it handles', async () => {
    const parley = await startParley({
      config: (base) => ({
        ...base,
        limits: { ...base.limits, eventsPer10Seconds: 5, botEventsPer10Seconds: 40 },
      }),
    });
    const visitors = await Promise.all(
      Array.from({ length: 6 }, () => connectVisitor(parley.url, { origin: parley.demoOrigin })),
    );
    const sessions = await Promise.all(
      visitors.map(async ({ socket }, i) => {
        const sent = await socket
          .timeout(5000)
          .emitWithAck('message.send', { clientId: `budget-${i}-0000`, text: 'hi' });
        return sent.ok ? sent.sessionId : '';
      }),
    );
    const bot = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    const replies: AckResult<{ seq: number }>[] = await Promise.all(
      sessions.flatMap((sessionId, s) =>
        Array.from({ length: 5 }, (_, i) =>
          bot
            .timeout(5000)
            .emitWithAck('message.send', { sessionId, clientId: `bot-budget-${s}-${i}`, text: 'reply' }),
        ),
      ),
    );
    // 30 replies: over any one visitor's budget of 5, within the bot's 40.
    expect(replies.filter((r) => r.ok)).toHaveLength(30);
    const extra: AckResult[] = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        bot
          .timeout(5000)
          .emitWithAck('message.send', { sessionId: sessions[0], clientId: `bot-extra-${i}00`, text: 'x' }),
      ),
    );
    expect(extra.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(5);
    bot.close();
    for (const { socket } of visitors) socket.close();
    await parley.close();
  });
});

describe('client ids are per author, and authorised before any dedupe (issue 11)', () => {
  let parley: RunningParley;
  const closers: Array<{ close(): unknown }> = [];
  beforeEach(async () => {
    parley = await startParley();
  });
  afterEach(async () => {
    for (const socket of closers.splice(0)) socket.close();
    await parley.close();
  });

  /** A visitor whose first message (with this client id) opened a session with the entry bot. */
  const visitorSaying = async (clientId: string) => {
    const visitor = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    closers.push(visitor.socket);
    const sent = await visitor.socket
      .timeout(5000)
      .emitWithAck('message.send', { clientId, text: 'Where is my order?' });
    if (!sent.ok) throw new Error(sent.error.message);
    return { socket: visitor.socket, sessionId: sent.sessionId, seq: sent.seq };
  };
  /** The demo's entry bot, as a raw socket. */
  const entryBot = () => {
    const socket = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    closers.push(socket);
    return socket;
  };
  const messages = async (sessionId: string) =>
    (await parley.store.eventsSince(sessionId, 0, 100)).flatMap((e) =>
      e.type === 'message' ? [[e.author.role, e.text, e.seq]] : [],
    );

  it("stores a bot's reply that reuses the visitor's client id as the bot's own, and the visitor gets it", async () => {
    const visitor = await visitorSaying('shared-client-id-1');
    const heard = next(
      visitor.socket,
      'session.event',
      (e) => e.type === 'message' && e.author.role === 'bot',
    );
    const reply: AckResult<{ seq: number }> = await entryBot().timeout(5000).emitWithAck('message.send', {
      sessionId: visitor.sessionId,
      clientId: 'shared-client-id-1',
      text: 'Let me look.',
    });
    expect(reply).toMatchObject({ ok: true });
    const seq = reply.ok ? reply.seq : -1;
    expect(seq).toBeGreaterThan(visitor.seq);
    expect(await heard).toMatchObject({ seq, text: 'Let me look.', author: { role: 'bot', id: 'welcome' } });
    expect(await messages(visitor.sessionId)).toEqual([
      ['visitor', 'Where is my order?', visitor.seq],
      ['bot', 'Let me look.', seq],
    ]);
  });

  it("gives a bot's retry its seq after the session was routed away, and never the visitor's", async () => {
    const visitor = await visitorSaying('visitor-msg-0002');
    const bot = entryBot();
    const ask = (event: string, payload: object): Promise<AckResult<{ seq: number }>> =>
      (bot.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<{ seq: number }>>)(
        event,
        payload,
      );
    const sessionId = visitor.sessionId;
    const said = await ask('message.send', { sessionId, clientId: 'bot-msg-000001', text: 'Passing you on' });
    expect(said).toMatchObject({ ok: true });
    // Nobody is online: the session goes to the offline form, away from the bot.
    expect(await ask('session.route', { sessionId, queue: 'support' })).toMatchObject({ ok: true });
    expect(
      await ask('message.send', { sessionId, clientId: 'bot-msg-000001', text: 'Passing you on' }),
    ).toEqual(said);
    expect(await ask('message.send', { sessionId, clientId: 'visitor-msg-0002', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await messages(sessionId)).map(([role]) => role)).toEqual(['visitor', 'bot']);
  });

  it('refuses an agent replaying a client id in a chat they may not write in; the chat’s agent may retry after it closed', async () => {
    const alice = await connectAgent(parley.url, 'alice@parley.demo');
    closers.push(alice.socket);
    await setPresence(alice.socket, { status: 'ready' });
    const visitor = await visitorSaying('visitor-msg-0001');
    const sessionId = visitor.sessionId;
    expect(await visitor.socket.timeout(5000).emitWithAck('session.handoff', { sessionId })).toMatchObject({
      ok: true,
      route: { outcome: 'assigned', agent: 'alice' },
    });
    // Bob is in the chat's team: he may read it, not write in it.
    const bob = await connectAgent(parley.url, 'bob@parley.demo');
    closers.push(bob.socket);
    const say = (agent: AgentClient, clientId: string, text = 'Hello') =>
      agent.timeout(5000).emitWithAck('message.send', { sessionId, clientId, text });
    const first = await say(alice.socket, 'alice-msg-0001', 'I am on it');
    expect(first).toMatchObject({ ok: true });
    const seq = first.ok ? first.seq : -1;

    for (const clientId of ['visitor-msg-0001', 'alice-msg-0001', 'bob-msg-000001']) {
      expect(await say(bob.socket, clientId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await alice.socket.timeout(5000).emitWithAck('session.close', { sessionId })).toMatchObject({
      ok: true,
    });
    // Alice's ack was lost and the chat closed since: her retry gets its seq, and only hers does.
    expect(await say(alice.socket, 'alice-msg-0001', 'I am on it')).toMatchObject({ ok: true, seq });
    expect(await say(alice.socket, 'visitor-msg-0001')).toMatchObject({
      ok: false,
      error: { code: 'session_closed' },
    });
    expect(await say(bob.socket, 'alice-msg-0001')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await messages(sessionId)).map(([role, text]) => [role, text])).toEqual([
      ['visitor', 'Where is my order?'],
      ['agent', 'I am on it'],
    ]);
  });
});

import type { SessionEvent } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcess, runNode, serverPorts, waitUntilUp } from '../test/processes.js';
import { freePort, startRedis, type TestRedis } from '../test/redis-server.js';
import { connectVisitor, next, syncAll } from '../test/visitor.js';

// The README's promise, as processes: the built server (`node apps/server/dist/index.js`) with
// REDIS_URL set, the example bot as its own process, and a conversation that survives a restart
// of the server process.
describe('the server process with REDIS_URL', () => {
  let redis: TestRedis;
  let server: RunningProcess | undefined;
  let bot: RunningProcess | undefined;
  let env: Record<string, string>;
  let url: string;
  let origin: string;

  beforeAll(async () => {
    redis = await startRedis();
    const server = await serverPorts();
    url = server.url;
    origin = server.origin;
    env = {
      ...server.ports,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await redis.stop();
  });

  const startServer = async () => {
    server = runNode('apps/server/dist/index.js', env);
    await waitUntilUp(`${url}/healthz`, server);
  };

  const reply = (socket: Parameters<typeof next>[0], pattern: RegExp) =>
    next(
      socket,
      'session.event',
      (e: SessionEvent) => e.type === 'message' && e.author.role === 'bot' && pattern.test(e.text),
    );

  it('keeps a conversation across a server restart', async () => {
    await startServer();
    bot = runNode('examples/welcome-bot/dist/index.js', { PARLEY_URL: url });

    const first = await connectVisitor(url, { origin });
    // The demo site asks its pre-chat form of anonymous visitors: this page says who it is instead.
    const identified = await first.socket
      .timeout(10_000)
      .emitWithAck('visitor.identify', { userId: 'process-test' });
    expect(identified).toEqual({ ok: true, verified: false });
    const welcomed = reply(first.socket, /^Hi there!/);
    const answered = reply(first.socket, /Monday to Friday/);
    const sent = await first.socket
      .timeout(10_000)
      .emitWithAck('message.send', { clientId: 'process-test-0001', text: 'What are your opening hours?' });
    expect(sent).toMatchObject({ ok: true });
    await welcomed;
    await answered;
    first.socket.close();

    await server?.stop();
    await startServer();

    const again = await connectVisitor(url, { origin, token: first.token });
    expect(again.visitorId).toBe(first.visitorId);
    const [session] = await syncAll(again.socket);
    const texts = session?.events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    // The message opened the session; the bot's handlers run in order: welcome, then the answer.
    expect(texts).toEqual([
      'What are your opening hours?',
      expect.stringMatching(/^Hi there!/),
      expect.stringMatching(/Monday to Friday/),
    ]);

    // The bot process reconnects by itself and answers in the same session.
    const shipping = reply(again.socket, /ship within 24 hours/);
    const more = await again.socket.timeout(10_000).emitWithAck('message.send', {
      sessionId: session?.session.id,
      clientId: 'process-test-0002',
      text: 'And shipping?',
    });
    expect(more).toMatchObject({ ok: true, sessionId: session?.session.id });
    expect((await shipping).sessionId).toBe(session?.session.id);

    // "Talk to a human" hands the session to the support team; with no agent online, offline.
    const handedOff = next(
      again.socket,
      'session.event',
      (e) => e.type === 'session.changed' && e.to === 'offline',
    );
    await again.socket.timeout(10_000).emitWithAck('message.send', {
      sessionId: session?.session.id,
      clientId: 'process-test-0003',
      text: 'Talk to a human',
    });
    expect(await handedOff).toMatchObject({
      from: 'bot',
      reason: 'no-agent',
      by: { role: 'bot', id: 'welcome' },
    });
    again.socket.close();
  }, 60_000);

  it('signs the demo customer in on the demo page with a hash the server verifies', async () => {
    if (!server) await startServer();
    const page = await (await fetch(`${origin}/?login=grace`)).text();
    const attribute = (name: string) => page.match(new RegExp(`data-${name}="([^"]*)"`))?.[1];
    expect(attribute('user')).toBe('grace');
    const { socket } = await connectVisitor(url, { origin });
    const identified = await socket
      .timeout(10_000)
      .emitWithAck('visitor.identify', { userId: 'grace', hash: attribute('hash') ?? '' });
    expect(identified).toMatchObject({ ok: true, verified: true, token: expect.any(String) });
    // The page without a sign-in names nobody.
    expect(await (await fetch(`${origin}/`)).text()).not.toContain('data-hash');
    socket.close();
  }, 60_000);
});

// Issue 11 D: a Redis that stalls (SIGSTOP) or goes away must not end the process. node-redis
// fails a command that waited too long for a connection, and the Socket.IO adapter publishes
// without awaiting: unguarded, such a rejection (a broadcast due while Redis is away) was fatal.
describe('the server process while Redis stalls or goes away', () => {
  let redis: TestRedis;
  let server: RunningProcess | undefined;

  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
  });

  it('stays up, answers unavailable or succeeds meanwhile, and acks again once Redis is back', async () => {
    redis = await startRedis();
    const { url, origin, ports } = await serverPorts();
    const proc = runNode('apps/server/dist/index.js', {
      ...ports,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
    });
    server = proc;
    await waitUntilUp(`${url}/readyz`, proc);
    const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;

    const { socket } = await connectVisitor(url, { origin });
    await socket.timeout(10_000).emitWithAck('visitor.identify', { userId: 'stall-test' });
    let n = 0;
    const send = () =>
      socket.timeout(10_000).emitWithAck('message.send', { clientId: `stall-test-${n++}00`, text: `m${n}` });
    /** What a visitor may get while Redis is away: a success, or the typed, retryable refusal. */
    const typed = (result: Awaited<ReturnType<typeof send>>) =>
      result.ok || result.error.code === 'unavailable' ? 'typed' : result.error.code;
    expect(await send()).toMatchObject({ ok: true });

    // Stalled for longer than the store's 5 s timeout, while the visitor sends.
    redis.pause();
    const stalled = await Promise.all([send(), send(), send()]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    redis.resume();
    expect(stalled.map(typed)).toEqual(['typed', 'typed', 'typed']);
    expect(stalled.some((r) => !r.ok)).toBe(true);
    expect(alive()).toBe(true);
    await waitUntilUp(`${url}/readyz`, proc);
    expect(await send()).toMatchObject({ ok: true });

    // Gone, right after a write: the adapter's commands fail while Redis is away (this process,
    // alone on its channels, broadcasts locally; counting its peers is what fails), and are logged.
    expect(await send()).toMatchObject({ ok: true });
    await redis.stop();
    expect(typed(await send())).toBe('typed');
    const adapterFailed = () =>
      proc.output().includes('adapter command failed') ||
      proc.output().includes('cannot count the other processes');
    await expect.poll(() => !alive() || adapterFailed(), { timeout: 20_000 }).toBe(true);
    expect(alive()).toBe(true);
    await redis.start();
    await waitUntilUp(`${url}/readyz`, proc);
    // The visitor's connection stayed; Redis came back empty, so the next message opens a session.
    expect(await send()).toMatchObject({ ok: true });
    expect(alive()).toBe(true);
    socket.close();
  }, 90_000);
});

// A real process: a first PGlite start takes seconds, more on a busy machine.
describe('the server process without a demo page', { timeout: 60_000 }, () => {
  let server: RunningProcess | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  // Before, DEMO_PORT=off without PARLEY_CONFIG left the demo site with no allowed origin, and
  // the configuration check stopped the start.
  it('starts with DEMO_PORT=off and no PARLEY_CONFIG, its demo site allowing its own origin', async () => {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    server = runNode('apps/server/dist/index.js', {
      PORT: String(port),
      DEMO_PORT: 'off',
      LOG_LEVEL: 'warn',
      // A site owner trying the widget on their own page (found by one: no short way to do so).
      PARLEY_DEMO_ORIGINS: 'http://localhost:4150',
    });
    await waitUntilUp(`${url}/healthz`, server);
    for (const origin of [url, 'http://localhost:4150']) {
      const visitor = await connectVisitor(url, { origin });
      expect(visitor.socket.connected).toBe(true);
      visitor.socket.close();
    }
    const frame = await fetch(`${url}/widget/frame.html?site=demo`);
    expect(frame.headers.get('content-security-policy')).toContain('http://localhost:4150');
  });
});

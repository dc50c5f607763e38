/**
 * Issue 11, "nothing lost, for bots too": the bot's durable processing cursor, seen from the SDK
 * against a real server on both stores. Process kills of a bot are in the fault suite
 * (`src/faults/`); here a bot is stopped by a newer connection taking over, which leaves its
 * unfinished work just as a crash does.
 */
import { type Bot, type BotSession, createBot, type MessageEvent, ParleyError } from '@parley/bot';
import type { SessionEvent } from '@parley/protocol';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectAgent, setPresence } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { storeKinds } from '../../test/stores.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const botMessages = (events: SessionEvent[]) =>
  events.filter((e) => e.type === 'message' && e.author.role === 'bot').map((e) => (e as MessageEvent).text);

// Its cases wait on reconnects, backoffs and polls of up to 15 s: the default 5 s per test cut
// the slowest short on a busy machine (a CI run timed one out at 5 s mid-poll).
describe.each(storeKinds())('the processing cursor ($name store)', { timeout: 30_000 }, (kind) => {
  let parley: RunningParley;
  const bots: Bot[] = [];
  const sockets: VisitorClient[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const bot of bots.splice(0)) await bot.close();
    await parley.close();
  });
  afterAll(() => kind.teardown());

  const start = async () => {
    const { store } = await kind.create();
    parley = await startParley({ store, sweepIntervalMs: 100 });
  };

  /** An echo bot whose every handler takes `delayMs`; it welcomes with "welcome". */
  const echoBot = (delayMs = 0, options: { lingerMs?: number } = {}) => {
    const bot = createBot({ url: parley.url, token: demoBotToken, ...options });
    bots.push(bot);
    bot.on('session.created', async (session) => {
      await sleep(delayMs);
      await session.say('welcome');
    });
    bot.on('message', async (session, message) => {
      await sleep(delayMs);
      await session.say(`echo: ${message.text}`);
    });
    return bot;
  };

  const visitor = async () => {
    const connected = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    sockets.push(connected.socket);
    return connected;
  };

  const log = async (sessionId: string) => parley.store.eventsSince(sessionId, 0, 1000);

  it('answers every message sent before the welcome landed, once each', async () => {
    await start();
    const bot = echoBot(200);
    await bot.ready;
    const { socket } = await visitor();
    const first = await socket
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'before-welcome-1', text: 'one' });
    if (!first.ok) throw new Error(first.error.message);
    await socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId: first.sessionId, clientId: 'before-welcome-2', text: 'two' });
    await expect
      .poll(async () => botMessages(await log(first.sessionId)), { timeout: 10_000 })
      .toEqual(['welcome', 'echo: one', 'echo: two']);
  });

  it("lets the bot see a template's welcome, written before it hears of the session", async () => {
    await start();
    const bot = createBot({ url: parley.url, token: demoBotToken });
    bots.push(bot);
    const seen: Array<string | null> = [];
    bot.on('session.created', (session) => {
      seen.push(session.lastSpeaker);
    });
    await bot.ready;
    const { socket } = await visitor();
    const opened = await socket
      .timeout(5000)
      .emitWithAck('session.open', { template: 'order', params: { order: 'A-1001' } });
    if (!opened.ok) throw new Error(opened.error.message);
    await expect.poll(() => seen).toEqual(['bot']);
    expect(botMessages(await log(opened.session.id))).toEqual([
      'You asked about order A-1001. Tell us what is wrong and we will sort it out.',
    ]);
  });

  it('gives a newer connection exactly what the older one had not finished, in order', async () => {
    await start();
    const old = echoBot(300);
    const oldErrors: unknown[] = [];
    old.on('error', (error) => oldErrors.push(error));
    await old.ready;
    const { socket } = await visitor();
    const opened = await socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    const texts = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const text of texts) {
      await socket
        .timeout(5000)
        .emitWithAck('message.send', { sessionId, clientId: `backlog-${text}-1`, text });
    }
    // The old bot is busy with the backlog when a new process takes over.
    await expect.poll(async () => botMessages(await log(sessionId)).length).toBeGreaterThanOrEqual(2);
    const fresh = echoBot(0);
    await fresh.ready;
    await expect
      .poll(() => oldErrors.some((e) => e instanceof ParleyError && e.code === 'conflict'))
      .toBe(true);
    const expected = ['welcome', ...texts.map((t) => `echo: ${t}`)];
    await expect.poll(async () => botMessages(await log(sessionId)), { timeout: 10_000 }).toEqual(expected);
    // Nothing more comes: each was handled once (or, handled twice, stored once).
    await sleep(500);
    expect(botMessages(await log(sessionId))).toEqual(expected);
  });

  it('answers again after an agent hands the chat back', async () => {
    await start();
    const bot = echoBot();
    await bot.ready;
    const { socket: alice } = await connectAgent(parley.url, 'alice@parley.demo');
    await setPresence(alice, { status: 'ready' });
    const { socket } = await visitor();
    const opened = await socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    await next(socket, 'session.event', (e) => e.type === 'message' && e.text === 'welcome');
    const assigned = next(
      socket,
      'session.event',
      (e) => e.type === 'session.changed' && e.to === 'assigned',
    );
    await socket.timeout(5000).emitWithAck('session.handoff', { sessionId });
    await assigned;
    await alice
      .timeout(5000)
      .emitWithAck('message.send', { sessionId, clientId: 'agent-hello-1', text: 'Hi!' });
    const welcomedBack = next(socket, 'session.event', (e) => e.type === 'message' && e.text === 'welcome');
    await alice.timeout(5000).emitWithAck('session.handback', { sessionId });
    await welcomedBack;
    for (const text of ['shipping?', 'opening hours']) {
      const answered = next(
        socket,
        'session.event',
        (e) => e.type === 'message' && e.text === `echo: ${text}`,
      );
      await socket.timeout(5000).emitWithAck('message.send', { sessionId, clientId: `after-${text}`, text });
      await answered;
    }
    expect(botMessages(await log(sessionId))).toEqual([
      'welcome',
      'welcome',
      'echo: shipping?',
      'echo: opening hours',
    ]);
    alice.close();
  });

  it('lets go of sessions it is done with, and still catches up with a new one after a drop', async () => {
    await start();
    const bot = echoBot(0, { lingerMs: 0 });
    await bot.ready;
    for (let i = 0; i < 5; i++) {
      const { socket } = await visitor();
      const opened = await socket.timeout(5000).emitWithAck('session.open', {});
      if (!opened.ok) throw new Error(opened.error.message);
      await next(socket, 'session.event', (e) => e.type === 'message' && e.text === 'welcome');
      await socket.timeout(5000).emitWithAck('session.close', { sessionId: opened.session.id });
    }
    await expect.poll(() => bot.sessionCount).toBe(0);
    expect(await parley.store.botBacklog('welcome')).toEqual([]);

    parley.dropConnections('/bot');
    const { socket } = await visitor();
    const sent = await socket
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'while-away-1', text: 'hello?' });
    if (!sent.ok) throw new Error(sent.error.message);
    await expect
      .poll(async () => botMessages(await log(sent.sessionId)), { timeout: 10_000 })
      .toEqual(['welcome', 'echo: hello?']);
  });

  it('runs work again, with the same client ids, when a request found the server away', async () => {
    await start();
    const bot = createBot({ url: parley.url, token: demoBotToken, ackTimeoutMs: 300, requestTimeoutMs: 800 });
    bots.push(bot);
    // For a while the server refuses the bot (as a server whose storage is away would), longer
    // than a request's bound; the SDK keeps coming back.
    let refuseUntil = 0;
    parley.server.io.of('/bot').use((_socket, nextMiddleware) => {
      if (Date.now() >= refuseUntil) return nextMiddleware();
      nextMiddleware(
        Object.assign(new Error('away'), { data: { code: 'unavailable', message: 'Storage away' } }),
      );
    });
    let attempts = 0;
    bot.on('session.created', async (session: BotSession) => {
      attempts += 1;
      await session.say('first part');
      if (attempts === 1) {
        refuseUntil = Date.now() + 2000;
        parley.dropConnections('/bot');
      }
      await session.say('second part');
    });
    const errors: unknown[] = [];
    bot.on('error', (error) => errors.push(error));
    await bot.ready;
    const { socket } = await visitor();
    const opened = await socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    await expect
      .poll(async () => botMessages(await log(opened.session.id)), { timeout: 15_000 })
      .toEqual(['first part', 'second part']);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(errors.some((e) => e instanceof ParleyError && e.code === 'timeout')).toBe(true);
    expect(errors.some((e) => e instanceof ParleyError && e.code === 'unavailable')).toBe(true);
  });

  it('runs work again, with the same client ids, when the server answered internal', async () => {
    await start();
    // The server fails the bot's first answer as it does one whose store call Redis cut off (its
    // death mid-command); nothing was stored. Hooked before the bot connects.
    let failures = 1;
    parley.server.io.of('/bot').on('connection', (socket) => {
      socket.use(([event, ...args], nextPacket) => {
        const ack = args.at(-1);
        if (event !== 'message.send' || failures === 0 || typeof ack !== 'function') return nextPacket();
        failures -= 1;
        ack({ ok: false, error: { code: 'internal', message: 'Something went wrong on the server' } });
      });
    });
    const bot = echoBot();
    const errors: unknown[] = [];
    bot.on('error', (error) => errors.push(error));
    await bot.ready;
    const { socket } = await visitor();
    const sent = await socket
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'internal-1', text: 'hi' });
    if (!sent.ok) throw new Error(sent.error.message);
    await expect
      .poll(async () => botMessages(await log(sent.sessionId)), { timeout: 4000 })
      .toEqual(['welcome', 'echo: hi']);
    expect(failures).toBe(0);
    expect(errors.some((e) => e instanceof ParleyError && e.code === 'internal')).toBe(true);
  });

  it('hears a message a retry finds stored already, when whoever stored it never told the bot', async () => {
    await start();
    const bot = echoBot();
    await bot.ready;
    const { socket, visitorId } = await visitor();
    const opened = await socket.timeout(5000).emitWithAck('session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = opened.session.id;
    await expect.poll(async () => botMessages(await log(sessionId))).toEqual(['welcome']);
    // What a server process killed between its write and its publish leaves behind (fault suite,
    // two-servers.test.ts): the message stored, its visitor unacked, its bot untold.
    await parley.store.appendMessage({
      sessionId,
      clientId: 'stored-untold-1',
      author: { role: 'visitor', id: visitorId },
      text: 'anyone?',
      now: Date.now(),
    });
    // The visitor sends it again, to a process that finds it stored.
    const retried = await socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId, clientId: 'stored-untold-1', text: 'anyone?' });
    expect(retried).toMatchObject({ ok: true, seq: 3 });
    await expect
      .poll(async () => botMessages(await log(sessionId)), { timeout: 4000 })
      .toEqual(['welcome', 'echo: anyone?']);
  });
});

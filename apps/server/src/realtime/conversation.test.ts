import { type Bot, createBot } from '@parley/bot';
import { createDelivery } from '@parley/client';
import type { MessageEvent, SessionEvent, VisitorSendInput } from '@parley/protocol';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { storeKinds } from '../../test/stores.js';
import { connectVisitor, next, nextLifecycle, syncAll, type VisitorClient } from '../../test/visitor.js';

const kinds = storeKinds();
afterAll(async () => {
  for (const kind of kinds) await kind.teardown();
});

const send = (socket: VisitorClient, payload: VisitorSendInput) =>
  socket.timeout(5000).emitWithAck('message.send', payload);

const messages = (socket: VisitorClient, predicate: (e: MessageEvent) => boolean = () => true) =>
  next(socket, 'session.event', (e) => e.type === 'message' && predicate(e)) as Promise<MessageEvent>;

describe.each(kinds)('a conversation ($name store)', (kind) => {
  let parley: RunningParley;
  let bot: Bot;
  const welcomed: string[] = [];

  beforeEach(async () => {
    const { store } = await kind.create();
    parley = await startParley({ store, sweepIntervalMs: 50 });
    welcomed.length = 0;
    bot = createBot({ url: parley.url, token: demoBotToken });
    bot.on('session.created', async (session) => {
      welcomed.push(session.id);
      await session.say(
        `Welcome${session.visitor.name ? `, ${session.visitor.name}` : ''}! (${session.visitor.page})`,
      );
    });
    bot.on('message', async (session, message) => {
      await session.say(`You said: ${message.text}`);
    });
    await bot.ready;
  });

  afterEach(async () => {
    await bot.close();
    await parley.close();
    await parley.store.close();
  });

  const visitor = () => connectVisitor(parley.url, { origin: parley.demoOrigin });

  it('welcomes the visitor with what the widget told, then answers each message', async () => {
    const { socket } = await visitor();
    const welcome = messages(socket);
    const opened = await socket.timeout(5000).emitWithAck('session.open', {
      info: { page: 'https://shop.example/cart', locale: 'de', name: 'Ada', attributes: { plan: 'pro' } },
    });
    expect(opened).toMatchObject({
      ok: true,
      session: { status: 'bot', handler: { kind: 'bot', id: 'welcome' } },
    });
    expect((await welcome).text).toBe('Welcome, Ada! (https://shop.example/cart)');
    const session = opened.ok ? opened.session : undefined;
    expect(bot.session(session?.id ?? '')?.visitor).toEqual({
      page: 'https://shop.example/cart',
      locale: 'de',
      name: 'Ada',
      attributes: { plan: 'pro' },
    });

    const reply = messages(socket, (e) => e.author.role === 'bot' && e.text.startsWith('You said'));
    const acked = await send(socket, {
      sessionId: session?.id,
      clientId: 'client-msg-0001',
      text: 'Where is my order?',
    });
    expect(acked).toMatchObject({ ok: true, sessionId: session?.id, seq: 3 });
    expect(await reply).toMatchObject({
      text: 'You said: Where is my order?',
      seq: 4,
      author: { role: 'bot', id: 'welcome' },
    });
    socket.close();
  });

  it('opens a session with the first message when none is open, and the bot greets it', async () => {
    const { socket } = await visitor();
    const welcome = messages(socket, (e) => e.text.startsWith('Welcome'));
    const acked = await send(socket, { clientId: 'client-msg-0002', text: 'hello' });
    expect(acked).toMatchObject({ ok: true, seq: 2 });
    expect((await welcome).seq).toBe(3);
    expect(welcomed).toHaveLength(1);
    socket.close();
  });

  it('stores a message retried with the same client id once', async () => {
    const { socket } = await visitor();
    const first = await send(socket, { clientId: 'client-msg-retry', text: 'only once' });
    const again = await send(socket, { clientId: 'client-msg-retry', text: 'only once' });
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual(first);
    const log = (await syncAll(socket))[0]?.events ?? [];
    expect(log.filter((e) => e.type === 'message' && e.text === 'only once')).toHaveLength(1);
    socket.close();
  });

  it('replays exactly the missed events, in order, once, after a dropped connection', async () => {
    const { socket, token } = await visitor();
    await send(socket, { clientId: 'client-msg-drop0', text: 'first' });
    await messages(socket, (e) => e.text === 'You said: first');

    // The widget's delivery layer, over a real socket that we drop and bring back.
    const seen: SessionEvent[] = [];
    const fresh = await connectVisitor(parley.url, { origin: parley.demoOrigin, token });
    const delivery = createDelivery<VisitorSendInput, { sessionId: string; seq: number }>(
      {
        sync: (cursors) => fresh.socket.timeout(5000).emitWithAck('sync', { cursors }),
        send: (payload) => fresh.socket.timeout(5000).emitWithAck('message.send', payload),
      },
      { onEvent: (e) => seen.push(e) },
    );
    fresh.socket.on('session.event', (e) => delivery.receive(e));
    fresh.socket.on('connect', () => void delivery.resume());
    await delivery.resume();
    const sessionId = seen[0]?.sessionId ?? '';
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);

    const dropped = nextLifecycle(fresh.socket, 'disconnect');
    fresh.socket.io.engine.close(); // the network drops; Socket.IO will reconnect by itself
    await dropped;
    // While it is away: the visitor's other tab writes, and the bot answers.
    await send(socket, { sessionId, clientId: 'client-msg-drop1', text: 'while away' });
    await messages(socket, (e) => e.text === 'You said: while away');
    await nextLifecycle(fresh.socket, 'connect');
    await delivery.resume();
    await send(socket, { sessionId, clientId: 'client-msg-drop2', text: 'back' });
    await messages(socket, (e) => e.text === 'You said: back');
    await expect.poll(() => seen.length).toBe(8);

    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.slice(4).map((e) => (e.type === 'message' ? e.text : e.type))).toEqual([
      'while away',
      'You said: while away',
      'back',
      'You said: back',
    ]);
    socket.close();
    fresh.socket.close();
  });

  it('shows every event to every tab of the same visitor', async () => {
    const first = await visitor();
    const second = await connectVisitor(parley.url, { origin: parley.demoOrigin, token: first.token });
    expect(second.visitorId).toBe(first.visitorId);
    const inSecondTab = messages(second.socket, (e) => e.text === 'from tab one');
    await send(first.socket, { clientId: 'client-msg-tabs', text: 'from tab one' });
    expect((await inSecondTab).author.id).toBe(first.visitorId);
    first.socket.close();
    second.socket.close();
  });

  it('lets the visitor close the session; the next message opens a new one and history stays', async () => {
    const { socket } = await visitor();
    const sent = await send(socket, { clientId: 'client-msg-close1', text: 'first session' });
    const firstId = sent.ok ? sent.sessionId : '';
    await messages(socket, (e) => e.text === 'You said: first session');
    // The close comes back in the ack, not as `session.event` (issue 16).
    expect(await socket.timeout(5000).emitWithAck('session.close', { sessionId: firstId })).toMatchObject({
      ok: true,
      event: { type: 'session.changed', from: 'bot', to: 'closed', reason: 'visitor' },
    });
    expect(await socket.timeout(5000).emitWithAck('session.close', { sessionId: firstId })).toMatchObject({
      ok: false,
      error: { code: 'session_closed' },
    });

    const again = await send(socket, {
      sessionId: firstId,
      clientId: 'client-msg-close2',
      text: 'I am back',
    });
    expect(again.ok && again.sessionId).not.toBe(firstId);
    const sessions = await syncAll(socket);
    expect(sessions.map((s) => s.session.status)).toEqual(['bot', 'closed']);
    expect(sessions[1]?.events.some((e) => e.type === 'message' && e.text === 'first session')).toBe(true);
    socket.close();
  });

  it('closes an idle session; the next message opens a new one', async () => {
    await parley.close();
    const { store } = await kind.create();
    parley = await startParley({
      store,
      sweepIntervalMs: 50,
      config: (base) => ({ ...base, sites: base.sites.map((s) => ({ ...s, idleTimeoutSeconds: 1 })) }),
    });
    await bot.close();
    bot = createBot({ url: parley.url, token: demoBotToken });
    const botSawClose = new Promise<string>((resolve) =>
      bot.on('session.changed', (_s, change) => resolve(change.reason)),
    );
    await bot.ready;

    const { socket } = await visitor();
    const sent = await send(socket, { clientId: 'client-msg-idle1', text: 'hello?' });
    const closed = await next(
      socket,
      'session.event',
      (e) => e.type === 'session.changed' && e.to === 'closed',
    );
    expect(closed).toMatchObject({ reason: 'timeout', sessionId: sent.ok ? sent.sessionId : '' });
    expect(await botSawClose).toBe('timeout');
    const again = await send(socket, { clientId: 'client-msg-idle2', text: 'anyone?' });
    expect(again.ok && sent.ok && again.sessionId !== sent.sessionId).toBe(true);
    socket.close();
  });
});

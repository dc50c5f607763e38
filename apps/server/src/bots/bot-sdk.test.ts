import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Bot, type BotSession, createBot, type MessageEvent, ParleyError } from '@parley/bot';
import type { AckResult, SessionEvent } from '@parley/protocol';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { runNode } from '../../test/processes.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';
import type { ParleyConfig } from '../config/config-schema.js';

const BILLING_TOKEN = 'billing-bot-token-for-tests';

/** The demo configuration plus a second bot with its own queue, as a site would set them up. */
const withBillingBot = (base: ParleyConfig): ParleyConfig => ({
  ...base,
  bots: [...base.bots, { id: 'billing', name: 'Billing bot', token: BILLING_TOKEN }],
  queues: [...base.queues, { id: 'billing', name: 'Billing', bot: 'billing', timeoutSeconds: 600 }],
});

const isMessage = (pattern: string | RegExp) => (e: SessionEvent) =>
  e.type === 'message' && (typeof pattern === 'string' ? e.text === pattern : pattern.test(e.text));

const isStatus = (to: string) => (e: SessionEvent) => e.type === 'session.changed' && e.to === to;

/** Resolves with the first call of a handler registered through `register`. */
function first<T extends unknown[]>(register: (handler: (...args: T) => void) => void): Promise<T> {
  return new Promise((resolve) => register((...args) => resolve(args)));
}

describe('the bot SDK against a real server', () => {
  let parley: RunningParley;
  let bot: Bot;
  let visitor: VisitorClient;
  let visitorId: string;
  let created: Promise<[BotSession]>;

  beforeEach(async () => {
    parley = await startParley({ config: withBillingBot, sweepIntervalMs: 50 });
    bot = createBot({ url: parley.url, token: demoBotToken });
    created = first<[BotSession]>((handler) => bot.on('session.created', handler));
    await bot.ready;
    ({ socket: visitor, visitorId } = await connectVisitor(parley.url, { origin: parley.demoOrigin }));
  });

  afterEach(async () => {
    visitor.close();
    await bot.close();
    await parley.close();
  });

  /** The visitor opens the widget; resolves with the bot's view of the new session. */
  const openSession = async (info = { name: 'Ada', page: 'https://shop.example/' }) => {
    await visitor.timeout(5000).emitWithAck('session.open', { info });
    const [session] = await created;
    return session;
  };

  const visitorSays = (sessionId: string, text: string) =>
    visitor
      .timeout(5000)
      .emitWithAck('message.send', { sessionId, clientId: `v-${text}-${Date.now()}`, text });

  it('says things with quick replies and buttons, showing typing first when asked', async () => {
    const session = await openSession();
    expect(session.visitor).toEqual({ name: 'Ada', page: 'https://shop.example/' });
    expect(session.status).toBe('bot');
    const typing = new Promise((resolve) => visitor.once('typing', resolve));
    const shown = next(visitor, 'session.event', isMessage('How can I help?'));
    const { seq } = await session.say('How can I help?', {
      quickReplies: ['Pricing', 'Talk to a human'],
      buttons: [{ label: 'Docs', url: 'https://parley.example/docs' }],
      typingMs: 20,
    });
    expect(await typing).toMatchObject({ sessionId: session.id, on: true, author: { role: 'bot' } });
    expect(await shown).toMatchObject({
      seq,
      quickReplies: ['Pricing', 'Talk to a human'],
      buttons: [{ label: 'Docs', url: 'https://parley.example/docs' }],
    });
    expect(session.lastSpeaker).toBe('bot');
  });

  it('hands each visitor message to message handlers, in order, after middleware', async () => {
    const seen: string[] = [];
    const silences: number[] = [];
    bot.use(async ({ message, silenceMs }, next) => {
      silences.push(silenceMs);
      if (message.text === 'secret') return; // stopped here: handlers never see it
      await next();
    });
    const done = new Promise<void>((resolve) =>
      bot.on('message', async (_session, message: MessageEvent) => {
        seen.push(message.text);
        if (message.text === 'three') resolve();
      }),
    );
    const session = await openSession();
    for (const text of ['one', 'secret', 'two', 'three']) await visitorSays(session.id, text);
    await done;
    expect(seen).toEqual(['one', 'two', 'three']);
    expect(silences).toHaveLength(4);
    expect(silences.every((ms) => ms >= 0)).toBe(true);
  });

  it('routes to a bot queue: the other bot takes over and this one lets go', async () => {
    const billing = createBot({ url: parley.url, token: BILLING_TOKEN });
    const takenOver = first<[BotSession]>((handler) => billing.on('session.created', handler));
    const billingHears = first<[BotSession, MessageEvent]>((handler) => billing.on('message', handler));
    await billing.ready;
    const session = await openSession();
    const changed = first<[BotSession, { to: string; reason: string }]>((h) => bot.on('session.changed', h));
    let welcomeBotHeard = false;
    bot.on('message', () => {
      welcomeBotHeard = true;
    });

    expect(await session.route.to.queue('billing', { invoice: 'INV-7' })).toEqual({
      outcome: 'bot',
      bot: 'billing',
    });
    expect((await changed)[1]).toMatchObject({ to: 'bot', reason: 'route' });
    const [taken] = await takenOver;
    expect(taken.id).toBe(session.id);
    expect(taken.data).toEqual({ invoice: 'INV-7' });

    await visitorSays(session.id, 'my invoice is wrong');
    expect((await billingHears)[1].text).toBe('my invoice is wrong');
    expect(welcomeBotHeard).toBe(false);
    await expect(session.say('still here?')).rejects.toMatchObject({ code: 'forbidden' });
    await billing.close();
  });

  it.each([
    ['a team', (s: BotSession) => s.route.to.team('support')],
    ['skills', (s: BotSession) => s.route.to.skills('german', 'billing')],
    ['an agent', (s: BotSession) => s.route.to.agent('alice')],
    ['a human queue', (s: BotSession) => s.route({ queue: 'support' })],
  ])('routes to %s: with no human agents online the visitor gets the offline form', async (_, routeIt) => {
    const session = await openSession();
    const offline = next(visitor, 'session.event', isStatus('offline'));
    expect(await routeIt(session)).toEqual({ outcome: 'offline', queue: 'support' });
    expect(await offline).toMatchObject({
      from: 'bot',
      reason: 'no-agent',
      by: { role: 'bot', id: 'welcome' },
    });
  });

  it('refuses a route to a queue that does not exist, changing nothing', async () => {
    const session = await openSession();
    await expect(session.route.to.queue('nowhere')).rejects.toMatchObject({ code: 'not_found' });
    expect((await parley.store.getSession(session.id))?.status).toBe('bot');
  });

  it('closes and stops sessions, telling the visitor and firing session.closed', async () => {
    const session = await openSession();
    const closedEvent = first<[BotSession, { reason: string }]>((h) => bot.on('session.closed', h));
    const seen = next(visitor, 'session.event', isStatus('closed'));
    await session.close('resolved');
    expect(await seen).toMatchObject({ reason: 'resolved', by: { role: 'bot' } });
    expect((await closedEvent)[1]).toEqual({ reason: 'resolved' });
    expect(session.status).toBe('closed');
    await expect(session.close()).rejects.toBeInstanceOf(ParleyError);

    const sent = await visitor
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'after-close-1', text: 'hello' });
    const again =
      bot.session(sent.ok ? sent.sessionId : '') ??
      (await new Promise<BotSession>((r) => bot.on('session.created', r)));
    const stopped = next(visitor, 'session.event', isStatus('closed'));
    await again.stop();
    expect(await stopped).toMatchObject({ reason: 'stopped' });
  });

  it('records feedback, checks it against the site scale, and hears the visitor’s own', async () => {
    const session = await openSession();
    await session.feedback.set.score(5);
    await session.feedback.set.tag('resolved-by-bot');
    await session.feedback({ review: 'Visitor said thanks' });
    await expect(session.feedback.set.score(9)).rejects.toMatchObject({ code: 'invalid_payload' });
    const log = await parley.store.eventsSince(session.id, 0, 100);
    expect(log.filter((e) => e.type === 'feedback').map((e) => e.type === 'feedback' && e.feedback)).toEqual([
      { score: 5 },
      { tag: 'resolved-by-bot' },
      { review: 'Visitor said thanks' },
    ]);

    const heard = first<[BotSession, { feedback: unknown }]>((h) => bot.on('feedback', h));
    const rating = { sessionId: session.id, clientId: 'visitor-feedback-1', score: 4, review: 'Quick!' };
    expect(await visitor.timeout(5000).emitWithAck('session.feedback', rating)).toMatchObject({ ok: true });
    expect((await heard)[1]).toMatchObject({ feedback: { score: 4, review: 'Quick!' } });
    expect(await visitor.timeout(5000).emitWithAck('session.feedback', rating)).toMatchObject({ ok: true });
    expect(
      await visitor
        .timeout(5000)
        .emitWithAck('session.feedback', { ...rating, clientId: 'visitor-feedback-2' }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('keeps session data, and starts a fresh session that carries a message and data', async () => {
    const session = await openSession();
    await session.set('topic', 'billing');
    await session.set('step', 2);
    expect(session.data).toEqual({ topic: 'billing', step: 2 });
    expect((await parley.store.getSession(session.id))?.data).toEqual({ topic: 'billing', step: 2 });

    let welcomes = 0;
    bot.on('session.created', () => {
      welcomes += 1;
    });
    const oldClosed = next(
      visitor,
      'session.event',
      (e) => e.sessionId === session.id && isStatus('closed')(e),
    );
    const fresh = await session.newSession({ message: 'Let us start over.', data: { topic: 'returns' } });
    expect(await oldClosed).toMatchObject({ reason: 'new-session' });
    expect(fresh.id).not.toBe(session.id);
    expect(fresh.data).toEqual({ topic: 'returns' });
    expect(fresh.status).toBe('bot');
    const log = await parley.store.eventsSince(fresh.id, 0, 10);
    expect(log.map((e) => (e.type === 'message' ? e.text : e.type))).toEqual([
      'session.changed',
      'Let us start over.',
    ]);
    expect(welcomes).toBe(0);
  });

  it('starts a session with a visitor it talked to before, and only then', async () => {
    const session = await openSession();
    await expect(bot.startSession(visitorId, { message: 'Hi again' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await session.close();
    const started = await bot.startSession(visitorId, { message: 'Your order shipped!' });
    expect(started.visitorId).toBe(visitorId);
    const log = await parley.store.eventsSince(started.id, 0, 10);
    expect(log.at(-1)).toMatchObject({ type: 'message', text: 'Your order shipped!' });
    await expect(bot.startSession('v_someone-else')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps what a session knows of its visitor current, as the page sets attributes mid-chat', async () => {
    const session = await openSession();
    expect(session.visitor.attributes).toBeUndefined();
    const set = await visitor
      .timeout(5000)
      .emitWithAck('visitor.attributes', { attributes: { plan: 'pro' } });
    expect(set).toEqual({ ok: true, sessionId: session.id });
    await expect.poll(() => session.visitor.attributes).toEqual({ plan: 'pro' });
    expect(session.visitor.name).toBe('Ada');
    expect(session.status).toBe('bot');
  });

  it('keeps nothing once closed: no connection cached by the Socket.IO client, no request waiting to retry', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const session = await openSession();
    // The billing bot takes the session over, then closes: what it held of it must go with it.
    const held = await (async () => {
      const billing = createBot({ url: parley.url, token: BILLING_TOKEN });
      const takenOver = first<[BotSession]>((handler) => billing.on('session.created', handler));
      await billing.ready;
      await session.route.to.queue('billing');
      const [taken] = await takenOver;
      await billing.close();
      return new WeakRef(taken);
    })();
    // A WeakRef's target is kept until the job that made it ends: collected a few turns later.
    for (let turn = 0; turn < 3; turn += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      gc();
    }
    expect(held.deref()).toBeUndefined();
  });

  it('reads its own configuration', async () => {
    const config = await bot.app.config();
    expect(config.bot).toEqual({ id: 'welcome', name: 'Parley bot' });
    expect(config.sites).toEqual([
      { key: 'demo', name: 'Parley demo', texts: { title: 'Chat with us' }, feedbackScale: 'stars' },
    ]);
    expect(config.queues.map((q) => [q.id, q.kind])).toEqual([
      ['welcome', 'bot'],
      ['support', 'human'],
      ['billing', 'bot'],
    ]);
  });

  it('resumes after a dropped connection without missing or repeating a message', async () => {
    const heard: string[] = [];
    bot.on('message', (_s, message) => {
      heard.push(message.text);
    });
    const session = await openSession();
    await visitorSays(session.id, 'before');
    await expect.poll(() => heard).toEqual(['before']);

    parley.dropConnections('/bot');
    // Sent at once, while the bot is away (it reconnects by itself after a second or so).
    for (const text of ['while', 'away']) await visitorSays(session.id, text);
    await expect.poll(() => bot.connected, { timeout: 10_000 }).toBe(true);
    await visitorSays(session.id, 'after');
    await expect.poll(() => heard).toEqual(['before', 'while', 'away', 'after']);
  });
});

describe('retries after a session left the bot', () => {
  it('answers a retried write with its original seq, and refuses a new one', async () => {
    const parley = await startParley();
    const { socket: visitor } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    const sent = await visitor
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'retry-visitor-01', text: 'hi' });
    const sessionId = sent.ok ? sent.sessionId : '';
    const raw = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    const say = (clientId: string): Promise<AckResult<{ seq: number }>> =>
      raw.timeout(5000).emitWithAck('message.send', { sessionId, clientId, text: 'Bye for now' });
    const first = await say('retry-bot-0001');
    await raw.timeout(5000).emitWithAck('session.close', { sessionId });
    expect(await say('retry-bot-0001')).toEqual(first);
    expect(await say('retry-bot-0002')).toMatchObject({ ok: false, error: { code: 'session_closed' } });
    raw.close();
    visitor.close();
    await parley.close();
  });
});

describe('when a bot crashes', () => {
  it('sends its sessions to the site fallback after the grace period', async () => {
    const parley = await startParley({
      sweepIntervalMs: 50,
      config: (base) => ({ ...base, sites: base.sites.map((s) => ({ ...s, botGraceSeconds: 1 })) }),
    });
    const botProcess = runNode('examples/welcome-bot/dist/index.js', { PARLEY_URL: parley.url });
    const { socket } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    const welcomed = next(socket, 'session.event', (e) => e.type === 'message' && e.author.role === 'bot');
    await socket.timeout(5000).emitWithAck('session.open', {});
    await welcomed;

    botProcess.child.kill('SIGKILL');
    const fallback = await next(socket, 'session.event', isStatus('offline'));
    expect(fallback).toMatchObject({ from: 'bot', reason: 'no-agent' });
    const [session] = await parley.store.visitorSessions(
      (await parley.store.getSession(fallback.sessionId))?.visitorId ?? '',
      1,
    );
    expect(session?.handler).toEqual({ kind: 'queue', id: 'support' });
    socket.close();
    await botProcess.stop();
    await parley.close();
  });
});

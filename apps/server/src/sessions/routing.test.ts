/**
 * Routing to humans end to end (issue 4): real server, real store (memory and Redis), real
 * socket.io clients for visitors, a bot and agents' desks.
 */
import type {
  AckResult,
  BotClientEvents,
  BotServerEvents,
  QueueNotice,
  RouteOutcome,
  RouteTarget,
  SessionEvent,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type AgentClient, connectAgent, nextAgentEvent, setPresence } from '../../test/agent.js';
import { demoBotToken, type RunningParley, type StartOptions, startParley } from '../../test/harness.js';
import { storeKinds } from '../../test/stores.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { DEMO_AGENTS } from '../config/default-config.js';

type BotClient = Socket<BotServerEvents, BotClientEvents>;

const kinds = storeKinds();
afterAll(async () => {
  for (const kind of kinds) await kind.teardown();
});

const ALICE = 'alice@parley.demo';
const BOB = 'bob@parley.demo';
const CAROL = 'carol@parley.demo';

/** The demo, plus Carol (billing, French, one chat at a time) and quick agent grace. */
const withCarol = (base: ParleyConfig): ParleyConfig => ({
  ...base,
  agents: [
    ...base.agents,
    {
      ...(DEMO_AGENTS[0] as (typeof base.agents)[number]),
      id: 'carol',
      name: 'Carol Diaz',
      email: CAROL,
      teams: ['billing'],
      skills: ['french'],
      capacity: 1,
    },
  ],
  agentSettings: { ...base.agentSettings, graceSeconds: 0 },
});

const isStatus = (to: string) => (e: SessionEvent) => e.type === 'session.changed' && e.to === to;

describe.each(kinds)('routing to humans ($name store)', (kind) => {
  let parley: RunningParley;
  let bot: BotClient | undefined;
  const closers: Array<{ close(): unknown }> = [];

  afterEach(async () => {
    for (const socket of closers.splice(0)) socket.close();
    bot?.close();
    bot = undefined;
    await parley.close();
  });

  const start = async (options: StartOptions = {}) => {
    const { store } = await kind.create();
    const { config = (c: ParleyConfig) => c, ...rest } = options;
    parley = await startParley({
      store,
      sweepIntervalMs: 100,
      ...rest,
      config: (base) => config(withCarol(base)),
    });
  };

  const agent = async (email: string, ready = true) => {
    const connected = await connectAgent(parley.url, email);
    closers.push(connected.socket);
    if (ready) await setPresence(connected.socket, { status: 'ready' });
    return connected.socket;
  };

  /** A visitor whose widget is open: a session with the (absent) entry bot. */
  const visitor = async (name?: string) => {
    const { socket } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    closers.push(socket);
    const opened = await socket.timeout(5000).emitWithAck('session.open', {
      info: { page: 'https://shop.example/pricing', ...(name ? { name } : {}) },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    return { socket, sessionId: opened.session.id };
  };

  const handoff = (socket: VisitorClient, sessionId: string) =>
    socket.timeout(5000).emitWithAck('session.handoff', { sessionId }) as Promise<
      AckResult<{ route: RouteOutcome; seq: number }>
    >;

  /** Routes as the entry bot would (`session.route`), with team, agent or skills. */
  const botRoute = async (sessionId: string, target: RouteTarget) => {
    bot ??= io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    const result = await bot.timeout(5000).emitWithAck('session.route', { sessionId, ...target });
    if (!result.ok) throw new Error(result.error.message);
    return result.route;
  };

  const ask = <T extends object>(socket: AgentClient, event: string, payload: object) =>
    (socket.timeout(5000).emitWithAck as (...args: unknown[]) => Promise<AckResult<T>>)(event, payload);

  it('hands a visitor to a ready agent: both ways, typing, close, and the visitor’s rating', async () => {
    await start();
    const alice = await agent(ALICE);
    const { socket, sessionId } = await visitor('Ada');
    const created = nextAgentEvent(alice, 'session.created');
    const assignedSeen = next(socket, 'session.event', isStatus('assigned'));

    // The visitor's own change comes in the ack (issue 16), the assignment after it live.
    expect(await handoff(socket, sessionId)).toMatchObject({
      ok: true,
      route: { outcome: 'assigned', queue: 'support', agent: 'alice' },
      event: { to: 'queued', from: 'bot', reason: 'handoff', by: { role: 'visitor' } },
    });
    expect(await assignedSeen).toMatchObject({ by: { role: 'agent', id: 'alice', name: 'Alice Martin' } });
    const chat = await created;
    expect(chat.session).toMatchObject({
      id: sessionId,
      status: 'assigned',
      visitor: { name: 'Ada', page: 'https://shop.example/pricing' },
      routing: { queue: 'support' },
    });
    expect(chat.events.map((e) => (e.type === 'session.changed' ? e.to : e.type))).toEqual([
      'bot',
      'queued',
      'assigned',
    ]);

    const agentSays = next(socket, 'session.event', (e) => e.type === 'message');
    expect(
      await ask(alice, 'message.send', { sessionId, clientId: 'agent-msg-0001', text: 'Hi Ada!' }),
    ).toMatchObject({
      ok: true,
    });
    expect(await agentSays).toMatchObject({
      text: 'Hi Ada!',
      author: { role: 'agent', name: 'Alice Martin' },
    });

    const visitorSays = nextAgentEvent(alice, 'session.event', (e) => e.type === 'message');
    await socket
      .timeout(5000)
      .emitWithAck('message.send', { sessionId, clientId: 'visitor-msg-01', text: 'Thanks' });
    expect(await visitorSays).toMatchObject({ text: 'Thanks', author: { role: 'visitor' } });

    const visitorTyping = nextAgentEvent(alice, 'typing');
    socket.emit('typing', { sessionId, on: true });
    expect(await visitorTyping).toMatchObject({ sessionId, on: true, author: { role: 'visitor' } });
    const agentTyping = new Promise((resolve) => socket.once('typing', resolve));
    alice.emit('typing', { sessionId, on: true });
    expect(await agentTyping).toMatchObject({ sessionId, author: { role: 'agent', name: 'Alice Martin' } });

    const closed = next(socket, 'session.event', isStatus('closed'));
    expect(await ask(alice, 'session.close', { sessionId })).toMatchObject({ ok: true });
    expect(await closed).toMatchObject({ reason: 'agent', by: { id: 'alice' } });

    const rated = nextAgentEvent(alice, 'session.event', (e) => e.type === 'feedback');
    await socket
      .timeout(5000)
      .emitWithAck('session.feedback', { sessionId, clientId: 'rating-0001', score: 5 });
    expect(await rated).toMatchObject({ feedback: { score: 5 } });
    // The closed chat stays readable by its agent, and takes no more messages.
    expect(
      await ask(alice, 'message.send', { sessionId, clientId: 'agent-msg-0002', text: 'Still there?' }),
    ).toMatchObject({ ok: false, error: { code: 'session_closed' } });
  });

  it('matches the team, the agent and every skill asked for', async () => {
    await start();
    await agent(ALICE);
    await agent(BOB);
    const routeFor = async (target: RouteTarget) => botRoute((await visitor()).sessionId, target);

    expect(await routeFor({ team: 'billing' })).toMatchObject({ outcome: 'assigned', agent: 'bob' });
    expect(await routeFor({ skills: ['english', 'german'] })).toMatchObject({
      outcome: 'assigned',
      agent: 'alice',
    });
    expect(await routeFor({ agent: 'bob' })).toMatchObject({ outcome: 'assigned', agent: 'bob' });
    // Carol alone speaks French, and she is not online.
    expect(await routeFor({ skills: ['french'] })).toEqual({ outcome: 'offline', queue: 'support' });
  });

  it('serves the longest-idle agent first and never past capacity, then queues in order', async () => {
    await start();
    const bob = await agent(BOB); // capacity 2, ready first: longest idle
    const alice = await agent(ALICE); // capacity 3
    const outcomes: RouteOutcome[] = [];
    const visitors: Array<{ socket: VisitorClient; sessionId: string }> = [];
    for (let i = 0; i < 6; i++) {
      const v = await visitor();
      visitors.push(v);
      outcomes.push(await botRoute(v.sessionId, { queue: 'support' }));
    }
    expect(outcomes.map((o) => (o.outcome === 'assigned' ? o.agent : o.outcome))).toEqual([
      'bob',
      'alice',
      'bob',
      'alice',
      'alice',
      'queued',
    ]);
    expect(outcomes[5]).toMatchObject({ position: 1 });

    // Bob frees a chat: the queued visitor goes to him.
    const last = visitors[5] as (typeof visitors)[number];
    const toBob = nextAgentEvent(bob, 'session.created');
    const bobsFirst = visitors[0]?.sessionId;
    expect(await ask(bob, 'session.close', { sessionId: bobsFirst })).toMatchObject({ ok: true });
    expect((await toBob).session.id).toBe(last.sessionId);
    expect(await ask(alice, 'queue.list', {})).toEqual({ ok: true, entries: [] });
  });

  it('keeps visitors in line with live positions and an estimated wait, and serves them in order', async () => {
    await start();
    const bob = await agent(BOB, false); // signed in but not ready: sessions wait for him
    // A session that went offline from the same queue (nobody speaks French) is not in line.
    expect(await botRoute((await visitor()).sessionId, { skills: ['french'] })).toMatchObject({
      outcome: 'offline',
    });
    const line = [];
    for (let i = 0; i < 3; i++) {
      const v = await visitor(`Visitor ${i + 1}`);
      const route = await handoff(v.socket, v.sessionId);
      expect(route).toMatchObject({ ok: true, route: { outcome: 'queued', position: i + 1 } });
      line.push(v);
    }
    const third = line[2] as (typeof line)[number];
    const notices: QueueNotice[] = [];
    third.socket.on('queue', (notice) => notices.push(notice));
    await expect
      .poll(() => notices.at(-1))
      .toEqual({ sessionId: third.sessionId, position: 3, etaSeconds: null });
    const listed = await ask<{ entries: Array<{ position: number; session: { id: string } }> }>(
      bob,
      'queue.list',
      {},
    );
    expect(listed.ok && listed.entries.map((e) => [e.position, e.session.id])).toEqual(
      line.map((v, i) => [i + 1, v.sessionId]),
    );

    const assigned: string[] = [];
    bob.on('session.created', (sync) => assigned.push(sync.session.id));
    await setPresence(bob, { status: 'ready' });
    await expect.poll(() => assigned).toEqual([line[0]?.sessionId, line[1]?.sessionId]);
    // Two waits are known now: the one still in line is first, with an estimate.
    await expect.poll(() => notices.at(-1)).toMatchObject({ position: 1, etaSeconds: expect.any(Number) });
    const desk = await nextAgentEvent(bob, 'queue');
    expect(desk.entries.map((e) => e.session.id)).toEqual([third.sessionId]);
  });

  it('sends the visitor to the offline form when nobody is online, stores the form and shows it to desks', async () => {
    await start();
    const { socket, sessionId } = await visitor('Ada');
    expect(await handoff(socket, sessionId)).toMatchObject({
      ok: true,
      route: { outcome: 'offline', queue: 'support' },
      event: { to: 'offline', reason: 'no-agent' },
    });

    const submit = (fields: Record<string, string>, clientId = 'offline-form-01') =>
      socket.timeout(5000).emitWithAck('offline.submit', { sessionId, clientId, fields });
    expect(await submit({ email: 'ada@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: 'Message is required' },
    });
    expect(await submit({ email: 'ada@example.com', message: 'Call me', coupon: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect((await parley.store.getSession(sessionId))?.status).toBe('offline');

    const bob = await agent(BOB, false);
    const listed = nextAgentEvent(bob, 'offline.new');
    const closed = next(socket, 'session.event', isStatus('closed'));
    const fields = { email: 'ada@example.com', message: 'Please call me back' };
    const sent = await submit(fields);
    expect(sent).toMatchObject({ ok: true });
    expect(await submit(fields)).toEqual(sent); // a retry is the same submission
    expect(await closed).toMatchObject({ reason: 'offline-form' });
    expect(await listed).toMatchObject({ session: { id: sessionId, status: 'closed' }, form: { fields } });

    const alice = await agent(ALICE, false);
    const inbox = await ask<{ entries: Array<{ form: { fields: object } }> }>(alice, 'offline.list', {});
    expect(inbox).toMatchObject({ ok: true, entries: [{ session: { id: sessionId }, form: { fields } }] });
    const log = await ask<{ events: SessionEvent[] }>(alice, 'session.get', { sessionId });
    expect(log.ok && log.events.some((e) => e.type === 'form')).toBe(true);
  });

  it('goes offline outside business hours, even with agents ready', async () => {
    await start({
      config: (c) => ({
        ...c,
        sites: c.sites.map((s) => ({
          ...s,
          businessHours: { timezone: 'Pacific/Kiritimati', days: {}, closedDates: [] },
        })),
      }),
    });
    await agent(ALICE);
    const { socket, sessionId } = await visitor();
    expect(await handoff(socket, sessionId)).toMatchObject({
      ok: true,
      route: { outcome: 'offline' },
      event: { to: 'offline', reason: 'closed-hours' },
    });
  });

  it('sends a session waiting past its queue’s timeout to the offline form', async () => {
    await start({ config: (c) => ({ ...c, queues: c.queues.map((q) => ({ ...q, timeoutSeconds: 0.3 })) }) });
    await agent(ALICE, false);
    const { socket, sessionId } = await visitor();
    const offline = next(socket, 'session.event', isStatus('offline'));
    expect(await handoff(socket, sessionId)).toMatchObject({ ok: true, route: { outcome: 'queued' } });
    expect(await offline).toMatchObject({ from: 'queued', reason: 'queue-timeout' });
  });

  it('sends queued visitors to the offline form when the last matching agent leaves', async () => {
    await start();
    const alice = await agent(ALICE, false);
    const { socket, sessionId } = await visitor();
    await handoff(socket, sessionId);
    const offline = next(socket, 'session.event', isStatus('offline'));
    alice.close();
    expect(await offline).toMatchObject({ from: 'queued', reason: 'no-agent' });
  });

  it('gives the chats of an agent who left to a colleague', async () => {
    await start();
    const alice = await agent(ALICE);
    const { socket, sessionId } = await visitor();
    expect(await handoff(socket, sessionId)).toMatchObject({ ok: true, route: { agent: 'alice' } });
    const bob = await agent(BOB);
    const toBob = nextAgentEvent(bob, 'session.created');
    const requeued = next(socket, 'session.event', isStatus('queued'));
    alice.close();
    expect(await requeued).toMatchObject({ from: 'assigned', reason: 'agent-offline' });
    expect((await toBob).session.id).toBe(sessionId);
  });

  it('transfers to a colleague, refuses a transfer nobody can take, and hands back to the bot', async () => {
    await start();
    const alice = await agent(ALICE);
    const { socket, sessionId } = await visitor();
    await handoff(socket, sessionId);
    const bob = await agent(BOB);

    expect(
      await ask(alice, 'session.transfer', { sessionId, team: 'billing', skills: ['french'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await ask(alice, 'session.transfer', { sessionId, agent: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await ask(alice, 'session.transfer', { sessionId })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect((await parley.store.getSession(sessionId))?.handler).toEqual({ kind: 'agent', id: 'alice' });

    const toBob = nextAgentEvent(bob, 'session.created');
    expect(await ask(alice, 'session.transfer', { sessionId, agent: 'bob' })).toMatchObject({
      ok: true,
      route: { outcome: 'assigned', agent: 'bob' },
      event: { to: 'queued', reason: 'transfer', by: { id: 'alice' } },
    });
    expect((await toBob).session).toMatchObject({ id: sessionId, routing: { agent: 'bob' } });
    expect(
      await ask(alice, 'message.send', { sessionId, clientId: 'agent-msg-0003', text: 'Me again' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const botSocket = io(`${parley.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    closers.push(botSocket);
    const botGetsIt = new Promise<{ session: { id: string } }>((resolve) =>
      botSocket.on('session.created', resolve),
    );
    await new Promise((resolve) => botSocket.once('connect', () => resolve(undefined)));
    const back = next(socket, 'session.event', isStatus('bot'));
    expect(await ask(bob, 'session.handback', { sessionId })).toMatchObject({ ok: true });
    expect(await back).toMatchObject({ from: 'assigned', reason: 'handback', by: { id: 'bob' } });
    expect((await botGetsIt).session.id).toBe(sessionId);
  });

  it('lets an agent take a queued session by hand, and checks every action is theirs to make', async () => {
    await start();
    const alice = await agent(ALICE, false);
    const carol = await agent(CAROL, false);
    const aliceSees: string[][] = [];
    alice.on('queue', ({ entries }) => aliceSees.push(entries.map((e) => e.session.id)));
    const billing = await visitor();
    await botRoute(billing.sessionId, { team: 'billing' });
    const support = await visitor();
    await handoff(support.socket, support.sessionId);

    // Alice is not in billing: she neither sees nor takes that session.
    expect(await ask(alice, 'session.get', { sessionId: billing.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(alice, 'session.accept', { sessionId: billing.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const aliceQueue = await ask<{ entries: Array<{ session: { id: string } }> }>(alice, 'queue.list', {});
    expect(aliceQueue.ok && aliceQueue.entries.map((e) => e.session.id)).toEqual([support.sessionId]);
    // Nor does her desk's live queue carry it.
    await expect.poll(() => aliceSees.at(-1)).toEqual([support.sessionId]);
    expect(aliceSees.flat()).not.toContain(billing.sessionId);

    expect(await ask(carol, 'session.accept', { sessionId: billing.sessionId })).toMatchObject({ ok: true });
    expect(await ask(alice, 'session.accept', { sessionId: billing.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Carol takes one chat at a time.
    await botRoute((await visitor()).sessionId, { team: 'billing' });
    const [, second] = (await parley.store.handlerSessions({ kind: 'queue', id: 'support' })).map(
      (s) => s.id,
    );
    expect(await ask(carol, 'session.accept', { sessionId: second })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(
      await ask(alice, 'message.send', { sessionId: billing.sessionId, clientId: 'not-hers-01', text: 'Hi' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(alice, 'session.close', { sessionId: billing.sessionId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(alice, 'message.send', { sessionId: billing.sessionId, text: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    // A visitor asks for a person only while with the bot, and only in their own session.
    expect(await handoff(support.socket, support.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition' },
    });
    expect(await handoff(support.socket, billing.sessionId)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await parley.store.getSession(support.sessionId))?.status).toBe('queued');
  });
});

/**
 * No echo (issue 16, item 1): a write's event comes back to the socket that wrote it in the ack
 * only, never as `session.event` (or `monitor.event`), while every other audience still hears it
 * once: the visitor's other tab, the bot, the agent's other desk, a monitoring supervisor. Two
 * server processes, each with its own Socket.IO Redis adapter on one private redis-server (the
 * store they share is one in-memory store, standing for the Redis store), and the sockets spread
 * over both, so `except` is seen to hold across processes. Every packet each socket receives is
 * recorded.
 */
import type { AckResult, SessionEvent, Written } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, setPresence } from '../../test/agent.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor } from '../../test/visitor.js';
import { createLogger } from '../logger.js';
import { createRedisAdapter, type RedisAdapter } from '../realtime/redis-adapter.js';
import { createMemoryStore } from '../store/memory-store.js';

/** socket.io-parser's `PacketType.EVENT`: something the server sent of its own accord. */
const EVENT = 2;

/** Every packet a socket's connection receives; `events(seq)`: the session events of that seq pushed to it. */
function record(socket: Socket) {
  const packets: Array<{ type: number; data?: unknown[] }> = [];
  const waiters: Array<() => void> = [];
  socket.io.on('packet', (packet) => {
    packets.push(packet as { type: number; data?: unknown[] });
    for (const wake of waiters.splice(0)) wake();
  });
  const events = (sessionId: string, seq: number): SessionEvent[] =>
    packets.flatMap(({ type, data }) => {
      const [name, event] = (data ?? []) as [string, SessionEvent];
      const pushed = type === EVENT && (name === 'session.event' || name === 'monitor.event');
      return pushed && event.sessionId === sessionId && event.seq === seq ? [event] : [];
    });
  return {
    events,
    /** Resolves once the socket was pushed the event of that seq. */
    async heard(sessionId: string, seq: number): Promise<SessionEvent> {
      while (events(sessionId, seq).length === 0) await new Promise<void>((wake) => waiters.push(wake));
      return events(sessionId, seq)[0] as SessionEvent;
    },
  };
}

type Recorder = ReturnType<typeof record>;

/** The event of an ack (`Written`); fails the test on a refusal. */
const written = (ack: AckResult<object>): SessionEvent => {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code}: ${ack.error.message}`);
  return (ack as unknown as Written).event;
};

describe('no echo of a write to the socket that wrote it (issue 16)', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  const adapters: RedisAdapter[] = [];
  const servers: RunningParley[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const store = createMemoryStore();
    for (const _process of ['A', 'B']) {
      const redisAdapter = await createRedisAdapter({
        url: redis.url,
        key: 'no-echo-test',
        logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
      });
      adapters.push(redisAdapter);
      servers.push(await startParley({ store, redisAdapter }));
    }
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const server of servers.splice(0)) await server.close();
    for (const adapter of adapters.splice(0)) await adapter.close();
    await redis.stop();
  });

  it('acks the writer with the event and pushes it to every other audience once, on both processes', async () => {
    const [a, b] = servers as [RunningParley, RunningParley];
    // Both processes hear each other before anything is written.
    await expect.poll(() => adapters.every((adapter) => !adapter.alone()), { timeout: 10_000 }).toBe(true);

    const tab1 = await connectVisitor(a.url, { origin: a.demoOrigin });
    const tab2 = await connectVisitor(b.url, { origin: b.demoOrigin, token: tab1.token });
    const bot = io(`${b.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    await new Promise<void>((resolve, reject) => {
      bot.once('connect', resolve);
      bot.once('connect_error', reject);
    });
    const desk1 = await connectAgent(a.url, 'bob@parley.demo');
    const desk2 = await connectAgent(b.url, 'bob@parley.demo');
    const supervisor = await connectAgent(b.url, 'alice@parley.demo');
    sockets.push(tab1.socket, tab2.socket, bot, desk1.socket, desk2.socket, supervisor.socket);
    const heard: Record<string, Recorder> = {
      tab1: record(tab1.socket),
      tab2: record(tab2.socket),
      bot: record(bot),
      desk1: record(desk1.socket),
      desk2: record(desk2.socket),
      supervisor: record(supervisor.socket),
    };
    expect(await setPresence(desk1.socket, { status: 'ready' })).toMatchObject({ ok: true });
    const ask = (socket: Socket, event: string, payload: object): Promise<AckResult<object>> =>
      socket.timeout(5000).emitWithAck(event, payload);

    const opened = await ask(tab1.socket, 'session.open', {});
    if (!opened.ok) throw new Error(opened.error.message);
    const sessionId = (opened as unknown as { session: { id: string } }).session.id;
    /** What each write should reach: its writer gets it in the ack only, each of `others` once. */
    const check = async (writer: string, event: SessionEvent, others: string[]) => {
      for (const name of others) expect(await heard[name]?.heard(sessionId, event.seq), name).toEqual(event);
      return { writer, event, others };
    };

    // The visitor, the bot and the agent each write; the other side and the other tabs hear it.
    const checks = [];
    const hello = written(
      await ask(tab1.socket, 'message.send', { sessionId, clientId: 'visitor-hello', text: 'hi' }),
    );
    expect(hello).toMatchObject({
      type: 'message',
      clientId: 'visitor-hello',
      text: 'hi',
      author: { role: 'visitor' },
    });
    checks.push(await check('tab1', hello, ['tab2', 'bot']));
    const answer = written(
      await ask(bot, 'message.send', { sessionId, clientId: 'bot-answer', text: 'Hello!' }),
    );
    expect(answer).toMatchObject({ type: 'message', clientId: 'bot-answer', author: { role: 'bot' } });
    checks.push(await check('bot', answer, ['tab1', 'tab2']));
    // The bot's route: the change that takes the session away comes to it in the ack only.
    const routed = await ask(bot, 'session.route', { sessionId });
    expect(routed).toMatchObject({ ok: true, route: { outcome: 'assigned', agent: 'bob' } });
    const queued = written(routed);
    expect(queued).toMatchObject({ type: 'session.changed', to: 'queued' });
    checks.push(await check('bot', queued, ['tab1', 'tab2']));
    expect(await ask(supervisor.socket, 'monitor.start', { sessionId })).toMatchObject({ ok: true });

    const reply = written(
      await ask(desk1.socket, 'message.send', { sessionId, clientId: 'agent-reply', text: 'Bob here' }),
    );
    checks.push(await check('desk1', reply, ['tab1', 'tab2', 'desk2', 'supervisor']));
    const thanks = written(
      await ask(tab1.socket, 'message.send', { sessionId, clientId: 'visitor-thanks', text: 'thx' }),
    );
    checks.push(await check('tab1', thanks, ['tab2', 'desk1', 'desk2', 'supervisor']));
    const closed = written(await ask(desk1.socket, 'session.close', { sessionId }));
    expect(closed).toMatchObject({ type: 'session.changed', to: 'closed' });
    checks.push(await check('desk1', closed, ['tab1', 'tab2', 'desk2', 'supervisor']));
    const feedback = written(
      await ask(tab1.socket, 'session.feedback', { sessionId, clientId: 'visitor-rating', score: 5 }),
    );
    expect(feedback).toMatchObject({ type: 'feedback', clientId: 'visitor-rating' });
    checks.push(await check('tab1', feedback, ['tab2', 'desk1', 'desk2']));

    // A retried client id acks with the original event; the writer is still never pushed it.
    expect(
      written(await ask(tab1.socket, 'message.send', { sessionId, clientId: 'visitor-thanks', text: 'thx' })),
    ).toEqual(thanks);
    expect(
      written(await ask(bot, 'message.send', { sessionId, clientId: 'bot-answer', text: 'Hello!' })),
    ).toEqual(answer);

    // A writer's echo would have come from its own process, which pushes before it acks: none did.
    // Every other audience heard each event once (the retried two twice, unchanged: a retry is
    // published again in case its first publish was lost, and clients drop a seq they have).
    for (const { writer, event, others } of checks) {
      expect(
        heard[writer]?.events(sessionId, event.seq),
        `${writer} pushed its own seq ${event.seq}`,
      ).toEqual([]);
      // Once each, but for the two retried writes, whose event is published again (unchanged).
      const retried = event === thanks || event === answer;
      for (const name of others) {
        const got = heard[name]?.events(sessionId, event.seq) ?? [];
        if (retried)
          expect(new Set(got.map((e) => JSON.stringify(e)))).toEqual(new Set([JSON.stringify(event)]));
        else expect(got, `${name} heard seq ${event.seq}`).toEqual([event]);
      }
    }
  });
});

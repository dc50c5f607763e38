/**
 * Fault case 3: Redis SIGKILLed while visitors and the bot chat, and started again on the same
 * port and dir: its append-only file (fsync on every write) brings back every write it
 * acknowledged. The server, the bot and the visitors all stay up and carry on by themselves.
 */
import { io } from 'socket.io-client';
import { expect, it } from 'vitest';
import { describeFigures } from '../../test/faults/fault-figures.js';
import { printed } from '../../test/faults/fault-process.js';
import { between, faultWorld, sleep } from '../../test/faults/fault-world.js';
import { DEMO_BOT_TOKEN } from '../config/default-config.js';

const VISITORS = 5;
const MESSAGES = 30;

it('loses nothing and answers each message once when Redis is killed -9 and restarted', async ({
  annotate,
}) => {
  const world = await faultWorld({ servers: 1, durable: true, botDelayMs: 100 });
  const visitors = await world.visitors(VISITORS);
  const chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 100 });

  // Mid-chat: visitors are writing, and the bot (100 ms a message) has a backlog of seconds.
  await sleep(between(500, 1500));
  const pendingAtKill = await world.botPending();
  await world.redis.kill();
  await sleep(between(200, 1000));
  await world.redis.start();
  await chatting;

  const figures = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 60_000 });
  expect(figures.sent).toBe(VISITORS * MESSAGES);
  expect(pendingAtKill, 'sessions the bot had not finished when Redis died').toBeGreaterThan(0);
  // Nobody was restarted: the server and the bot rode it out.
  expect(world.servers.map((s) => [s.starts, s.running])).toEqual([[1, true]]);
  expect([world.bot.starts, world.bot.running]).toEqual([1, true]);
  await annotate(
    `${describeFigures(figures, visitors)}; sessions pending for the bot at the kill: ${pendingAtKill}`,
  );
}, 120_000);

it('keeps the server up when Redis dies with a broadcast of the Socket.IO adapter in flight', async ({
  annotate,
}) => {
  const world = await faultWorld({ servers: 1, durable: true });
  const [server] = world.servers;
  if (!server) throw new Error('no server');
  // Redis stalls, so whatever the server sends it now waits for an answer. A bot connecting makes
  // the server publish through the adapter (the older connections of that bot, in any process,
  // are told to go) without touching the store first; then Redis dies with those PUBLISHes
  // unanswered.
  world.redis.pause();
  const newcomer = io(`${server.url}/bot`, { auth: { token: DEMO_BOT_TOKEN }, transports: ['websocket'] });
  await new Promise((resolve) => newcomer.once('connect', () => resolve(undefined)));
  await sleep(200);
  await world.redis.kill();
  await world.redis.start();
  newcomer.close();
  const healthy = await fetch(`${server.url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
  expect(healthy && server.running, `the server process died:\n${server.output()}`).toBe(true);

  // The old bot was told to stop by the newcomer; a new bot process takes over again.
  await world.bot.kill();
  await world.bot.start();
  const visitors = await world.visitors(2);
  await world.chat(visitors, { messages: 5 });
  const figures = await world.expectNothingLostOrTwice(visitors);
  expect([server.starts, server.running]).toEqual([1, true]);
  await annotate(describeFigures(figures, visitors));
}, 60_000);

it('answers a message whose answer was on its way to Redis when Redis died', async ({ annotate }) => {
  const world = await faultWorld({ servers: 1, durable: true, botDelayMs: 300 });
  const [visitor] = await world.visitors(1);
  if (!visitor) throw new Error('no visitor');
  await world.expectNothingLostOrTwice([visitor]);
  // The message is stored and acked; Redis stalls before the bot, 300 ms later, answers it. The
  // answer reaches the server, whose store call then waits on Redis until Redis dies.
  visitor.say('are you there?');
  await expect.poll(() => visitor.sent[0]?.ack).toBeDefined();
  world.redis.pause();
  await printed('fault-bot saying echo: are you there?', world.bot.output, world.bot.child);
  await sleep(200);
  await world.redis.kill();
  await world.redis.start();

  const figures = await world.expectNothingLostOrTwice([visitor]);
  await annotate(describeFigures(figures, [visitor]));
}, 90_000);

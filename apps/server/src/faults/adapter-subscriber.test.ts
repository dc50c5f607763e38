/**
 * Fault case 6: the Socket.IO adapter's subscribers reconnecting. Two server processes share
 * Redis, visitors on both, the bot on the second. While they chat, every pub/sub connection is
 * killed (`CLIENT KILL TYPE pubsub`) a few times, spaced, the last time just after the visitors'
 * last messages: each server's subscriber is away for a moment, and what the other published
 * meanwhile (a message written on A for the bot on B, the bot's answer for a visitor on A) never
 * reaches it live. Nobody is disconnected, and nothing new comes to reveal a gap: each server
 * tells its own clients to `resync` once its subscriber is back, and `heads` tells every room
 * how far its sessions are, so the bot (SDK) and the visitors (the widget's delivery and live
 * signals) catch up by themselves.
 */
import { expect, it } from 'vitest';
import { describeFigures } from '../../test/faults/fault-figures.js';
import { between, faultWorld, sleep } from '../../test/faults/fault-world.js';

const VISITORS = 6;
/** Messages per visitor while the subscribers are killed now and then. */
const MESSAGES = 18;
/** Kills spaced out while the visitors chat. */
const ROUNDS = 3;
/** How long each storm kills the subscribers again and again (each is back within milliseconds). */
const STORM_MS = 1000;

it('loses nothing and answers each message once while the adapter subscribers reconnect', async ({
  annotate,
}) => {
  const started = performance.now();
  const world = await faultWorld({ servers: 2, botOn: 1, botDelayMs: 300 });
  const [a, b] = world.servers;
  if (!a || !b) throw new Error('two servers');
  // Visitor i prefers server i mod 2: v1, v3, v5 are on A; v2, v4, v6 on B with the bot.
  const visitors = await world.visitors(VISITORS);
  const onA = visitors.filter((_, i) => i % 2 === 0);
  let kills = 0;
  let killed = 0;
  const storm = async () => {
    const { times, total } = await world.redis.repeat(['CLIENT', 'KILL', 'TYPE', 'pubsub'], STORM_MS);
    kills += times;
    killed += total;
  };
  /** Each visitor writes one more message, without waiting for anything. */
  const writeOneEach = () => {
    for (const v of visitors) v.say(`${v.name} #${v.sent.length + 1}`);
  };
  /** The figures, once every message so far is acked, answered once and seen, with nothing written meanwhile. */
  const settled = async () => {
    const written = visitors.map((v) => v.sent.length);
    const figures = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 60_000 });
    expect(visitors.map((v) => v.sent.length)).toEqual(written);
    return figures;
  };

  // 1. Chatting while the subscribers are killed now and then: later events reveal most gaps.
  const chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 200 });
  for (let i = 0; i < ROUNDS; i++) {
    await sleep(between(400, 800));
    kills += 1;
    killed += Number(await world.redis.command(['CLIENT', 'KILL', 'TYPE', 'pubsub']));
  }
  await chatting;
  const chatted = await settled();

  // 2. Messages on A for the bot on B published while B's subscriber is away: the bot hears of
  // them only by catching up (B's resync, A's heads), and its answers for A may be lost in turn.
  const toTheBot = storm();
  await sleep(200);
  writeOneEach();
  await toTheBot;
  const botCaughtUp = await settled();

  // 3. The bot's answers to the last messages published while A's subscriber is away: written,
  // stored and heard by the bot, which answers 300 ms later, in the storm.
  writeOneEach();
  await expect.poll(() => visitors.every((v) => v.sent.at(-1)?.ack)).toBe(true);
  await sleep(100);
  await storm();

  // Nobody writes any more: every answer must reach its visitor without traffic to reveal a gap.
  const figures = await settled();
  expect(figures.sent).toBe(VISITORS * (MESSAGES + 2));
  expect(killed, 'pub/sub connections killed').toBeGreaterThanOrEqual(2 * (ROUNDS + 2));
  expect(
    visitors.map((v) => v.resyncs > 0),
    'every visitor heard its server resync',
  ).toEqual(visitors.map(() => true));
  // No client was disconnected, let alone reloaded; no process restarted.
  expect(visitors.map((v) => [v.reconnects, v.connected])).toEqual(visitors.map(() => [0, true]));
  expect(world.servers.map((s) => [s.starts, s.running])).toEqual([
    [1, true],
    [1, true],
  ]);
  expect([world.bot.starts, world.bot.running]).toEqual([1, true]);

  const sum = (list: typeof visitors, count: (v: (typeof visitors)[number]) => number) =>
    list.reduce((total, v) => total + count(v), 0);
  await annotate(
    `${describeFigures(figures, visitors)} (0/0/0 after the chat, ${chatted.sent} sent, and after the storm ` +
      `on the bot's messages, ${botCaughtUp.sent}); CLIENT KILL TYPE pubsub sent ${kills} times, ` +
      `${killed} subscribers killed; resync heard ${sum(visitors, (v) => v.resyncs)} times, heads heard ` +
      `${sum(visitors, (v) => v.heads)} times, setting off ${sum(visitors, (v) => v.headsResumes)} resumes; events reaching visitors by a resume: ` +
      `${sum(onA, (v) => v.replayed)} on A, ${sum(visitors, (v) => v.replayed) - sum(onA, (v) => v.replayed)} on B; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}, 120_000);

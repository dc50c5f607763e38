/**
 * Fault case 8: Redis stalled (SIGSTOP) for longer than the server's store timeout (5 s) while
 * visitors chat and the bot answers, then going on (SIGCONT). Its connections stay open and what
 * was sent to it waits: each store call that has no answer within 5 s fails as `unavailable`,
 * though Redis may still carry it out once it goes on. The visitors (the widget's delivery) send
 * a write answered `unavailable` again after a backoff, with the same client id; the bot's SDK
 * retries its requests likewise; the server process stays up throughout. Nothing may be lost,
 * stored twice or left unanswered, including the writes Redis carried out after their answer.
 */
import { expect, it } from 'vitest';
import { describeFigures } from '../../test/faults/fault-figures.js';
import { between, faultWorld, sleep } from '../../test/faults/fault-world.js';

const VISITORS = 5;
const MESSAGES = 20;
/** Longer than the store's timeout (5 s): writes made early in the stall are answered `unavailable`. */
const STALL_MS = 8_000;

it('loses nothing and answers each message once when Redis stalls past the store timeout', async ({
  annotate,
}) => {
  const started = performance.now();
  // The bot takes 300 ms an answer: it is behind the visitors, with answers on their way at the stall.
  const world = await faultWorld({ servers: 1, botDelayMs: 300 });
  const [server] = world.servers;
  if (!server) throw new Error('no server');
  const visitors = await world.visitors(VISITORS);
  // About 20 × 250 ms: the visitors are still writing well into the stall.
  const chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 500 });

  await sleep(between(500, 1500));
  const pendingAtStall = await world.botPending();
  world.redis.pause();
  const botBefore = world.bot.output().length;
  await sleep(STALL_MS / 2);
  // The process is alive and serving HTTP while its store does not answer.
  const alive = await fetch(`${server.url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
  await sleep(STALL_MS / 2);
  world.redis.resume();
  // The answers the bot set out to write while Redis did not answer: each had to be retried.
  const answeredInStall = world.bot.output().slice(botBefore).split('fault-bot saying').length - 1;
  await chatting;

  const figures = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 60_000 });
  expect(figures.sent).toBe(VISITORS * MESSAGES);
  expect(alive, 'the server answered /healthz during the stall').toBe(true);
  const unavailable = visitors.flatMap((v) => v.sent).filter((m) => m.refusals.includes('unavailable'));
  expect(unavailable.length, 'writes answered unavailable, then sent again and acked').toBeGreaterThan(0);
  expect(answeredInStall, 'answers the bot wrote during the stall').toBeGreaterThan(0);
  // Nobody was restarted, and no visitor had to reconnect.
  expect([server.starts, server.running]).toEqual([1, true]);
  expect([world.bot.starts, world.bot.running]).toEqual([1, true]);
  expect(visitors.map((v) => v.reconnects)).toEqual(visitors.map(() => 0));

  await annotate(
    `${describeFigures(figures, visitors)}; ${unavailable.length} messages answered unavailable at least once; ` +
      `sessions pending for the bot at the stall: ${pendingAtStall}, answers it set out to write during the ` +
      `stall: ${answeredInStall}; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}, 120_000);

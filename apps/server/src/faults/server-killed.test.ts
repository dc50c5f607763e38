/**
 * Fault case 2: the server process SIGKILLed mid-conversation and started again on the same port,
 * Redis (append-only, fsync always) keeping the sessions. Visitors and the bot process are not
 * restarted: they reconnect by themselves, resync, and resend what was not acked.
 */
import { expect, it } from 'vitest';
import { describeFigures } from '../../test/faults/fault-figures.js';
import { between, faultWorld, sleep } from '../../test/faults/fault-world.js';

const VISITORS = 5;
const MESSAGES = 30;

it('loses nothing and answers each message once when the server is killed -9 and restarted', async ({
  annotate,
}) => {
  const world = await faultWorld({ servers: 1, botDelayMs: 100 });
  const [server] = world.servers;
  if (!server) throw new Error('no server');
  const visitors = await world.visitors(VISITORS);
  const chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 100 });

  // Mid-conversation: visitors are writing and the bot is answering.
  await sleep(between(800, 2000));
  const pendingAtKill = await world.botPending();
  await server.kill();
  await server.start();
  await chatting;

  const figures = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 60_000 });
  expect(figures.sent).toBe(VISITORS * MESSAGES);
  // Every visitor came back by itself, and so did the bot, in the same process.
  expect(visitors.every((v) => v.reconnects >= 1)).toBe(true);
  expect(world.bot.starts).toBe(1);
  expect(world.bot.running).toBe(true);
  await annotate(
    `${describeFigures(figures, visitors)}; sessions pending for the bot at the kill: ${pendingAtKill}`,
  );
}, 120_000);

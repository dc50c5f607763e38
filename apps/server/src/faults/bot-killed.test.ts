/**
 * Fault case 1 (issue 11): the bot process SIGKILLed in the middle of its backlog, three times,
 * and started again each time. Before the processing cursor, 105 to 125 of these 150 messages
 * went unanswered: a bot that died forgot what it had been handed and not yet answered.
 */
import { expect, it } from 'vitest';
import { describeFigures } from '../../test/faults/fault-figures.js';
import { between, faultWorld, sleep } from '../../test/faults/fault-world.js';

const VISITORS = 5;
const MESSAGES = 30;
const HANDLER_MS = 400;
const KILLS = 3;

it('loses nothing and answers each message once when the bot is killed -9 mid-backlog, 3 times', async ({
  annotate,
}) => {
  // One server on Redis; each of the bot's handlers takes 400 ms, so 30 messages a session are a
  // backlog of 12 s that every kill below lands in.
  const world = await faultWorld({ servers: 1, botDelayMs: HANDLER_MS });
  const visitors = await world.visitors(VISITORS);
  const chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 60 });

  const pendingAtKill: number[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    await sleep(between(500, 2500));
    pendingAtKill.push(await world.botPending());
    await world.bot.kill();
    await world.bot.start();
  }
  await chatting;

  // Every kill found the bot with sessions it had not finished.
  expect(
    pendingAtKill.every((pending) => pending > 0),
    `pending at each kill: ${pendingAtKill}`,
  ).toBe(true);
  expect(world.bot.starts).toBe(KILLS + 1);
  const figures = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 90_000 });
  expect(figures.sent).toBe(VISITORS * MESSAGES);
  await annotate(`${describeFigures(figures, visitors)}; sessions pending at the kills: ${pendingAtKill}`);
}, 150_000);

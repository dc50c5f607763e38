/**
 * Fault case 4: two server processes sharing Redis (append-only), visitors spread over both, the
 * bot on the second. First the process the bot is not on is SIGKILLed: its visitors fail over to
 * the survivor. Then, that one started again, the bot's own process is killed and restarted: its
 * visitors fail over, and the bot process reconnects to it by itself.
 */
import { expect, it } from 'vitest';
import { describeFigures } from '../../test/faults/fault-figures.js';
import { between, faultWorld, sleep } from '../../test/faults/fault-world.js';

const VISITORS = 6;
const MESSAGES = 15;

it('loses nothing and answers each message once when either of two servers is killed -9', async ({
  annotate,
}) => {
  const world = await faultWorld({ servers: 2, botOn: 1, botDelayMs: 50 });
  const [a, b] = world.servers;
  if (!a || !b) throw new Error('two servers');
  // Visitor i prefers server i mod 2: v1, v3, v5 are on A; v2, v4, v6 on B with the bot.
  const visitors = await world.visitors(VISITORS);
  const onA = visitors.filter((_, i) => i % 2 === 0);

  let chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 100 });
  await sleep(between(300, 1000));
  await a.kill();
  await chatting;
  const first = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 60_000 });
  expect(first.sent).toBe(VISITORS * MESSAGES);
  expect(
    onA.map((v) => v.reconnects > 0),
    'every visitor of the killed process came back',
  ).toEqual(onA.map(() => true));
  await annotate(`A killed: ${describeFigures(first, visitors)}`);

  await a.start();
  chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 100 });
  await sleep(between(300, 1000));
  const pendingAtKill = await world.botPending();
  await b.kill();
  await b.start();
  await chatting;
  const second = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 60_000 });
  expect(second.sent).toBe(2 * VISITORS * MESSAGES);
  // The bot process was never restarted: it reconnected to B by itself.
  expect([world.bot.starts, world.bot.running]).toEqual([1, true]);
  await annotate(
    `then B (the bot's) killed: ${describeFigures(second, visitors)}; sessions pending for the bot at the kill: ${pendingAtKill}`,
  );
}, 150_000);

/**
 * Fault case 7: the visitors' handshake budget spent by a restart, then recovering. Fifteen
 * visitors chat on a server that lets one address make ten visitor handshakes a minute, and they
 * all come from 127.0.0.1. The server is killed -9 and started again while they chat: every
 * visitor and the bot reconnect at once. Ten visitors get in; the other five are refused
 * `rate_limited` and, as the widget does, come back with backoff by themselves once the
 * minute's budget frees (so the case lasts a little over a minute). The bot has a budget of its
 * own (per bot id), and answers the visitors who are in while the address's budget is spent.
 *
 * The world starts with a large budget and the config says ten before the restart: in a real
 * deployment those fifteen visitors would have arrived over several minutes, not within the
 * minute this case would otherwise wait for at the start.
 */
import { expect, it } from 'vitest';
import { countFigures, describeFigures } from '../../test/faults/fault-figures.js';
import { between, faultWorld, sleep } from '../../test/faults/fault-world.js';

const VISITORS = 15;
/** Visitor handshakes per minute from one address. */
const BUDGET = 10;
const MESSAGES = 8;

it('lets visitors refused for a spent handshake budget back by themselves, the bot never locked out', async ({
  annotate,
}) => {
  const started = performance.now();
  const world = await faultWorld({ servers: 1, botDelayMs: 50 });
  const [server] = world.servers;
  if (!server) throw new Error('no server');
  const visitors = await world.visitors(VISITORS);
  world.reconfigure((config) => ({
    ...config,
    limits: { ...config.limits, connectionsPerMinutePerIp: BUDGET },
  }));

  const chatting = world.chat(visitors, { messages: MESSAGES, pauseMs: 300 });
  await sleep(between(300, 800));
  await server.kill();
  await server.start();
  const restarted = performance.now();
  await chatting;

  // The first wave: as many visitors as the budget; each of the others refused.
  const refusedNow = (v: (typeof visitors)[number]) =>
    !v.connected && v.handshakeRefusals.includes('rate_limited');
  await expect
    .poll(() => visitors.map((v) => (v.connected ? 'in' : refusedNow(v) ? 'refused' : 'trying')).sort(), {
      timeout: 20_000,
    })
    .toEqual([...Array(BUDGET).fill('in'), ...Array(VISITORS - BUDGET).fill('refused')]);
  const firstWave = visitors.filter((v) => v.connected);
  const refused = visitors.filter((v) => !v.connected);

  // While the address's budget is spent, the bot (its own budget) is back and answers everyone
  // who got in: their figures are 0/0/0 before the refused ones could come back.
  const inFirst = await world.expectNothingLostOrTwice(firstWave, { timeoutMs: 30_000 });
  const firstSettled = performance.now();
  expect(
    refused.map((v) => v.connected),
    'the refused visitors are still waiting for the budget',
  ).toEqual(refused.map(() => false));
  const pending = await countFigures(world.store, refused);
  expect(pending.pending, 'the refused visitors have messages waiting in their outboxes').toBeGreaterThan(0);

  // Then the minute passes: the refused visitors come back by themselves, and everything is sent,
  // answered once and seen.
  const figures = await world.expectNothingLostOrTwice(visitors, { timeoutMs: 150_000 });
  const back = performance.now();
  expect(figures.sent).toBe(VISITORS * MESSAGES);
  // With backoff: a few tries each in the minute, not one every few hundred milliseconds.
  const tries = refused.map((v) => v.handshakeRefusals.filter((code) => code === 'rate_limited').length);
  expect(Math.max(...tries), 'refused handshakes per visitor').toBeLessThan(20);
  // The bot was never refused, and nothing restarted but the server.
  expect(world.bot.output()).not.toContain('rate_limited');
  expect([world.bot.starts, world.bot.running]).toEqual([1, true]);
  expect([server.starts, server.running]).toEqual([2, true]);

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  await annotate(
    `${describeFigures(figures, visitors)}; ${firstWave.length} visitors back at once, ${refused.length} ` +
      `refused (${tries.join(', ')} tries each); those in answered ${seconds(firstSettled - restarted)} after ` +
      `the restart (${inFirst.sent} messages), everyone after ${seconds(back - restarted)}; ` +
      `${seconds(back - started)} in all`,
  );
}, 180_000);

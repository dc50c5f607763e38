/**
 * Fault case 5: a bot that has handled more than 5,000 sessions drops its connection and
 * catches up. In process (the harness's server on a private Redis), driving sessions through the
 * session service, as the visitor namespace would, in batches. A bot that remembered every session
 * it ever had grew without bound and asked the server about all of them on every reconnect; the
 * SDK lets go of a closed session after `lingerMs`, and the server's backlog keeps only what is
 * open or unfinished.
 */
import { randomUUID } from 'node:crypto';
import { createBot } from '@parley/bot';
import { expect, it, onTestFinished } from 'vitest';
import { describeFigures, expectNothingLostOrTwice } from '../../test/faults/fault-figures.js';
import { startFaultVisitor } from '../../test/faults/fault-visitor.js';
import { FAULT_ORIGIN } from '../../test/faults/fault-world.js';
import { demoBotToken, startParley } from '../../test/harness.js';
import { startRedis } from '../../test/redis-server.js';
import { createRedisStore } from '../store/redis-store.js';

const SESSIONS = 5100;
const BATCH = 100;

it('catches up after a drop, remembering little, once it has handled over 5,000 sessions', async ({
  annotate,
}) => {
  const redis = await startRedis();
  onTestFinished(() => redis.stop());
  const store = await createRedisStore({ url: redis.url, prefix: `faults-${randomUUID()}:` });
  const parley = await startParley({
    store,
    config: (base) => ({ ...base, sites: base.sites.map((s) => ({ ...s, allowedOrigins: [FAULT_ORIGIN] })) }),
  });
  onTestFinished(async () => {
    await parley.close();
    await store.close();
  });
  const bot = createBot({ url: parley.url, token: demoBotToken, lingerMs: 50 });
  onTestFinished(() => bot.close());
  // What the bot reported, named when a welcome is missing (a failure must say why).
  const botErrors: string[] = [];
  bot.on('error', (error) => botErrors.push(error instanceof Error ? error.message : String(error)));
  bot.on('session.created', (session) => session.say('welcome'));
  bot.on('message', (session, message) => session.say(`echo: ${message.text}`));
  await bot.ready;

  const site = parley.config.sites[0];
  if (!site) throw new Error('no site');
  const { service } = parley.server;
  let remembered = 0;
  for (let opened = 0; opened < SESSIONS; opened += BATCH) {
    const visitors = await Promise.all(Array.from({ length: BATCH }, () => store.createVisitor(site.key)));
    const refs = visitors.map(({ visitorId }) => ({ site, visitorId }));
    const sessions = await Promise.all(
      refs.map(async (ref) => ({ ref, session: await service.openForVisitor(ref, {}) })),
    );
    // Each one welcomed (its second entry), then closed by its visitor. The bound is only there
    // to end a hang: on a loaded machine a batch may take a while.
    const unwelcomed = async () => {
      const now = await Promise.all(sessions.map(({ session }) => store.getSession(session.id)));
      return now.filter((s) => (s?.lastSeq ?? 0) < 2);
    };
    await expect
      .poll(async () => (await unwelcomed()).length, { timeout: 60_000 })
      .toBe(0)
      .catch(async () => {
        const missing = (await unwelcomed()).map((s) => ({
          id: s?.id,
          status: s?.status,
          handler: s?.handler,
          lastSeq: s?.lastSeq,
        }));
        throw new Error(
          `Not welcomed in batch ${opened / BATCH}: ${JSON.stringify(missing)}; the bot holds ${bot.sessionCount} sessions and reported ${JSON.stringify(botErrors.slice(-10))}`,
        );
      });
    const closed = await Promise.all(
      sessions.map(({ ref, session }) => service.visitorClose(ref, session.id)),
    );
    expect(closed.every((c) => c.ok)).toBe(true);
    remembered = Math.max(remembered, bot.sessionCount);
  }
  // The bot let go of them all, and so did the server: nothing open, nothing unfinished.
  await expect.poll(() => bot.sessionCount, { timeout: 30_000 }).toBe(0);
  await expect.poll(() => store.botBacklog('welcome'), { timeout: 30_000 }).toEqual([]);

  // The bot drops, and cannot come back until the visitor has written.
  let away = true;
  parley.server.io
    .of('/bot')
    .use((_socket, next) =>
      away
        ? next(Object.assign(new Error('away'), { data: { code: 'unavailable', message: 'Storage away' } }))
        : next(),
    );
  parley.dropConnections('/bot');
  await expect.poll(() => bot.connected).toBe(false);
  const visitor = await startFaultVisitor({ name: 'late', urls: [parley.url], origin: FAULT_ORIGIN });
  onTestFinished(() => visitor.close());
  visitor.say('still there?');
  await expect.poll(() => visitor.sent[0]?.ack).toBeDefined();
  away = false;

  const figures = await expectNothingLostOrTwice(store, [visitor]);
  // What the bot remembers, and what the server keeps for it, is the one open session.
  expect(bot.sessionCount).toBe(1);
  expect((await store.botBacklog('welcome')).map((entry) => entry.sessionId)).toEqual([visitor.sessionId]);
  // Bounded by what is in flight (about a batch), not by the 5,100 it handled.
  expect(remembered, 'sessions the bot remembered at most while they came and went').toBeLessThan(
    SESSIONS / 10,
  );
  await annotate(
    `${SESSIONS} sessions welcomed and closed; the bot remembered ${remembered} at most; then ${describeFigures(figures, [visitor])}`,
  );
}, 240_000);

/**
 * One fault case's world, all real processes: a private redis-server, N built server processes
 * (`apps/server/dist/index.js`) sharing it, the SDK bot (`fault-bot.mjs`) on one of them, and
 * visitors driven as the widget behaves. Every process can be SIGKILLed and started again on the
 * same port. Everything is torn down when the test ends, pass or fail, and a failing test prints
 * the processes' output.
 *
 * A new case is a few lines: start a world, chat, do harm while chatting, check the figures.
 * @example
 * // Redis stalled past the store's command timeout, then going on:
 * const world = await faultWorld({ servers: 1 });
 * const visitors = await world.visitors(4);
 * const chatting = world.chat(visitors, { messages: 20 });
 * world.redis.pause(); await sleep(8000); world.redis.resume();
 * await chatting;
 * await world.expectNothingLostOrTwice(visitors);
 *
 * // The Socket.IO adapter's subscribers reconnecting (adapter-subscriber.test.ts):
 * //   faultWorld({ servers: 2, botOn: 1 }), world.redis.repeat(['CLIENT', 'KILL', 'TYPE', 'pubsub'], 1000)
 * // The handshake budget spent, then recovering (handshake-budget.test.ts): world.reconfigure(...)
 * //   lowers limits.connectionsPerMinutePerIp, then a server is killed and started so that every
 * //   visitor and the bot reconnect at once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as v from 'valibot';
import { onTestFailed, onTestFinished } from 'vitest';
import type { ParleyConfigSchema } from '../../src/config/config-schema.js';
import { DEMO_BOT_TOKEN } from '../../src/config/default-config.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { createTestDatabase } from '../postgres.js';
import { freePort } from '../redis-server.js';
import { expectNothingLostOrTwice, type Figures } from './fault-figures.js';
import { answers, printed, type Restartable, restartable } from './fault-process.js';
import { type FaultRedis, startFaultRedis } from './fault-redis.js';
import { type FaultVisitor, startFaultVisitor } from './fault-visitor.js';

/** The config file the servers read (PARLEY_CONFIG), as written (before defaults). */
export type FaultConfig = v.InferInput<typeof ParleyConfigSchema>;

export interface FaultWorldOptions {
  /** Server processes sharing the one Redis (default 1). */
  servers?: number;
  /** Redis with an append-only file, fsync on every write (default true). */
  durable?: boolean;
  /** Which server the bot connects to (default 0). */
  botOn?: number;
  /** How long each of the bot's handlers takes (default 0). */
  botDelayMs?: number;
  /** How long the bot remembers a session it let go of (default 2 s). */
  botLingerMs?: number;
  /** Changes to the servers' config (limits for a case about limits, say). */
  config?: (base: FaultConfig) => FaultConfig;
}

export interface FaultServer extends Restartable {
  url: string;
}

export interface FaultWorld {
  redis: FaultRedis;
  servers: FaultServer[];
  bot: Restartable;
  /** The test's own view of the data, over the same Redis (it reconnects by itself). */
  store: SessionStore;
  /** The page origin the site allows. */
  origin: string;
  /**
   * Connects `count` visitors, spread over the servers: visitor i prefers server i mod N and fails
   * over to the others in turn. Each opens its session (the bot welcomes it).
   */
  visitors(count: number): Promise<FaultVisitor[]>;
  /**
   * Each visitor writes `messages` messages ("<name> #<n>", n counting on across calls) without
   * waiting for replies, a random pause of up to `pauseMs` between two; resolves once all are
   * written (not yet acked).
   */
  chat(visitors: readonly FaultVisitor[], options: { messages: number; pauseMs?: number }): Promise<void>;
  /** See `expectNothingLostOrTwice` (`fault-figures.ts`), over this world's store. */
  expectNothingLostOrTwice(
    visitors: readonly FaultVisitor[],
    options?: { timeoutMs?: number },
  ): Promise<Figures>;
  /** Sessions the bot has not finished handling (its backlog, short of each session's end). */
  botPending(): Promise<number>;
  /**
   * Changes the config file the servers read; each one reads it at its next start. For a limit
   * that would be in the way while the world is set up (a handshake budget, say).
   */
  reconfigure(change: (config: FaultConfig) => FaultConfig): void;
}

export const FAULT_ORIGIN = 'http://faults.example';
const BOT_ID = 'welcome';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A random whole number of milliseconds in [min, max). */
export const between = (min: number, max: number) => Math.floor(min + Math.random() * (max - min));

/**
 * Starts a fault case's world; call it inside the test (it registers its own teardown there).
 * @example const world = await faultWorld({ servers: 1, botDelayMs: 400 });
 */
export async function faultWorld(options: FaultWorldOptions = {}): Promise<FaultWorld> {
  const { servers: serverCount = 1, durable = true, botOn = 0, botDelayMs = 0, botLingerMs = 2000 } = options;
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const outputs: Array<{ name: string; output: () => string }> = [];
  const visitors: FaultVisitor[] = [];
  // Registered first, so that whatever started before a failure is stopped too.
  onTestFinished(async () => {
    for (const visitor of visitors) visitor.close();
    for (const close of closers.reverse()) await close();
  });
  // Annotations are closed by now; the runner shows a failed test's stderr with it.
  onTestFailed(() => {
    for (const { name, output } of outputs)
      process.stderr.write(`===== ${name}\n${output().slice(-20_000)}\n`);
  });

  const redis = await startFaultRedis({ durable });
  closers.push(() => redis.stop());
  // The servers keep their records in one PostgreSQL database, as a deployment of several
  // processes does (an embedded PGlite is one process's, and is not made to be killed -9).
  const database = await createTestDatabase('faults');
  closers.push(() => database.drop());

  const base: FaultConfig = {
    sites: [
      {
        key: 'demo',
        allowedOrigins: [FAULT_ORIGIN],
        entry: { bot: BOT_ID },
        // The cases are about the bot coming back: its sessions wait for it, not for a fallback.
        botGraceSeconds: 3600,
      },
    ],
    bots: [{ id: BOT_ID, name: 'Fault bot', token: DEMO_BOT_TOKEN }],
    // Every visitor and every reconnect comes from 127.0.0.1.
    limits: { connectionsPerMinutePerIp: 10_000 },
  };
  const dir = mkdtempSync(join(tmpdir(), 'parley-faults-'));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'parley.json');
  let config = options.config ? options.config(base) : base;
  writeFileSync(configPath, JSON.stringify(config));
  const prefix = `faults-${randomUUID()}:`;

  const servers: FaultServer[] = [];
  for (let i = 0; i < serverCount; i++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const name = `server ${String.fromCharCode(65 + i)}`;
    const server = await restartable({
      name,
      entry: 'apps/server/dist/index.js',
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        REDIS_PREFIX: prefix,
        DATABASE_URL: database.url,
        PARLEY_CONFIG: configPath,
        DEMO_PORT: 'off',
        LOG_LEVEL: 'warn',
      },
      ready: ({ child }) => answers(`${url}/healthz`, child),
    });
    closers.push(() => server.kill());
    outputs.push({ name, output: server.output });
    servers.push(Object.assign(server, { url }));
  }

  const botUrl = servers[botOn]?.url;
  if (!botUrl) throw new Error(`No server ${botOn} for the bot`);
  const bot = await restartable({
    name: 'bot',
    entry: 'apps/server/test/faults/fault-bot.mjs',
    args: [botUrl, DEMO_BOT_TOKEN, String(botDelayMs), String(botLingerMs)],
    ready: ({ child, output }) => printed('fault-bot ready', output, child),
  });
  closers.push(() => bot.kill());
  outputs.push({ name: 'bot', output: bot.output });

  const store = await createRedisStore({
    url: redis.url,
    prefix,
    // The test's reader sees Redis go away in the Redis cases; it reconnects by itself.
    onError: () => {},
  });
  closers.push(() => store.close());

  return {
    redis,
    servers,
    bot,
    store,
    origin: FAULT_ORIGIN,

    async visitors(count) {
      const started = await Promise.all(
        Array.from({ length: count }, (_, i) => {
          const urls = servers.map((_, k) => servers[(i + k) % servers.length]?.url as string);
          return startFaultVisitor({ name: `v${visitors.length + i + 1}`, urls, origin: FAULT_ORIGIN });
        }),
      );
      visitors.push(...started);
      return started;
    },

    async chat(chatting, { messages, pauseMs = 50 }) {
      await Promise.all(
        chatting.map(async (visitor) => {
          for (let i = 1; i <= messages; i++) {
            visitor.say(`${visitor.name} #${visitor.sent.length + 1}`);
            await sleep(between(0, pauseMs));
          }
        }),
      );
    },

    expectNothingLostOrTwice: (checked, checkOptions) =>
      expectNothingLostOrTwice(store, checked, checkOptions),

    async botPending() {
      const backlog = await store.botBacklog(BOT_ID);
      const sessions = await Promise.all(backlog.map((entry) => store.getSession(entry.sessionId)));
      return backlog.filter((entry, i) => entry.handled < (entry.leftAt ?? sessions[i]?.lastSeq ?? 0)).length;
    },

    reconfigure(change) {
      config = change(config);
      writeFileSync(configPath, JSON.stringify(config));
    },
  };
}

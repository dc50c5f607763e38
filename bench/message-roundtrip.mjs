import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createBot } from '@parley/bot';
import { createClient } from 'redis';
import { io } from 'socket.io-client';
import { DEMO_BOT_TOKEN, defaultConfig } from '../apps/server/dist/config/default-config.js';
import {
  createRecordsWriter,
  RECORDS_CONSUMER,
  recordsLagMs,
} from '../apps/server/dist/consumers/records-writer.js';
import { startRecordsWriterThread } from '../apps/server/dist/consumers/records-writer-thread.js';
import { createServer } from '../apps/server/dist/create-server.js';
import { createLogger } from '../apps/server/dist/logger.js';
import { createRedisAdapter } from '../apps/server/dist/realtime/redis-adapter.js';
import { startPgliteThread } from '../apps/server/dist/records/pglite-thread.js';
import { createPostgresRecords } from '../apps/server/dist/records/postgres-records.js';
import { createMemoryStore } from '../apps/server/dist/store/memory-store.js';
import { createRedisStore } from '../apps/server/dist/store/redis-store.js';
import { startRelay } from './bare-relay.mjs';
import { benchDatabase } from './bench-postgres.mjs';
import { startRedis } from './bench-redis.mjs';
import { mainThreadCpuUs } from './proc-cpu.mjs';
import { quantile } from './stats.mjs';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 50);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20);
/**
 * The paced runs (issue 16's CPU per message at 2,000 msg/s and p99 at 1,000 msg/s): the rates,
 * comma-separated (`off` for none), and how long each run lasts.
 */
const PACES =
  process.env.BENCH_PACES === 'off'
    ? []
    : (process.env.BENCH_PACES ?? '1000,2000')
        .split(',')
        .map(Number)
        .filter((n) => n > 0);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10);
/** How many times each rate's pair runs (a p99 rides on a few stalls: one run says little). */
const PACED_ROUNDS = Number(process.env.BENCH_PACED_ROUNDS ?? 2);
const GIVE_UP_MS = 60_000;
/** A reply not seen this long after its send counts as dropped; the visitor moves on. */
const REPLY_TIMEOUT_MS = 5_000;
const ORIGIN = 'https://shop.bench.example';

/** Nearest-rank percentile of ascending `sorted`, rounded to 0.01 ms. */
const pct = (sorted, p) =>
  Math.round((sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN) * 100) / 100;
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99) };
};

/** Deletes every key under `prefix` (the bench may be sharing REDIS_URL with other data). */
async function deleteKeys(url, prefix) {
  const client = createClient({ url });
  client.on('error', (err) => console.error('redis cleanup:', err.message));
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
  client.destroy();
}

/** Connects like the widget does, resolving once the server has sent the visitor's identity. */
async function connectVisitor(url) {
  const socket = io(`${url}/visitor`, {
    transports: ['websocket'],
    extraHeaders: { origin: ORIGIN },
    auth: { siteKey: 'demo' },
    forceNew: true,
  });
  await new Promise((resolve, reject) => {
    socket.once('identity', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves true when the bot's `text` reaches the visitor, false after REPLY_TIMEOUT_MS. */
function nextReply(socket, text) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), REPLY_TIMEOUT_MS);
    const listener = (event) => {
      if (event.type === 'message' && event.author.role === 'bot' && event.text === text) done(true);
    };
    const done = (seen) => {
      clearTimeout(timer);
      socket.off('session.event', listener);
      resolve(seen);
    };
    socket.on('session.event', listener);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One visitor's conversation: `messages` messages, each sent after the previous one's reply; with
 * a `pace` (the messages a second of all visitors together), each also waits for its turn on a
 * fixed schedule (the visitors' turns spread evenly), and its latencies count from that turn, so
 * a reply that came late also delays the next message's figures (no coordinated omission).
 */
async function converse(socket, index, out, { messages, pace }) {
  let sessionId;
  const intervalMs = pace ? (VISITORS / pace) * 1000 : 0;
  const firstTurn = performance.now() + (index * intervalMs) / VISITORS;
  for (let m = 0; m < messages && !out.stopped; m++) {
    const text = `ping ${index}.${m}`;
    const turn = firstTurn + m * intervalMs;
    if (pace && turn > performance.now()) await sleep(turn - performance.now());
    const replied = nextReply(socket, `echo: ${text}`);
    // A timer may fire a little early: then the message left before its turn, and counts from then.
    const start = pace ? Math.min(turn, performance.now()) : performance.now();
    const ack = await socket
      .timeout(REPLY_TIMEOUT_MS)
      .emitWithAck('message.send', { sessionId, clientId: `bench-${index}-${m}-${randomUUID()}`, text })
      .catch((err) => ({ ok: false, error: { code: 'timeout', message: err.message } }));
    out.ack.push(performance.now() - start);
    if (!ack.ok) {
      out.errors.push(`visitor ${index} message ${m}: ${ack.error.code} ${ack.error.message}`);
      continue;
    }
    sessionId = ack.sessionId;
    if (await replied) out.roundTrip.push(performance.now() - start);
    else out.dropped++;
  }
}

/**
 * Redis's own counters: commands run so far (`INFO commandstats`, which counts each call a Lua
 * script makes too, not only what crossed the network), and the CPU seconds it used (INFO).
 */
async function redisCounters(url) {
  const client = createClient({ url });
  client.on('error', (err) => console.error('redis info:', err.message));
  await client.connect();
  try {
    const stats = await client.info('commandstats');
    const cpu = await client.info('cpu');
    const calls = [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const seconds = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0);
    return { calls, cpuSeconds: seconds('used_cpu_user') + seconds('used_cpu_sys') };
  } finally {
    client.destroy();
  }
}

/**
 * The cost of a stretch of the run per message answered: this process's CPU (the server, the bot
 * and the visitors: the same client code for Parley and the relay) and, with `redisUrl`, Redis's
 * commands and CPU. Call the result when the stretch ends.
 */
async function costMeter(redisUrl) {
  const cpu = process.cpuUsage();
  // The main thread's alone too (the chats', the visitors' and the bot's): without the worker
  // threads (the records writer's, PGlite's), the garbage collector's helpers and libuv's pool.
  const main = mainThreadCpuUs();
  // Redis's INFO calls themselves count; a handful against thousands of messages.
  const redis = redisUrl ? await redisCounters(redisUrl) : undefined;
  return async (messages) => {
    const used = process.cpuUsage(cpu);
    const after = redisUrl ? await redisCounters(redisUrl) : undefined;
    const per = (value) => Math.round((value / Math.max(1, messages)) * 10) / 10;
    return {
      processCpuUsPerMessage: per(used.user + used.system),
      mainThreadCpuUsPerMessage: per(mainThreadCpuUs() - main),
      ...(redis && after
        ? {
            redisCommandsPerMessage: per(after.calls - redis.calls),
            redisCpuUsPerMessage: per((after.cpuSeconds - redis.cpuSeconds) * 1e6),
          }
        : {}),
    };
  };
}

/**
 * A Parley server on `store` (and records, when given: their writer inline, or `elsewhere` when a
 * writer thread runs apart), listening on a free port; resolves with it and its url.
 */
async function startParley(store, { records, recordsWriter = 'inline', redisAdapter } = {}) {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  // Limits lifted (the rest kept as they are): the one bot answers every visitor over one socket,
  // and the default events per 10 s would make this a measurement of the rate limiter, not the
  // message path.
  const base = defaultConfig([ORIGIN]);
  const config = {
    ...base,
    limits: {
      ...base.limits,
      eventsPer10Seconds: 1_000_000,
      botEventsPer10Seconds: 1_000_000,
      connectionsPerMinutePerIp: 1_000_000,
    },
  };
  const recordsIdleMs = Number(process.env.BENCH_RECORDS_IDLE_MS ?? 0);
  const server = await createServer({
    config,
    store,
    logger,
    ...(records ? { records, recordsWriter } : {}),
    ...(recordsIdleMs ? { recordsIdleMs } : {}),
    ...(redisAdapter ? { redisAdapter } : {}),
  });
  try {
    return { server, url: await server.listen({ port: 0 }) };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** The echo bot on `url`: it answers every visitor's message. */
function echoBot(url) {
  const bot = createBot({ url, token: DEMO_BOT_TOKEN });
  bot.on('message', (session, message) => session.say(`echo: ${message.text}`));
  return bot;
}

/**
 * Runs the whole exchange against one store (and records, when given: their writer inline, or
 * `elsewhere` when a writer thread runs apart); returns its figures.
 */
async function runStore(
  name,
  store,
  records,
  recordsWriter = 'inline',
  { redisAdapter, redisUrl, pace } = {},
) {
  const { server, url } = await startParley(store, { records, recordsWriter, redisAdapter });
  let bot;
  try {
    bot = echoBot(url);
    return await drive(name, url, {
      ready: bot.ready,
      redisUrl,
      pace,
      onBotError: (listener) => bot.on('error', listener),
      // How far behind the records were when the load stopped: the oldest change not yet written.
      after: async () => {
        if (!records) return {};
        return { recordsLagMs: await recordsLagMs(store, Date.now()) };
      },
    });
  } finally {
    await bot?.close();
    await server.close();
  }
}

/**
 * Issue 16's cross-process latency: two Parley servers sharing one Redis (the store and the
 * Socket.IO adapter, each server its own connections, as two processes would have), the visitors
 * on one and the bot on the other, so that every message and every reply crosses Redis from one
 * server to the other. Both servers run in this process: the figures are of the path, not of
 * two processes' CPU.
 */
async function runCrossProcess(redis) {
  const prefix = `bench-${randomUUID()}:`;
  const servers = [];
  const closers = [];
  let bot;
  try {
    for (let i = 0; i < 2; i += 1) {
      const store = await createRedisStore({
        url: redis.url,
        prefix,
        onError: (err) => console.error('redis store:', err.message),
      });
      closers.push(() => store.close());
      const redisAdapter = await createRedisAdapter({
        url: redis.url,
        key: `${prefix}socket.io`,
        logger: createLogger('error'),
      });
      closers.push(() => redisAdapter.close());
      const parley = await startParley(store, { redisAdapter });
      closers.push(() => parley.server.close());
      servers.push(parley);
    }
    bot = echoBot(servers[1].url);
    return await drive('redis + adapter, visitors and bot on two servers (cross-process)', servers[0].url, {
      ready: bot.ready,
      redisUrl: redis.url,
      onBotError: (listener) => bot.on('error', listener),
    });
  } finally {
    await bot?.close();
    for (const close of closers.reverse()) await close();
    await deleteKeys(redis.url, prefix);
  }
}

/**
 * Connects the visitors to `url` once `ready`, runs their conversations, and returns the figures
 * (with what `after` adds); gives up after GIVE_UP_MS. The same for Parley and the bare relay.
 */
async function drive(name, url, { ready, redisUrl, onBotError, after, pace }) {
  const messages = pace ? Math.max(1, Math.round((pace * PACED_SECONDS) / VISITORS)) : MESSAGES;
  const sockets = [];
  const out = { ack: [], roundTrip: [], errors: [], dropped: 0, stopped: false };
  onBotError?.((err) => out.errors.push(`bot: ${err.message}`));
  let timer;
  const giveUp = new Promise((_, reject) => {
    timer = setTimeout(() => {
      out.stopped = true;
      const first = out.errors[0] ? `; first error: ${out.errors[0]}` : '';
      const done = `${out.ack.length} sent, ${out.roundTrip.length} answered, ${out.errors.length} errors`;
      reject(new Error(`${name}: gave up after ${GIVE_UP_MS / 1000} s (${done}${first})`));
    }, GIVE_UP_MS);
  });
  try {
    await Promise.race([ready, giveUp]);
    const connecting = Array.from({ length: VISITORS }, () => connectVisitor(url));
    // Kept as they connect, so cleanup closes them even if another one fails; that failure
    // is reported by the Promise.all below.
    for (const pending of connecting)
      pending.then(
        (socket) => sockets.push(socket),
        () => {},
      );
    await Promise.race([Promise.all(connecting), giveUp]);
    const meter = await costMeter(redisUrl);
    const start = performance.now();
    await Promise.race([
      Promise.all(sockets.map((socket, i) => converse(socket, i, out, { messages, pace }))),
      giveUp,
    ]);
    const seconds = (performance.now() - start) / 1000;
    const cost = await meter(out.roundTrip.length);
    return {
      ...(after ? await after() : {}),
      store: pace ? `${name} at ${pace} msg/s` : name,
      ...cost,
      ...(pace ? { pace } : {}),
      visitors: VISITORS,
      messagesEach: messages,
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: Math.round(out.roundTrip.length / seconds),
      ackMs: summary(out.ack),
      roundTripMs: summary(out.roundTrip),
      replies: out.roundTrip.length,
      dropped: out.dropped,
      errors: out.errors.slice(0, 20),
      errorCount: out.errors.length,
    };
  } finally {
    clearTimeout(timer);
    for (const socket of sockets) socket.close();
  }
}

/**
 * Issue 16's comparison, on the same Redis: Parley (the Redis store and the Socket.IO Redis
 * adapter, as `index.ts` runs with REDIS_URL) against the bare relay (the same adapter, nothing
 * stored), one after the other; each row with its costs per message answered.
 */
async function runAgainstRelay(redis, pace) {
  const prefix = `bench-${randomUUID()}:`;
  const store = await createRedisStore({
    url: redis.url,
    prefix,
    onError: (err) => console.error('redis store:', err.message),
  });
  const redisAdapter = await createRedisAdapter({
    url: redis.url,
    key: `${prefix}socket.io`,
    logger: createLogger('error'),
  });
  let parley;
  try {
    parley = await runStore('redis + adapter (Parley)', store, undefined, 'inline', {
      redisAdapter,
      redisUrl: redis.url,
      pace,
    });
  } finally {
    await redisAdapter.close();
    await store.close();
    await deleteKeys(redis.url, prefix);
  }
  const relay = await startRelay({ redisUrl: redis.url, key: `${prefix}relay` });
  try {
    const bare = await drive('bare Socket.IO relay (same adapter)', relay.url, {
      ready: Promise.resolve(),
      redisUrl: redis.url,
      pace,
    });
    const ratio = (a, b) => Math.round((a / b) * 100) / 100;
    parley.vsRelay = {
      throughput: ratio(parley.messagesPerSecond, bare.messagesPerSecond),
      processCpu: ratio(parley.processCpuUsPerMessage, bare.processCpuUsPerMessage),
      p99: ratio(parley.roundTripMs.p99, bare.roundTripMs.p99),
    };
    return [parley, bare];
  } finally {
    await relay.close();
  }
}

/**
 * One run on a fresh Redis prefix whose store tracks the records writer's pending sessions. The
 * writer runs where `index.ts` runs it with `REDIS_URL`: with `thread` a PostgreSQL url, in a thread
 * of its own; with `thread` `'pglite'`, in the thread of embedded records opened for this run (in
 * a temporary directory); otherwise (`records` given) on the chats' thread, which `index.ts` no longer does.
 */
async function runRedis(redis, name, records, after, thread) {
  const prefix = `bench-${randomUUID()}:`;
  const store = await createRedisStore({
    url: redis.url,
    prefix,
    consumers: [RECORDS_CONSUMER],
    onError: (err) => console.error('redis store:', err.message),
  });
  const writerOptions = { redisUrl: redis.url, redisPrefix: prefix };
  // PGlite's files in a directory of the run's own, as `npm start` keeps them (PARLEY_DATA_DIR).
  const dataDir = thread === 'pglite' ? await mkdtemp(join(tmpdir(), 'parley-bench-pglite-')) : undefined;
  const pglite =
    dataDir === undefined
      ? undefined
      : await startPgliteThread({ dataDir, writer: writerOptions, logLevel: 'error' }, createLogger('error'));
  const writer =
    thread && !pglite
      ? await startRecordsWriterThread(
          { ...writerOptions, databaseUrl: thread, logLevel: 'error' },
          createLogger('error'),
        )
      : undefined;
  try {
    const result = await runStore(name, store, pglite ?? records, thread ? 'elsewhere' : 'inline', {
      redisUrl: redis.url,
    });
    if (after) Object.assign(result, await after(store));
    return result;
  } finally {
    await writer?.stop();
    await pglite?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await store.close();
    await deleteKeys(redis.url, prefix);
  }
}

/**
 * The records writer catching up with the backlog a run without records left in the pending set:
 * events written a second, against the events the run wrote a second (a visitor's message and
 * the bot's reply per round trip).
 */
const catchUp = (records) => async (store) => {
  const writer = createRecordsWriter({ store, records, clock: Date.now, logger: createLogger('error') });
  const start = performance.now();
  await writer.flush();
  const seconds = (performance.now() - start) / 1000;
  const events = VISITORS * MESSAGES * 2 + VISITORS;
  const eventsPerSecond = Math.round(events / seconds);
  return {
    catchUp: {
      events,
      seconds: Math.round(seconds * 100) / 100,
      eventsPerSecond,
    },
  };
};

/** Rounds of runs with the records, each between two runs without (`BENCH_RECORDS_ROUNDS`). */
const RECORDS_ROUNDS = Number(process.env.BENCH_RECORDS_ROUNDS ?? 2);

/**
 * Every store, one after the other. The Redis runs without records and with them alternate: each
 * round runs the records in PostgreSQL (the writer in its thread) and in PGlite (the writer in
 * PGlite's thread), as `index.ts` runs them with `REDIS_URL`, and then a run without; each records
 * run is compared with the mean of the runs without just before and just after it. Between runs,
 * PostgreSQL is vacuumed and checkpointed, so that no run pays for the one before.
 */
export async function run() {
  const results = [await runStore('memory', createMemoryStore())];
  const redis = await startRedis();
  const database = await benchDatabase();
  const postgres = await createPostgresRecords({
    url: database.url,
    onError: (err) => console.error(err.message),
  });
  try {
    if (process.env.BENCH_RELAY !== 'off') {
      // A first pair only warms up (the Redis store's and the adapter's code, compiled by then):
      // measured cold, Parley's first Redis run came out a fifth slower than the ones after it.
      await runAgainstRelay(redis);
      const [parley, bare] = await runAgainstRelay(redis);
      const cross = await runCrossProcess(redis);
      cross.p99VsOneServer = Math.round((cross.roundTripMs.p99 / parley.roundTripMs.p99) * 100) / 100;
      results.push(parley, bare, cross);
      // Below saturation, at the issue's rates: the p99 and the CPU per message at a set load.
      for (let round = 0; round < PACED_ROUNDS; round += 1) {
        for (const pace of PACES) results.push(...(await runAgainstRelay(redis, pace)));
      }
    }
    let before = await runRedis(redis, 'redis', undefined);
    results.push(before);
    const offRuns = [before];
    for (let round = 1; round <= RECORDS_ROUNDS; round += 1) {
      const withRecords = [
        await runRedis(
          redis,
          'redis + records (PostgreSQL, writer thread)',
          postgres,
          undefined,
          database.url,
        ),
      ];
      await database.settle();
      withRecords.push(
        await runRedis(
          redis,
          'redis + records (PGlite and the writer in their thread)',
          undefined,
          undefined,
          'pglite',
        ),
      );
      // Last, the writer catches up with the backlog the run without records left.
      const last = round === RECORDS_ROUNDS;
      const after = await runRedis(redis, 'redis (again)', undefined, last ? catchUp(postgres) : undefined);
      offRuns.push(after);
      const baseline = (before.messagesPerSecond + after.messagesPerSecond) / 2;
      for (const r of withRecords)
        r.vsRedisWithout = Math.round((r.messagesPerSecond / baseline) * 100) / 100;
      results.push(...withRecords, after);
      before = after;
    }
    // The noise floor: each run without records (but the first and last) against the mean of
    // the runs without just before and after it, as each records run is compared. Its spread is
    // the machine's, records or not.
    for (let i = 1; i + 1 < offRuns.length; i += 1) {
      const neighbours = (offRuns[i - 1].messagesPerSecond + offRuns[i + 1].messagesPerSecond) / 2;
      offRuns[i].vsNeighbours = Math.round((offRuns[i].messagesPerSecond / neighbours) * 100) / 100;
    }
    // Against the rate events arrived in the runs without records (a message and its reply each).
    // No catch-up was measured when BENCH_RECORDS_ROUNDS is 0.
    const c = before.catchUp;
    if (c) {
      const arrival = (offRuns.reduce((sum, r) => sum + r.messagesPerSecond, 0) / offRuns.length) * 2;
      c.arrivalPerSecond = Math.round(arrival);
      c.timesArrival = Math.round((c.eventsPerSecond / arrival) * 10) / 10;
    }
  } finally {
    await postgres.close();
    await database.drop();
    await redis.stop();
  }
  return results;
}

/** Tables printed after the main one (`run.mjs` prints them too). */
export const summaries = (results) =>
  [recordsRatios(results), relayRatios(results)].filter((rows) => rows.length > 0);

/** The `p`th quantile of `values` (`stats.mjs`), to 0.01. */
const quantileOf = (values, p) => Math.round(quantile(values, p) * 100) / 100;
const medianOf = (values) => quantileOf(values, 0.5);

/** The label of the noise floor's row: runs without records against their neighbours. */
const NOISE_FLOOR = 'redis, no records: each run against its neighbours (the noise floor)';

/**
 * Each records configuration's ratios to the runs without, in run order, their median and their
 * middle half; and the same for the runs without records against their neighbours, the noise
 * any single ratio carries on this machine.
 */
export function recordsRatios(results) {
  const byStore = new Map();
  const add = (store, ratio) => byStore.set(store, [...(byStore.get(store) ?? []), ratio]);
  for (const r of results) {
    if (r.vsRedisWithout !== undefined) add(r.store, r.vsRedisWithout);
  }
  for (const r of results) {
    if (r.vsNeighbours !== undefined) add(NOISE_FLOOR, r.vsNeighbours);
  }
  return [...byStore].map(([store, ratios]) => ({
    store,
    ratios: ratios.join(', '),
    median: medianOf(ratios),
    'middle half': `${quantileOf(ratios, 0.25)}–${quantileOf(ratios, 0.75)}`,
  }));
}

/** Parley's ratios to the relay at each set rate, in run order, and their medians (issue 16). */
export function relayRatios(results) {
  const byPace = new Map();
  for (const r of results) {
    if (!r.pace || !r.vsRelay) continue;
    byPace.set(r.pace, [...(byPace.get(r.pace) ?? []), r.vsRelay]);
  }
  return [...byPace].map(([pace, ratios]) => ({
    'msg/s': pace,
    'p99 against the relay': ratios.map((r) => r.p99).join(', '),
    'median p99': medianOf(ratios.map((r) => r.p99)),
    'cpu against the relay': ratios.map((r) => r.processCpu).join(', '),
    'median cpu': medianOf(ratios.map((r) => r.processCpu)),
  }));
}

/** Rows for console.table. */
export function table(results) {
  return results.map((r) => ({
    store: r.store,
    'msg/s': r.messagesPerSecond,
    'ack p50': r.ackMs.p50,
    'ack p95': r.ackMs.p95,
    'ack p99': r.ackMs.p99,
    'rt p50': r.roundTripMs.p50,
    'rt p95': r.roundTripMs.p95,
    'rt p99': r.roundTripMs.p99,
    replies: `${r.replies}/${r.visitors * r.messagesEach}`,
    dropped: r.dropped,
    errors: r.errorCount,
    'vs redis': r.vsRedisWithout ?? '',
    'cpu µs/msg': r.processCpuUsPerMessage ?? '',
    'main thread µs/msg': r.mainThreadCpuUsPerMessage ?? '',
    'redis calls/msg': r.redisCommandsPerMessage ?? '',
    'redis cpu µs/msg': r.redisCpuUsPerMessage ?? '',
    // At saturation the throughput compares; at a set pace the p99 does.
    'vs relay (msg/s or p99, cpu)': r.vsRelay
      ? `${r.pace ? `p99 ${r.vsRelay.p99}` : r.vsRelay.throughput}, ${r.vsRelay.processCpu}`
      : '',
    'rt p99 vs one server': r.p99VsOneServer ?? '',
    'records lag at end (ms)': r.recordsLagMs ?? '',
    'records catch-up ev/s': r.catchUp
      ? `${r.catchUp.eventsPerSecond} (${r.catchUp.timesArrival}x arrival)`
      : '',
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const results = await run();
    console.table(table(results));
    for (const summary of summaries(results)) console.table(summary);
    for (const r of results) for (const error of r.errors) console.error(`${r.store}: ${error}`);
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}

// Issue 16: the server's heap per idle visitor, Parley against a bare Socket.IO relay on the same
// Redis adapter, at BENCH_IDLE_VISITORS (default 10,000) connected visitors that say nothing.
// Each server runs in a child process of its own (bench/idle-server.mjs, with --expose-gc); the
// same client code connects the visitors to both (over WebSocket, as the widget does, each
// waiting for its `identity`), and the server's heap after a full collection is read before and
// after. Interleaved: relay, Parley, relay, Parley; each figure is the mean of its two runs.
// Run: `npm run bench` (builds first), or `node bench/idle-connections.mjs` after a build.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import { startRedis } from './bench-redis.mjs';

const VISITORS = Number(process.env.BENCH_IDLE_VISITORS ?? 10_000);
/** Visitors connecting at once: enough to be quick, few enough not to measure a handshake storm. */
const CONCURRENCY = 200;
const ORIGIN = 'https://shop.bench.example';

/** Starts one server child; resolves with its URL, a heap reader and `stop`. */
async function startServer(kind, redisUrl) {
  const child = fork(
    new URL('idle-server.mjs', import.meta.url),
    [kind, redisUrl, `bench-idle-${randomUUID()}:`, ORIGIN],
    { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const [{ url }] = await once(child, 'message');
  return {
    url,
    async heap() {
      child.send('heap');
      const [memory] = await once(child, 'message');
      return memory;
    },
    async stop() {
      process.off('exit', killChild);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Connects like the widget does, resolving once the server has sent the visitor's identity. */
function connectVisitor(url) {
  const socket = io(`${url}/visitor`, {
    transports: ['websocket'],
    extraHeaders: { origin: ORIGIN },
    auth: { siteKey: 'demo' },
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('identity', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** One server's figures: its heap and RSS per idle visitor, in KB. */
async function measure(kind, redisUrl) {
  const server = await startServer(kind, redisUrl);
  const sockets = [];
  try {
    const before = await server.heap();
    for (let i = 0; i < VISITORS; i += CONCURRENCY) {
      const batch = Math.min(CONCURRENCY, VISITORS - i);
      sockets.push(...(await Promise.all(Array.from({ length: batch }, () => connectVisitor(server.url)))));
    }
    const after = await server.heap();
    const perVisitor = (field) => Math.round(((after[field] - before[field]) / VISITORS / 1024) * 100) / 100;
    return { heapKb: perVisitor('heapUsed'), rssKb: perVisitor('rss'), externalKb: perVisitor('external') };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}

const mean = (runs, field) =>
  Math.round((runs.reduce((sum, r) => sum + r[field], 0) / runs.length) * 100) / 100;

export async function run() {
  const redis = await startRedis();
  const runs = { relay: [], parley: [] };
  try {
    for (let round = 0; round < 2; round++) {
      runs.relay.push(await measure('relay', redis.url));
      runs.parley.push(await measure('parley', redis.url));
    }
  } finally {
    await redis.stop();
  }
  const row = (name, list) => ({
    name,
    visitors: VISITORS,
    heapKbPerVisitor: mean(list, 'heapKb'),
    rssKbPerVisitor: mean(list, 'rssKb'),
    externalKbPerVisitor: mean(list, 'externalKb'),
    runs: list,
  });
  const relay = row('bare Socket.IO relay (same adapter)', runs.relay);
  const parley = row('Parley (Redis store and adapter)', runs.parley);
  parley.vsRelay = Math.round((parley.heapKbPerVisitor / relay.heapKbPerVisitor) * 100) / 100;
  return [parley, relay];
}

/** Rows for console.table. */
export function table(results) {
  return results.map((r) => ({
    server: r.name,
    visitors: r.visitors,
    'heap KB/visitor': r.heapKbPerVisitor,
    'rss KB/visitor': r.rssKbPerVisitor,
    'external KB/visitor': r.externalKbPerVisitor,
    'heap vs relay': r.vsRelay ?? '',
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.table(table(await run()));
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}

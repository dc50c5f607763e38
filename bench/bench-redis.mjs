// The private redis-server a bench runs on (killed at the end), or REDIS_URL without one.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createNetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { spawnChild } from './spawn-child.mjs';

async function freePort() {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** A private redis-server (killed by `stop`), or REDIS_URL when redis-server is not installed. */
export async function startRedis() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    if (!process.env.REDIS_URL) throw new Error('The Redis bench needs redis-server on PATH, or REDIS_URL');
    return { url: process.env.REDIS_URL, stop: async () => {} };
  }
  const port = await freePort();
  const args = ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];
  const { stop } = spawnChild('redis-server', args, { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => {}); // "not listening yet"; the loop retries, then gives up below
    try {
      await client.connect();
      await client.ping();
      client.destroy();
      return { url, stop };
    } catch {
      client.destroy();
      await sleep(25);
    }
  }
  await stop();
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

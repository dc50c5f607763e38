/**
 * A private redis-server for the fault suite, which kills and stalls it: unlike `startRedis`
 * (`../redis-server.ts`), `kill` is SIGKILL (nothing flushed on the way out), and a durable one
 * writes an append-only file with an fsync per write (`--appendfsync always`) in its own temp
 * dir, so `start` after `kill` comes back with every write Redis acknowledged.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { answersPing, freePort } from '../redis-server.js';
import { killNow, track } from './fault-process.js';

export interface FaultRedis {
  url: string;
  port: number;
  /** SIGKILL: the process ends at once; a durable server keeps what its AOF holds. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and dir), resolving once it answers PING. */
  start(): Promise<void>;
  /** Stalls it (SIGSTOP): connections stay open and nothing is answered until `resume`. */
  pause(): void;
  /** SIGCONT: it answers everything it was sent meanwhile. */
  resume(): void;
  /** Sends one command on a connection of its own, e.g. `['CLIENT', 'KILL', 'TYPE', 'pubsub']`. */
  command(args: string[]): Promise<unknown>;
  /**
   * Sends one command over and over for `ms`, on a connection of its own, each as soon as the
   * last was answered; resolves with how many times, and the sum of its integer answers (for
   * `CLIENT KILL`, the connections killed).
   */
  repeat(args: string[], ms: number): Promise<{ times: number; total: number }>;
  /** Kills it and removes its dir. */
  stop(): Promise<void>;
}

/**
 * Starts a redis-server on a free port; `durable` turns on the append-only file (fsync always).
 * @example const redis = await startFaultRedis({ durable: true }); await redis.kill(); await redis.start();
 */
export async function startFaultRedis({ durable }: { durable: boolean }): Promise<FaultRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-fault-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    ...(durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ];
  let child = await launch(args, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => killNow(child),
    async start() {
      if (child.exitCode === null && child.signalCode === null) throw new Error('redis-server is running');
      child = await launch(args, port);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async command(command) {
      const client = createClient({ url: `redis://127.0.0.1:${port}` });
      await client.connect();
      try {
        return await client.sendCommand(command);
      } finally {
        client.destroy();
      }
    },
    async repeat(command, ms) {
      const client = createClient({ url: `redis://127.0.0.1:${port}` });
      await client.connect();
      let times = 0;
      let total = 0;
      try {
        for (const until = performance.now() + ms; performance.now() < until; times++) {
          total += Number(await client.sendCommand(command)) || 0;
        }
        return { times, total };
      } finally {
        client.destroy();
      }
    },
    async stop() {
      await killNow(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(args: string[], port: number): Promise<ChildProcess> {
  const child = track(spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Loading a long AOF answers -LOADING until done; a kill leaves no stale listener behind, but
  // the port may take a moment to be free again.
  for (let attempt = 0; attempt < 400; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${output}`);
    if (await answersPing(port)) return child;
    await sleep(25);
  }
  await killNow(child);
  throw new Error(`redis-server on port ${port} did not answer PING:\n${output}`);
}

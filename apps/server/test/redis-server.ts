/**
 * A throwaway redis-server for tests: its own process on a free port, no persistence, so tests
 * never touch a shared Redis. Without `redis-server` on PATH, tests use `REDIS_URL` instead
 * (and cannot stop or restart it).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TestRedis {
  url: string;
  /** Kills the server. */
  stop(): Promise<void>;
  /** Starts an empty server on the same port again, after `stop`. */
  start(): Promise<void>;
  /** Kills the server and starts an empty one on the same port. */
  restart(): Promise<void>;
  /** Stalls the server (SIGSTOP): connections stay open, nothing is answered until `resume`. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT); it then answers everything it was sent meanwhile. */
  resume(): void;
}

/**
 * Starts a private redis-server and resolves once it answers PING.
 * @example const redis = await startRedis(); ...; await redis.stop();
 */
export async function startRedis(): Promise<TestRedis> {
  if (!hasRedisServer()) {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error('These tests need redis-server on PATH, or REDIS_URL');
    const unavailable = async () => {
      throw new Error(
        'Stopping or restarting Redis needs a local redis-server on PATH (REDIS_URL is shared)',
      );
    };
    const refuse = () => {
      throw new Error('Pausing Redis needs a local redis-server on PATH (REDIS_URL is shared)');
    };
    return {
      url,
      stop: unavailable,
      start: unavailable,
      restart: unavailable,
      pause: refuse,
      resume: refuse,
    };
  }
  const port = await freePort();
  let child = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => kill(child),
    async start() {
      if (child.exitCode === null && child.signalCode === null) throw new Error('redis-server is running');
      child = await launch(port);
    },
    async restart() {
      await kill(child);
      child = await launch(port);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // not installed: the caller falls back to REDIS_URL
  }
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('No TCP port');
  return address.port;
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${stderr}`);
    if (await answersPing(port)) return child;
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not answer PING: ${stderr}`);
}

/** Sends an inline PING and waits for +PONG; any error means "not yet". */
export async function answersPing(port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    socket.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('PING\r\n');
    const [data] = (await once(socket, 'data')) as [Buffer];
    return data.toString().startsWith('+PONG');
  } catch {
    return false; // not listening yet
  } finally {
    socket.destroy();
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGCONT'); // a paused server would not act on SIGTERM until it runs again
  child.kill('SIGTERM');
  await exited;
}

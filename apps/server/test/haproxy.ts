/**
 * Debian's HAProxy for tests: its own process, started in the foreground with a configuration
 * file and the environment that file reads, and its stats socket to see what it decided.
 */
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDaemon, stopDaemon } from './daemons.js';

/** One row of `show stat`: a frontend, a backend, or a server of a backend. */
export interface HaproxyStat {
  pxname: string;
  svname: string;
  /** `UP`, `DOWN`, `OPEN`, `no check`, ... */
  status: string;
  /** Sessions (connections) it has taken in all. */
  stot: number;
}

/** One entry of a stick table: a source address and the server it is kept to. */
export interface StickEntry {
  key: string;
  serverId: number;
}

export interface RunningHaproxy {
  /** Everything it printed so far (its log goes to stdout), for failure messages. */
  output(): string;
  /** Any command of the stats socket, e.g. `show info`; resolves with its answer. */
  ask(command: string): Promise<string>;
  stats(): Promise<HaproxyStat[]>;
  /** The entries of a backend's stick table (`show table <backend>`). */
  stickTable(backend: string): Promise<StickEntry[]>;
  /** The health of each server of `backend`, in the config's order: `UP`, `DOWN`, ... */
  serverStatuses(backend: string): Promise<string[]>;
  /** Resolves once `serverStatuses(backend)` is `expected`; rejects after `giveUpMs`. */
  untilStatuses(backend: string, expected: string[], giveUpMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `haproxy -db -f <config>` with `env` added to this process's environment, and resolves
 * once its stats socket (`statsSocket`, which the config must bind) answers.
 * @example const lb = await startHaproxy('deploy/haproxy.cfg', '/tmp/x/stats.sock', { PARLEY_1: '127.0.0.1:3000' });
 */
export async function startHaproxy(
  config: string,
  statsSocket: string,
  env: Record<string, string>,
): Promise<RunningHaproxy> {
  const { child, output } = runDaemon('haproxy', ['-db', '-f', config], env);
  const ask = (command: string) => askSocket(statsSocket, command);
  const stats = async () => parseStats(await ask('show stat'));
  const serverStatuses = async (backend: string) =>
    (await stats())
      .filter((row) => row.pxname === backend && row.svname !== 'BACKEND' && row.svname !== 'FRONTEND')
      .map((row) => row.status.split(' ')[0] ?? '');
  const running: RunningHaproxy = {
    output,
    ask,
    stats,
    stickTable: async (backend) => parseStickTable(await ask(`show table ${backend}`)),
    serverStatuses,
    async untilStatuses(backend, expected, giveUpMs = 60_000) {
      const giveUpAt = Date.now() + giveUpMs;
      let last: string[] = [];
      while (Date.now() < giveUpAt) {
        last = await serverStatuses(backend);
        if (last.join() === expected.join()) return;
        await sleep(100);
      }
      throw new Error(`${backend}'s servers not ${expected.join()} after ${giveUpMs} ms: ${last.join()}`);
    },
    stop: () => stopDaemon(child),
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}):\n${output()}`);
    try {
      await ask('show info');
      return running;
    } catch {
      await sleep(25); // the socket is not bound yet
    }
  }
}

/** Sends one command to a stats socket and reads its answer to the end (it closes after one). */
async function askSocket(path: string, command: string): Promise<string> {
  const socket = createConnection(path);
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString();
  });
  socket.write(`${command}\n`);
  await once(socket, 'end');
  socket.destroy();
  return answer;
}

function parseStats(csv: string): HaproxyStat[] {
  const [header, ...rows] = csv.trim().split('\n');
  const names = (header ?? '').replace(/^# /, '').split(',');
  const column = (row: string[], name: string) => row[names.indexOf(name)] ?? '';
  return rows.map((line) => {
    const row = line.split(',');
    return {
      pxname: column(row, 'pxname'),
      svname: column(row, 'svname'),
      status: column(row, 'status'),
      stot: Number(column(row, 'stot')),
    };
  });
}

function parseStickTable(text: string): StickEntry[] {
  return [...text.matchAll(/key=(\S+) .*?server_id=(\d+)/g)].map(([, key, id]) => ({
    key: key ?? '',
    serverId: Number(id),
  }));
}

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningProcess {
  child: ChildProcess;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** A fresh data directory (the server's embedded records and token secret) for one test. */
/**
 * Free ports for a server process and its demo page: the server's url, the demo page's origin (the
 * demo site allows it), and the `PORT` and `DEMO_PORT` to start the server with.
 * @example const { url, origin, ports } = await serverPorts(); runNode(entry, { ...ports, LOG_LEVEL: 'warn' });
 */
export async function serverPorts() {
  const port = await freePort();
  const demoPort = await freePort();
  return {
    url: `http://localhost:${port}`,
    origin: `http://localhost:${demoPort}`,
    ports: { PORT: String(port), DEMO_PORT: String(demoPort) },
  };
}

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'parley-data-'));

/**
 * Runs a built entry point of this repo (e.g. `apps/server/dist/index.js`) as its own process.
 * Unless `env` names one, it gets a data directory of its own: two servers never share one.
 */
export function runNode(entry: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env: { PARLEY_DATA_DIR: tempDataDir(), ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Resolves once `url` answers 200; rejects when the process exits first, or after `giveUpMs`. */
export async function waitUntilUp(url: string, proc: RunningProcess, giveUpMs = 90_000): Promise<void> {
  const giveUpAt = Date.now() + giveUpMs;
  let last = 'not listening';
  while (Date.now() < giveUpAt) {
    if (proc.child.exitCode !== null) throw new Error(`process exited early:\n${proc.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
      last = `${response.status}: ${await response.text()}`;
    } catch (err) {
      // not listening yet (or not answering)
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} not up after ${giveUpMs} ms; last: ${last}\n${proc.output()}`);
}

/**
 * Debian's nginx for tests: a configuration template rendered with the given variables (as
 * `envsubst` with a list of names would), run in the foreground as its own process.
 */
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDaemon, stopDaemon } from './daemons.js';

export interface RunningNginx {
  /** Everything it printed so far (its errors). */
  output(): string;
  stop(): Promise<void>;
}

/** `template` with each `${NAME}` of `vars` replaced; throws if a `${PARLEY_...}` is left. */
export function renderTemplate(template: string, vars: Record<string, string>): string {
  let text = template;
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`\${${name}}`, value);
  const left = text.match(/\$\{PARLEY_[A-Z0-9_]+\}/);
  if (left) throw new Error(`${left[0]} is not given`);
  return text;
}

/**
 * Renders the template at `template` into `dir` and runs `nginx -c` on it, resolving once
 * `readyPort` on 127.0.0.1 accepts connections.
 * @example const lb = await startNginx('deploy/nginx.conf', dir, vars, 8443);
 */
export async function startNginx(
  template: string,
  dir: string,
  vars: Record<string, string>,
  readyPort: number,
): Promise<RunningNginx> {
  const config = join(dir, 'nginx.conf');
  writeFileSync(config, renderTemplate(readFileSync(template, 'utf8'), vars));
  const { child, output } = runDaemon('nginx', [
    '-c',
    config,
    '-g',
    `pid ${join(dir, 'nginx.pid')}; daemon off;`,
  ]);
  while (!(await accepts(readyPort))) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${output()}`);
    await sleep(25);
  }
  return { output, stop: () => stopDaemon(child) };
}

async function accepts(port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    socket.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return true;
  } catch {
    return false; // not listening yet
  } finally {
    socket.destroy();
  }
}

/** Debian's daemons (HAProxy, nginx) as test processes: finding them, and stopping one. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Where a Debian package's daemon is: on PATH, or in `/usr/sbin` (off a user's PATH). Throws,
 * saying what to install, when it is neither.
 * @example const haproxy = daemonBinary('haproxy');
 */
export function daemonBinary(name: 'haproxy' | 'nginx'): string {
  for (const candidate of [name, `/usr/sbin/${name}`]) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one: try the next
    }
  }
  throw new Error(`These tests need ${name}: apt-get install ${name} (Debian; .ci/run installs it on CI)`);
}

/** Sends SIGTERM (both stop at once on it) and resolves once the process has exited. */
export async function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export interface RunningDaemon {
  child: ChildProcess;
  /** Everything it printed so far, on stdout and stderr, for failure messages. */
  output(): string;
}

/**
 * Starts the daemon `name` in the foreground with these arguments, this process's environment
 * plus `env`, collecting what it prints.
 * @example const { child, output } = runDaemon('haproxy', ['-db', '-f', 'deploy/haproxy.cfg']);
 */
export function runDaemon(
  name: 'haproxy' | 'nginx',
  args: string[],
  env: Record<string, string> = {},
): RunningDaemon {
  const child = spawn(daemonBinary(name), args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, output: () => output };
}

/**
 * Child processes the fault suite kills: each one is SIGKILLed when its test ends (`killNow`) and,
 * should the test runner itself go away first, when this process exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const live = new Set<ChildProcess>();
let hooked = false;

/** Registers a child so that it never outlives the test process. */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const orphan of live) orphan.kill('SIGKILL');
    });
  }
  return child;
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * SIGKILL, resolving once it exited. It ends a stopped (SIGSTOP) process too, and no SIGCONT goes
 * first: that would let a stalled Redis answer what it was sent in the instant before it dies.
 */
export async function killNow(child: ChildProcess): Promise<void> {
  if (!running(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** A built entry point of this repo, run as a process that a test can kill and start again. */
export interface Restartable {
  /** Whatever every run of it printed, for failure messages. */
  output(): string;
  /** How many times it was started. */
  readonly starts: number;
  readonly running: boolean;
  /** The process now (or the last one). */
  readonly child: ChildProcess;
  /** SIGKILL, no goodbye: what it had not written is gone. */
  kill(): Promise<void>;
  /** Runs it again, with the same arguments and environment, once `ready` says so. */
  start(): Promise<void>;
}

export interface RestartableOptions {
  /** A path from the repository root, e.g. `apps/server/dist/index.js`. */
  entry: string;
  args?: string[];
  env?: Record<string, string>;
  /** Resolves once the new process is up (it may inspect the output so far). */
  ready: (run: { child: ChildProcess; output: () => string }) => Promise<void>;
  /** Labels its output lines. */
  name: string;
  /** How long `ready` may take before the start counts as failed (default 30 s). */
  readyTimeoutMs?: number;
}

/**
 * Starts `node <entry> ...args` and resolves once it is ready.
 * @example const server = await restartable({ entry: 'apps/server/dist/index.js', env, ready, name: 'A' });
 */
export async function restartable(options: RestartableOptions): Promise<Restartable> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let output = '';
  let starts = 0;
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child && running(child)) throw new Error(`${options.name} is running`);
    starts += 1;
    const run = track(
      spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
        cwd: repoRoot,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    child = run;
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    run.stdout?.on('data', keep);
    run.stderr?.on('data', keep);
    output += `--- ${options.name}: start ${starts} (pid ${run.pid})\n`;
    run.once('exit', (code, signal) => {
      output += `--- ${options.name}: exit ${signal ?? code}\n`;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const failed = Promise.race([
      once(run, 'exit').then(() => `${options.name} exited before it was ready`),
      new Promise<string>((resolve) => {
        timer = setTimeout(
          () => resolve(`${options.name} was not ready within ${readyTimeoutMs} ms`),
          readyTimeoutMs,
        );
      }),
    ]).then((why) => {
      throw new Error(`${why}:\n${output}`);
    });
    failed.catch(() => {}); // raced below; an exit after readiness is not this start's failure
    try {
      await Promise.race([options.ready({ child: run, output: () => output }), failed]);
    } finally {
      clearTimeout(timer);
    }
  };

  await start();
  return {
    output: () => output,
    get starts() {
      return starts;
    },
    get running() {
      return child !== undefined && running(child);
    },
    get child() {
      if (!child) throw new Error(`${options.name} never started`);
      return child;
    },
    kill: () => (child ? killNow(child) : Promise.resolve()),
    start,
  };
}

/** Resolves once `url` answers 200; rejects if the process exits first. */
export async function answers(url: string, child: ChildProcess): Promise<void> {
  while (running(child)) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`exited before ${url} answered`);
}

/** Resolves once the process printed `marker` (from now on); rejects if it exits first. */
export async function printed(marker: string, output: () => string, child: ChildProcess): Promise<void> {
  const from = output().length;
  while (running(child)) {
    if (output().slice(from).includes(marker)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`exited before printing "${marker}"`);
}

import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The niceness of the threads that work behind the live path (the records writer's, the embedded
 * records'): under contention for the cores, the thread that serves the chats goes first, and
 * the records catch up when it leaves them time (README, "Benchmarks").
 */
export const BEHIND_NICENESS = 10;

/** How far a thread's priority was lowered: its niceness, and Linux's idle scheduling policy. */
export interface LoweredPriority {
  niceness: boolean;
  idlePolicy: boolean;
}

/**
 * Lowers the scheduling priority of the calling thread only (Linux: on the thread's id, read from
 * `/proc/thread-self`), not of the process: its niceness (`setpriority`), and then its policy to
 * `SCHED_IDLE` (util-linux's `chrt`, spawned once). A nice thread still runs out its time slice
 * when a thread of the chats, or Redis, wakes on its core, and they wait for it; a `SCHED_IDLE`
 * thread gives the core up at once to any other that wakes, and still gets a small share when
 * none is idle, so it never stops altogether. Elsewhere, or when refused (no `chrt`), the thread
 * keeps what it could get; returns which of the two held.
 * @example lowerThreadPriority(BEHIND_NICENESS); // in a worker thread, at its start
 */
export function lowerThreadPriority(niceness: number): LoweredPriority {
  const lowered = { niceness: false, idlePolicy: false };
  let threadId: number;
  try {
    threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
  } catch {
    return lowered;
  }
  if (!Number.isInteger(threadId) || threadId <= 0) return lowered;
  try {
    setPriority(threadId, niceness);
    lowered.niceness = true;
  } catch {
    // Refused: the thread keeps the process's niceness.
  }
  const chrt = spawnSync('chrt', ['--idle', '--pid', '0', String(threadId)], {
    stdio: 'ignore',
    timeout: 5000,
  });
  lowered.idlePolicy = chrt.status === 0;
  return lowered;
}

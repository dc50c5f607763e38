import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The niceness of the threads that work behind the live path (the records writer's, the embedded
 * records'): under contention for the cores, the thread that serves the chats goes first, and
 * the records catch up when it leaves them time (README, "Benchmarks").
 */
export const BEHIND_NICENESS = 10;

/**
 * Lowers the scheduling priority of the calling thread only (Linux: `setpriority` on the thread's
 * id, read from `/proc/thread-self`), not of the process. Elsewhere, or when refused, the thread
 * keeps the process's priority; resolves with whether it was lowered.
 * @example lowerThreadPriority(BEHIND_NICENESS); // in a worker thread, at its start
 */
export function lowerThreadPriority(niceness: number): boolean {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (!Number.isInteger(threadId) || threadId <= 0) return false;
    setPriority(threadId, niceness);
    return true;
  } catch {
    return false;
  }
}

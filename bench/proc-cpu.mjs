// CPU times read from Linux's /proc, for what `process.cpuUsage()` cannot tell apart: one thread
// of this process, or another process (the PostgreSQL server's).
import { readFileSync } from 'node:fs';

/** Clock ticks a second in /proc's CPU times (`getconf CLK_TCK`: 100 on Linux everywhere). */
const CLOCK_TICKS = 100;

/**
 * The user and system CPU time, in µs, in a `/proc/.../stat` file's text, and its command name;
 * the name is in parentheses and may hold spaces, so the fields are counted after its last `)`.
 */
export function statCpu(text) {
  const end = text.lastIndexOf(')');
  const fields = text.slice(end + 2).split(' ');
  return {
    command: text.slice(text.indexOf('(') + 1, end),
    us: ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS,
  };
}

/** The CPU time of this process's main thread, in µs, without its other threads'. */
export const mainThreadCpuUs = () => statCpu(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')).us;

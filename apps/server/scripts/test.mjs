// The server's tests (`npm test` in this package): the `server` project, one file at a time, and
// beside it the `waiting` project (vitest.config.ts), as two vitest processes. One vitest process
// runs a project of one file at a time in a group of its own after every other group, so there
// the waiting file would run alone, a minute and a half in which one core does nothing. Arguments
// go to both (a file filter too: a project with no file matching passes). Exits non-zero when
// either fails.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = process.argv.slice(2);
const run = (project) => {
  const child = spawn(process.execPath, [vitest, 'run', '--project', project, '--passWithNoTests', ...args], {
    stdio: 'inherit',
  });
  return once(child, 'exit').then(([code, signal]) => (signal ? 1 : (code ?? 1)));
};

// A Ctrl+C reaches both children through the terminal; they end, and so does this.
const codes = await Promise.all([run('waiting'), run('server')]);
process.exit(codes.some((code) => code !== 0) ? 1 : 0);

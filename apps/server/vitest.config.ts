import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that spend most of their time waiting, not working (the handshake budget's case waits out
 * a minute's rate-limit window): they run beside the rest, which runs one file at a time. Beside
 * only as two vitest processes (`scripts/test.mjs`, this package's `npm test`): one process runs
 * the one-at-a-time project after every other project, not beside it.
 */
const WAITING = ['src/faults/handshake-budget.test.ts'];

export default defineConfig({
  test: {
    // A hook that starts a server with its records (PGlite compiles PostgreSQL's WebAssembly on
    // start) can take well over vitest's default 10 s on a 2-core machine running every suite at
    // once. This bounds a hang; no hook asserts a time.
    hookTimeout: 60_000,
    // The suite's files one at a time (as vitest runs them on two cores by default); a waiting
    // file runs in a process of its own beside them (`scripts/test.mjs`).
    projects: [
      {
        extends: true,
        test: { name: 'server', exclude: [...configDefaults.exclude, ...WAITING], fileParallelism: false },
      },
      { extends: true, test: { name: 'waiting', include: WAITING } },
    ],
  },
});

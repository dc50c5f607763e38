import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A hook that starts a server with its records (PGlite compiles PostgreSQL's WebAssembly on
    // start) can take well over vitest's default 10 s on a 2-core machine running every suite at
    // once. This bounds a hang; no hook asserts a time.
    hookTimeout: 60_000,
  },
});

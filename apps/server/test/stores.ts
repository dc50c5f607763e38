import { randomUUID } from 'node:crypto';
import { createMemoryStore } from '../src/store/memory-store.js';
import { createRedisStore } from '../src/store/redis-store.js';
import type { SessionStore } from '../src/store/session-store.js';
import { startRedis, type TestRedis } from './redis-server.js';

export interface StoreKind {
  name: 'memory' | 'redis';
  /** A store over fresh data; `again()` opens another instance over the same data. */
  create(): Promise<{ store: SessionStore; again(): Promise<SessionStore> }>;
  /** Stops any server this kind started. */
  teardown(): Promise<void>;
}

/** The two stores integration tests run against: in-memory, and Redis on a private server. */
export function storeKinds(): StoreKind[] {
  let redis: Promise<TestRedis> | undefined;
  // Connection errors while a test's Redis is being torn down are expected; the store's own
  // contract suite asserts there are none during normal operation.
  const onError = () => {};
  return [
    {
      name: 'memory',
      async create() {
        const store = createMemoryStore();
        return { store, again: async () => store };
      },
      async teardown() {},
    },
    {
      name: 'redis',
      async create() {
        redis ??= startRedis();
        const { url } = await redis;
        const prefix = `test-${randomUUID()}:`;
        return {
          store: await createRedisStore({ url, prefix, onError }),
          again: () => createRedisStore({ url, prefix, onError }),
        };
      },
      async teardown() {
        if (redis) await (await redis).stop();
      },
    },
  ];
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParleyConfig } from '../src/config/config-schema.js';
import { DEMO_BOT_TOKEN, defaultConfig } from '../src/config/default-config.js';
import { RECORDS_CONSUMER } from '../src/consumers/records-writer.js';
import { createServer, type ParleyServer, type ServerDeps } from '../src/create-server.js';
import { createFileStore } from '../src/files/file-store.js';
import { createFolderBucket } from '../src/files/folder-bucket.js';
import { createDemoHost } from '../src/http/demo-host.js';
import { createLogger } from '../src/logger.js';
import { createPgliteRecords } from '../src/records/pglite-records.js';
import type { RecordsStore } from '../src/records/records-store.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import type { SessionStore } from '../src/store/session-store.js';

export const demoBotToken = DEMO_BOT_TOKEN;

export interface StartOptions extends Partial<Omit<ServerDeps, 'config' | 'store'>> {
  /** Changes to the default demo configuration (whose allowed origin is the demo host's). */
  config?: (base: ParleyConfig) => ParleyConfig;
  store?: SessionStore;
  /**
   * Keep every conversation in records, as `npm start` does (issue 12): PGlite in memory, written
   * behind the live store (a memory store with the records writer's consumer, unless `store` is
   * given) within some 20 ms; closed with the server. A `records` store given is the caller's.
   */
  withRecords?: boolean;
  /** Keep files (issue 14) in a fresh folder of its own, removed with the server. */
  withFiles?: boolean;
}

export interface RunningParley {
  url: string;
  /** The demo host page, on its own origin, embedding the widget. */
  demoUrl: string;
  demoOrigin: string;
  config: ParleyConfig;
  store: SessionStore;
  /** The records, when the server keeps them. */
  records: RecordsStore | undefined;
  server: ParleyServer;
  /** Drops every connection of a namespace as a network failure would (clients reconnect). */
  dropConnections(namespace: '/visitor' | '/bot' | '/agent'): void;
  close(): Promise<void>;
}

/**
 * A real Parley server on a free port (in-memory store unless one is given) and the demo host
 * page on another, wired as in `npm start`. Logs are silent unless `LOG_LEVEL` is set.
 */
export async function startParley(options: StartOptions = {}): Promise<RunningParley> {
  let parleyUrl = '';
  const demo = createDemoHost({ parleyUrl: () => parleyUrl, siteKey: 'demo' });
  await demo.listen({ port: 0, host: '127.0.0.1' });
  const address = demo.server.address();
  const demoOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const base = defaultConfig([demoOrigin]);
  const config = options.config ? options.config(base) : base;
  const { config: _c, store: _s, withRecords, withFiles, ...deps } = options;
  const filesDir = withFiles ? await mkdtemp(join(tmpdir(), 'parley-files-')) : undefined;
  const store =
    options.store ?? createMemoryStore(withRecords ? { consumers: [RECORDS_CONSUMER] } : undefined);
  const ownRecords = withRecords && !deps.records ? await createPgliteRecords() : undefined;
  const records = deps.records ?? ownRecords;
  const server = await createServer({
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    ...(ownRecords ? { recordsIdleMs: 20 } : {}),
    ...deps,
    ...(records ? { records } : {}),
    ...(filesDir ? { files: createFileStore(createFolderBucket(filesDir)) } : {}),
    config,
    store,
    demoUrl: `${demoOrigin}/`,
  });
  parleyUrl = await server.listen({ port: 0 });
  return {
    url: parleyUrl,
    demoUrl: `${demoOrigin}/`,
    demoOrigin,
    config,
    store,
    records,
    server,
    dropConnections(namespace) {
      for (const socket of server.io.of(namespace).sockets.values()) socket.conn.close();
    },
    async close() {
      await server.close();
      await demo.close();
      await ownRecords?.close();
      if (filesDir) await rm(filesDir, { recursive: true, force: true });
    },
  };
}

#!/usr/bin/env node
/**
 * The `api-key` script: creates, lists and revokes REST API keys in the records the server uses
 * (`DATABASE_URL`, else PGlite under `PARLEY_DATA_DIR`), with the sites of `PARLEY_CONFIG` (else
 * the demo configuration). See docs/rest-api.md.
 * Usage: `npm run api-key -- create --site demo --scope write --name crm`.
 */
import { join } from 'node:path';
import { API_KEY_USAGE, runApiKeyCli } from './api/api-key-cli.js';
import type { ParleyConfig } from './config/config-schema.js';
import { defaultConfig } from './config/default-config.js';
import { loadConfigFile } from './config/load-config.js';
import { DataDirBusyError, lockDataDir } from './embedded/data-dir-lock.js';
import { readEnv } from './env.js';
import { createPgliteRecords } from './records/pglite-records.js';
import { createPostgresRecords } from './records/postgres-records.js';
import type { RecordsStore } from './records/records-store.js';

const env = readEnv(process.env);
const err = (line: string) => process.stderr.write(`${line}\n`);
const argv = process.argv.slice(2);
if (argv.length === 0 || argv.includes('--help')) {
  err(API_KEY_USAGE);
  process.exit(argv.length === 0 ? 2 : 0);
}

const config: ParleyConfig = env.configPath
  ? await loadConfigFile(env.configPath)
  : defaultConfig([env.publicUrl]); // only its sites are read
let records: RecordsStore;
let release = async () => {};
if (env.databaseUrl) {
  records = await createPostgresRecords({
    url: env.databaseUrl,
    onError: (error: Error) => err(`PostgreSQL connection error: ${error.message}`),
  });
} else {
  const dir = join(env.dataDir, 'records');
  try {
    release = await lockDataDir(dir);
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    err(
      `The Parley server (process ${error.pid}) has the records in ${dir} open, and PGlite serves one process at a time.\n` +
        'Either create the key through the running server with an admin key:\n' +
        `  curl -X POST ${env.publicUrl}/api/v1/api-keys -H "Authorization: Bearer $ADMIN_KEY" \\\n` +
        `    -H 'content-type: application/json' -d '{"name":"crm","scope":"write"}'\n` +
        'or stop the server, run this again, and start the server again.',
    );
    process.exit(1);
  }
  records = await createPgliteRecords({ dataDir: dir });
}
try {
  process.exitCode = await runApiKeyCli(argv, {
    keys: records.apiKeys,
    sites: config.sites,
    out: (line) => process.stdout.write(`${line}\n`),
    err,
    clock: Date.now,
  });
} finally {
  await records.close();
  await release();
}

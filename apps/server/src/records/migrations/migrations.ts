import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as webhooks from './0002-webhooks.js';
import * as apiKeys from './0003-api-keys.js';
import * as monitoredSessions from './0004-monitored-sessions.js';
import * as teamTools from './0005-team-tools.js';
import * as agentInitiated from './0006-agent-initiated.js';
import * as eventsWithoutForeignKey from './0007-events-without-foreign-key.js';

/**
 * Every migration, by name, in the order they apply. Listed here rather than found by scanning a
 * folder (Kysely's `FileMigrationProvider`), so they are part of the build like any other module:
 * the server runs from `dist/` and from a bundle alike. A new migration is a new module and a new
 * line; an applied one never changes.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-webhooks': webhooks,
  '0003-api-keys': apiKeys,
  '0004-monitored-sessions': monitoredSessions,
  '0005-team-tools': teamTools,
  '0006-agent-initiated': agentInitiated,
  '0007-events-without-foreign-key': eventsWithoutForeignKey,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, RecordsDatabase } from './records-database.js';

/** What an API key may do; each scope implies the ones before it (`admin` > `write` > `read`). */
export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** An API key as it is listed: never its secret. Times are milliseconds since the epoch. */
export interface ApiKeyInfo {
  id: string;
  siteKey: string;
  name: string;
  scope: ApiScope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewApiKey {
  id: string;
  siteKey: string;
  name: string;
  scope: ApiScope;
  /** SHA-256 of the secret, hex: the secret itself is never stored. */
  secretHash: string;
  now: number;
}

/**
 * The REST API's keys, kept with the records (issue 13). Domain operations only; the secret's
 * hashing and checking live in `api/api-key.ts`.
 */
export interface ApiKeyStore {
  create(key: NewApiKey): Promise<ApiKeyInfo>;
  /** A key by id with its secret's hash (revoked ones too: the caller refuses them), or null. */
  find(id: string): Promise<(ApiKeyInfo & { secretHash: string }) | null>;
  /** A site's keys (every site's without one), newest first, revoked ones included. */
  list(siteKey?: string): Promise<ApiKeyInfo[]>;
  /** Revokes a key for good: the key as it is now, or null when unknown. Idempotent. */
  revoke(id: string, now: number): Promise<ApiKeyInfo | null>;
  /** Notes that a key was used at `now`: written at most once a minute per key. */
  touch(id: string, now: number): Promise<void>;
}

const time = (date: Date | null): number | null => (date ? date.getTime() : null);

const toInfo = (row: Selectable<ApiKeysTable>): ApiKeyInfo => ({
  id: row.id,
  siteKey: row.site_key,
  name: row.name,
  scope: row.scope as ApiScope,
  createdAt: row.created_at.getTime(),
  lastUsedAt: time(row.last_used_at),
  revokedAt: time(row.revoked_at),
});

/** How stale `last_used_at` may get before a use writes it again. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The `ApiKeyStore` over the records database (PGlite or PostgreSQL).
 * @example const keys = createSqlApiKeys(db); await keys.find('3f9c0a1b2c3d4e5f');
 */
export function createSqlApiKeys(db: Kysely<RecordsDatabase>): ApiKeyStore {
  return {
    async create(key) {
      const row = await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          site_key: key.siteKey,
          name: key.name,
          scope: key.scope,
          secret_hash: key.secretHash,
          created_at: new Date(key.now),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toInfo(row);
    },

    async find(id) {
      const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { ...toInfo(row), secretHash: row.secret_hash } : null;
    },

    async list(siteKey) {
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .$if(siteKey !== undefined, (qb) => qb.where('site_key', '=', siteKey ?? ''))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toInfo);
    },

    async revoke(id, now) {
      await db
        .updateTable('api_keys')
        .set({ revoked_at: new Date(now) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toInfo(row) : null;
    },

    async touch(id, now) {
      await db
        .updateTable('api_keys')
        .set({ last_used_at: new Date(now) })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now - TOUCH_EVERY_MS))]),
        )
        .execute();
    },
  };
}

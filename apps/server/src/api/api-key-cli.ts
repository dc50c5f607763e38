import { parseArgs } from 'node:util';
import type { SiteConfig } from '../config/config-schema.js';
import { API_SCOPES, type ApiKeyStore, type ApiScope } from '../records/api-key-store.js';
import { createApiKey } from './api-key.js';

export interface ApiKeyCliDeps {
  keys: ApiKeyStore;
  sites: readonly SiteConfig[];
  /** Where the key and listings go (stdout). */
  out: (line: string) => void;
  /** Where messages go (stderr). */
  err: (line: string) => void;
  clock: () => number;
}

export const API_KEY_USAGE = `Usage:
  npm run api-key -- create --site <site key> --scope read|write|admin --name <name>
  npm run api-key -- list [--site <site key>]
  npm run api-key -- revoke <key id>`;

const date = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/**
 * The `api-key` script's commands over an API key store: `create` prints the new key once (on
 * stdout, alone, so `$(npm run -s api-key -- create …)` captures it), `list` prints a table,
 * `revoke` revokes by id. Resolves with the exit code.
 * @example await runApiKeyCli(['create', '--site', 'demo', '--scope', 'write', '--name', 'crm'], deps);
 */
export async function runApiKeyCli(argv: readonly string[], deps: ApiKeyCliDeps): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    deps.err(`${(error as Error).message}\n${API_KEY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === 'create') {
    const site = deps.sites.find((s) => s.key === values.site);
    if (!site) {
      deps.err(`--site must be a site of the configuration: ${deps.sites.map((s) => s.key).join(', ')}`);
      return 2;
    }
    if (!(API_SCOPES as readonly string[]).includes(values.scope ?? '')) {
      deps.err(`--scope must be one of ${API_SCOPES.join(', ')}`);
      return 2;
    }
    const name = values.name?.trim();
    if (!name || name.length > 100) {
      deps.err('--name must name the key (1 to 100 characters): who or what uses it');
      return 2;
    }
    const { apiKey: key, key: whole } = await createApiKey(deps.keys, {
      siteKey: site.key,
      name,
      scope: values.scope as ApiScope,
      now: deps.clock(),
    });
    deps.out(whole);
    deps.err(
      `Created API key ${key.id} (${key.scope}) of site ${key.siteKey}. It is shown this once: keep it now.`,
    );
    return 0;
  }
  if (command === 'list') {
    const keys = await deps.keys.list(values.site);
    deps.out(['id\tsite\tscope\tname\tcreated\tlast used\trevoked'].join(''));
    for (const k of keys) {
      deps.out(
        [k.id, k.siteKey, k.scope, k.name, date(k.createdAt), date(k.lastUsedAt), date(k.revokedAt)].join(
          '\t',
        ),
      );
    }
    return 0;
  }
  if (command === 'revoke' && rest.length === 1 && rest[0]) {
    const key = await deps.keys.revoke(rest[0], deps.clock());
    if (!key) {
      deps.err(`No API key ${rest[0]}`);
      return 1;
    }
    deps.err(`Revoked API key ${key.id} (${key.name}) at ${date(key.revokedAt)}.`);
    return 0;
  }
  deps.err(API_KEY_USAGE);
  return 2;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { site: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' } },
  });
}

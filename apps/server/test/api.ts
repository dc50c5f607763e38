import { createApiKey as createKey } from '../src/api/api-key.js';
import type { ApiScope } from '../src/records/api-key-store.js';
import type { RecordsStore } from '../src/records/records-store.js';

/** A new API key of a site, made in the records as the `api-key` script does; resolves with the key. */
export async function createApiKey(records: RecordsStore, siteKey: string, scope: ApiScope): Promise<string> {
  const made = await createKey(records.apiKeys, { siteKey, name: `test ${scope}`, scope, now: Date.now() });
  return made.key;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the answer holds, after checking it
  body: any;
}

/**
 * One REST request: `fetch` with the key as a bearer token and a JSON body, the answer parsed.
 * @example const { status, body } = await callApi(url, key, 'POST', '/sessions', { template: 'order' });
 */
export async function callApi(
  baseUrl: string,
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

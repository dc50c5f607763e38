import { type AgentProfile, isWireError } from '@parley/protocol';
import type { DeskError } from '../app/desk-state.js';

/** A value, or why not: a wire error from the server, or `network` when it could not be reached. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: DeskError };

/** The desk's REST login and logout (`/api/agent/*`). Resolves with a typed result, never throws. */
export interface LoginApi {
  login(email: string, password: string): Promise<ApiResult<{ token: string; agent: AgentProfile }>>;
  logout(token: string): Promise<ApiResult<{ revoked: boolean }>>;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

const failure = (code: string, message: string) => ({ ok: false, error: { code, message } }) as const;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function post(
  fetchFn: Fetch,
  url: string,
  init: RequestInit,
): Promise<ApiResult<Record<string, unknown>>> {
  let response: Response;
  try {
    response = await fetchFn(url, { method: 'POST', credentials: 'omit', ...init });
  } catch (error) {
    return failure('network', messageOf(error));
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // Not JSON (a proxy's error page, say): the server is not answering as Parley does.
    return failure('internal', `HTTP ${response.status} from ${url}: ${messageOf(error)}`);
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (record.ok === true && response.ok) return { ok: true, value: record };
  if (isWireError(record.error)) return { ok: false, error: record.error };
  return failure('internal', `Unexpected answer from ${url}: HTTP ${response.status}`);
}

/**
 * The login API on Parley's origin.
 * @example
 * const api = createLoginApi(location.origin, fetch.bind(window));
 * const result = await api.login('alice@parley.demo', 'parley-demo');
 */
export function createLoginApi(origin: string, fetchFn: Fetch): LoginApi {
  return {
    async login(email, password) {
      const result = await post(fetchFn, `${origin}/api/agent/login`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (!result.ok) return result;
      const { token, agent } = result.value;
      if (typeof token !== 'string' || typeof agent !== 'object' || agent === null) {
        return failure('internal', 'The login answer has no token');
      }
      return { ok: true, value: { token, agent: agent as AgentProfile } };
    },
    async logout(token) {
      const result = await post(fetchFn, `${origin}/api/agent/logout`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return result.ok ? { ok: true, value: { revoked: result.value.revoked === true } } : result;
    },
  };
}

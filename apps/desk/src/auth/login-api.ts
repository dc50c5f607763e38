import { type AgentProfile, isWireError } from '@parley/protocol';
import type { DeskError } from '../app/desk-state.js';

/** A value, or why not: a wire error from the server, or `network` when it could not be reached. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: DeskError };

/** The desk's REST login and logout (`/api/agent/*`). Resolves with a typed result, never throws. */
/** A single sign-on button of the login screen (`GET /api/agent/sso`). */
export interface SsoProvider {
  id: string;
  label: string;
  /** Where the browser goes to sign in (a path on Parley's origin). */
  start: string;
}

export interface LoginApi {
  login(email: string, password: string): Promise<ApiResult<{ token: string; agent: AgentProfile }>>;
  /** The single sign-on providers configured (none, usually). */
  ssoProviders(): Promise<ApiResult<SsoProvider[]>>;
  /** Trades the ticket a single sign-on came back with (`/desk/#sso=…`) for a login. */
  exchangeSso(ticket: string): Promise<ApiResult<{ token: string; agent: AgentProfile }>>;
  logout(token: string): Promise<ApiResult<{ revoked: boolean }>>;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

const failure = (code: string, message: string) => ({ ok: false, error: { code, message } }) as const;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function request(
  fetchFn: Fetch,
  url: string,
  init: RequestInit,
): Promise<ApiResult<Record<string, unknown>>> {
  let response: Response;
  try {
    response = await fetchFn(url, { credentials: 'omit', ...init });
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
  /** A login's answer (`{ ok, token, agent }`), from the password login or a single sign-on. */
  const loggedIn = async (
    url: string,
    body: Record<string, string>,
  ): Promise<ApiResult<{ token: string; agent: AgentProfile }>> => {
    const result = await request(fetchFn, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!result.ok) return result;
    const { token, agent } = result.value;
    if (typeof token !== 'string' || typeof agent !== 'object' || agent === null) {
      return failure('internal', 'The login answer has no token');
    }
    return { ok: true, value: { token, agent: agent as AgentProfile } };
  };
  return {
    login: (email, password) => loggedIn(`${origin}/api/agent/login`, { email, password }),
    exchangeSso: (ticket) => loggedIn(`${origin}/api/agent/oidc/exchange`, { ticket }),
    async ssoProviders() {
      const result = await request(fetchFn, `${origin}/api/agent/sso`, { method: 'GET' });
      if (!result.ok) return result;
      const providers = Array.isArray(result.value.providers)
        ? (result.value.providers as SsoProvider[])
        : [];
      return { ok: true, value: providers };
    },
    async logout(token) {
      const result = await request(fetchFn, `${origin}/api/agent/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      return result.ok ? { ok: true, value: { revoked: result.value.revoked === true } } : result;
    },
  };
}

import type { IncomingMessage } from 'node:http';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { clientAddress, type TrustProxy } from '../http/client-address.js';
import type { RecentlyGood } from '../http/recently-good.js';
import { type ConnectError, connectError } from './connect-error.js';

/** What the handshake middlewares read of a socket. */
export interface HandshakeSocket {
  request: IncomingMessage;
}

/** The refusal of a spent budget, saying when to come back. */
function tooMany(what: string, res: RateLimiterRes): ConnectError {
  return connectError(
    'rate_limited',
    `${what}; retry in ${Math.max(1, Math.ceil(res.msBeforeNext / 1000))} s`,
  );
}

/** Spends one handshake of `key`'s budget: nothing within it, the refusal past it. */
async function spend(
  limiter: RateLimiterMemory,
  key: string,
  what: string,
): Promise<ConnectError | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (error) {
    if (error instanceof RateLimiterRes) return tooMany(what, error);
    throw error;
  }
}

/**
 * Handshake middleware of `/visitor`: each client address (taken from trusted proxies only) may
 * attempt `connectionsPerMinutePerIp` handshakes a minute (DESIGN.md "Security model"). The
 * widget retries a `rate_limited` refusal with backoff, so visitors behind one address all get in.
 */
export function limitConnections(limiter: RateLimiterMemory, trust: TrustProxy) {
  return async (socket: HandshakeSocket, next: (err?: Error) => void): Promise<void> => {
    try {
      next(
        await spend(limiter, clientAddress(socket.request, trust), 'Too many connections from this address'),
      );
    } catch (error) {
      next(
        Object.assign(error as Error, { data: { code: 'internal', message: 'Connection limiter failed' } }),
      );
    }
  };
}

/** The budgets of a namespace whose clients authenticate (`/bot`, `/agent`). */
export interface AuthBudgets {
  /** Failed handshakes per client address (brute-force protection). */
  failures: RateLimiterMemory;
  /** Handshakes per authenticated id: a generous budget of its own, from any address. */
  perId: RateLimiterMemory;
  /** The tokens that got in from each address lately: let in while the address is refused. */
  recent: RecentlyGood;
}

/**
 * Runs a namespace's authentication within its budgets. An address past its failures is refused
 * (`rate_limited`) before anything it sends is looked at, but for a `credential` (the token the
 * handshake carries) that got in from it within the minute; a failed authentication
 * (`unauthorized`) counts against its address; a valid one counts only against its own id. So a
 * bot or agent with a valid token is never locked out by the visitors sharing its address, nor by
 * anyone else's successful handshakes, nor (once in) by someone guessing tokens from its address.
 * Resolves with the authenticated value, or the refusal to send.
 * @example
 * const bot = await authenticateWithin(budgets, address, token, async () => found ? { id: found.id, value: found } : connectError('unauthorized', '…'));
 */
export async function authenticateWithin<T>(
  budgets: AuthBudgets,
  address: string,
  credential: string,
  authenticate: () => Promise<{ id: string; value: T } | ConnectError>,
): Promise<{ ok: true; value: T } | { ok: false; refusal: ConnectError }> {
  const failed = await budgets.failures.get(address);
  if (
    failed &&
    failed.consumedPoints >= budgets.failures.points &&
    !budgets.recent.has(address, credential)
  ) {
    return { ok: false, refusal: tooMany('Too many failed logins from this address', failed) };
  }
  const outcome = await authenticate();
  if (outcome instanceof Error) {
    if (outcome.data.code === 'unauthorized') await budgets.failures.penalty(address);
    return { ok: false, refusal: outcome };
  }
  budgets.recent.remember(address, credential);
  const over = await spend(budgets.perId, outcome.id, 'Too many connections for this login');
  return over ? { ok: false, refusal: over } : { ok: true, value: outcome.value };
}

/** The token a handshake carries (`auth.token`), as the credential `authenticateWithin` keeps. */
export const handshakeToken = (auth: unknown): string => {
  const token = (auth as { token?: unknown } | null | undefined)?.token;
  return typeof token === 'string' ? token : '';
};

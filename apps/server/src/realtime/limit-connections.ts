import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import { connectError } from './connect-error.js';

/**
 * Handshake middleware: each address may attempt `connectionsPerMinutePerIp` handshakes a minute
 * across every namespace (DESIGN.md "Security model": connections per IP).
 */
export function limitConnections(limiter: RateLimiterMemory) {
  return async (socket: Pick<Socket, 'handshake'>, next: (err?: Error) => void): Promise<void> => {
    try {
      await limiter.consume(socket.handshake.address);
      next();
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        next(connectError('rate_limited', 'Too many connections from this address'));
      } else {
        next(
          Object.assign(error as Error, { data: { code: 'internal', message: 'Connection limiter failed' } }),
        );
      }
    }
  };
}

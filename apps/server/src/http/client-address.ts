import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Whether the address `hop` steps from the server is a trusted proxy (proxy-addr's trust function). */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The trust function of the configured proxies, made once: Fastify's `trustProxy` and the sockets'
 * `clientAddress` take the same one, so HTTP and sockets see a client at the same address.
 * @example const trust = trustProxies(['10.0.0.0/8']);
 */
export function trustProxies(list: readonly string[]): TrustProxy {
  return proxyAddr.compile([...list]);
}

/**
 * A request's client address: its connection's, unless that is a trusted proxy, in which case
 * the nearest address in `X-Forwarded-For` that is not one (so a client cannot make up an
 * address by sending the header itself). With no trusted proxies, always the connection's.
 * @example clientAddress(socket.request, trust) // '203.0.113.7'
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(request, trust);
}

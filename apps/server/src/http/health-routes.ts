import type { FastifyInstance } from 'fastify';
import { within } from '../store/within.js';

/** A readiness check: resolves true when its dependency serves requests; never rejects for long. */
export type ReadinessCheck = () => Promise<boolean> | boolean;

/** Each check's answer in `/readyz`. */
type CheckState = 'ok' | 'unavailable';

/** A check that has not answered after this long counts as unavailable. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * `/healthz`: the process is alive (200 while its event loop runs; a process manager restarts it
 * otherwise). `/readyz`: it can serve requests now, 200 `{ status: 'ok', checks }`, or 503
 * `{ status: 'unavailable', checks }` while a check fails (Redis down or loading its data, the
 * Socket.IO adapter's Redis clients reconnecting): a load balancer then sends new clients
 * elsewhere, without restarting a process that will recover by itself.
 * @example registerHealthRoutes(http, { store: () => store.ready() });
 */
export function registerHealthRoutes(http: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  http.get('/healthz', async () => ({ status: 'ok' }));

  http.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]): Promise<[string, CheckState]> => {
        try {
          return [name, (await within(Promise.resolve(check()), CHECK_TIMEOUT_MS)) ? 'ok' : 'unavailable'];
        } catch {
          return [name, 'unavailable']; // the check's own failure is its answer (logged by the store)
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ok' : 'unavailable',
      checks: Object.fromEntries(results),
    });
  });
}

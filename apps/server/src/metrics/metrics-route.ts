import { fail } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { sameBytes } from '../crypto/same-bytes.js';

/** Whether `header` is `Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return sameBytes(given, expected);
}

/**
 * `GET /metrics` in the Prometheus text format. With a token (`metrics.token` in the config),
 * a scrape must send `Authorization: Bearer <token>`, else 401 `unauthorized`; without one it is
 * open (the demo's config; never in production, see docs/metrics.md).
 * @example registerMetricsRoute(http, { registry: metrics.registry, token: config.metrics.token });
 */
export function registerMetricsRoute(
  http: FastifyInstance,
  { registry, token }: { registry: Registry; token: string | undefined },
): void {
  http.get('/metrics', async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send(fail('unauthorized', 'Send the metrics token as "Authorization: Bearer <token>"'));
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

import { fail, parsePayload, type Result, type WireError } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ParleyConfig } from '../config/config-schema.js';
import { recentlyGood } from '../http/recently-good.js';
import type { ApiKeyStore } from '../records/api-key-store.js';
import { StoreUnavailableError, UNAVAILABLE_MESSAGE } from '../store/guard-store.js';
import { renderApiDocs } from './api-docs-page.js';
import { parseApiKey, scopeAllows, secretMatches } from './api-key.js';
import { type ApiCaller, type ApiRoute, STATUS_OF } from './api-route.js';
import { buildOpenApi, fastifyPath } from './openapi.js';

export interface ApiDeps {
  config: ParleyConfig;
  /** Undefined when the server keeps no records: every operation answers `unavailable`. */
  keys: ApiKeyStore | undefined;
  /** The route table: every operation of `/api/v1`. */
  routes: readonly ApiRoute[];
  /** Requests per key (its id is the limiter's key). */
  limiter: RateLimiterMemory;
  /** Requests with a missing, unknown or revoked key per client address. */
  failures: RateLimiterMemory;
  logger: Logger;
  clock: () => number;
}

const UNAUTHORIZED = 'Send a live API key of this server as `Authorization: Bearer pk_…`';

class ApiError extends Error {
  constructor(
    readonly wire: WireError,
    readonly headers: Record<string, string> = {},
  ) {
    super(wire.message);
  }
}

const refuse = (code: WireError['code'], message: string, headers?: Record<string, string>): never => {
  throw new ApiError({ code, message }, headers);
};

/** Takes a result's value, or throws its error as the answer. */
const unwrap = <T>(result: Result<T>): T =>
  result.ok ? result.value : refuse(result.error.code, result.error.message);

/**
 * Mounts the REST API (issue 13): every route of the table under `/api/v1`, each authenticated
 * (a live key of a configured site, `Authorization: Bearer`), rate-limited per key, authorised by
 * scope, its path parameters, query and body parsed by its schemas, and answered
 * `{ ok: true, ... }` or `{ ok: false, error: { code, message } }` with the matching status.
 * Also `/api/v1/openapi.json` (the document of the same table) and `/api/docs` (a readable page).
 * @example await registerApi(http, { config, keys: records.apiKeys, routes, limiter, logger, clock });
 */
export async function registerApi(http: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { config, keys, logger, clock } = deps;
  const document = buildOpenApi(deps.routes);
  const docsPage = renderApiDocs(document);
  http.get('/api/docs', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(docsPage),
  );

  /** Spends a point of `limiter` for `id`; past its budget, `rate_limited` with `Retry-After`. */
  const spend = async (limiter: RateLimiterMemory, id: string, what: string) => {
    try {
      await limiter.consume(id);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.ceil(error.msBeforeNext / 1000);
      refuse('rate_limited', `Too many ${what}; try again in ${seconds} s`, {
        'retry-after': String(seconds),
      });
    }
  };

  /** The keys that got in from each address lately: let in while the address is refused. */
  const recent = recentlyGood(deps.failures.duration * 1000, clock);

  const authenticate = async (request: FastifyRequest, route: ApiRoute): Promise<ApiCaller> => {
    const header = request.headers.authorization ?? '';
    // An address that failed too often this minute is refused without a look at its key (as the
    // sockets' handshakes are): guessing costs no database reads. A key that got in from it
    // within the minute is still checked (`recentlyGood`).
    const failures = await deps.failures.get(request.ip);
    if (failures && failures.remainingPoints <= 0 && !recent.has(request.ip, header)) {
      await spend(deps.failures, request.ip, 'requests with bad keys from this address');
    }
    const parsed = header.startsWith('Bearer ') ? parseApiKey(header.slice('Bearer '.length).trim()) : null;
    if (!keys && parsed) return refuse('unavailable', 'This server keeps no records, where API keys live');
    const key = parsed && keys ? await keys.find(parsed.id) : null;
    const site = key && config.sites.find((s) => s.key === key.siteKey);
    if (!parsed || !key || !site || key.revokedAt !== null || !secretMatches(key.secretHash, parsed.secret)) {
      await spend(deps.failures, request.ip, 'requests with bad keys from this address');
      return refuse('unauthorized', UNAUTHORIZED);
    }
    recent.remember(request.ip, header);
    await spend(deps.limiter, key.id, 'requests with this key');
    if (!scopeAllows(key.scope, route.scope)) {
      refuse('forbidden', `This needs a key of scope ${route.scope}; this one is ${key.scope}`);
    }
    keys
      ?.touch(key.id, clock())
      .catch((err: unknown) => logger.warn({ err, key: key.id }, 'cannot note an API key use'));
    const { secretHash: _, ...info } = key;
    return { key: info, site };
  };

  const parsed = (schema: ApiRoute['params'], input: unknown, what: string) => {
    if (!schema) return undefined;
    const result = parsePayload(schema, input ?? {});
    return result.ok ? result.value : refuse(result.error.code, `${what}: ${result.error.message}`);
  };

  const answer = (reply: FastifyReply, error: unknown) => {
    if (error instanceof ApiError) {
      return reply
        .code(STATUS_OF[error.wire.code])
        .headers(error.headers)
        .send({ ok: false, error: error.wire });
    }
    return failed(reply, error);
  };

  /**
   * Anything thrown that is not an answer is a store or the records failing (services return
   * every refusal as a result): retryable `unavailable`, logged; Fastify's own request errors
   * (malformed JSON, a body too large) keep their meaning.
   */
  const failed = (reply: FastifyReply, error: unknown) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.code(413).send(fail('payload_too_large', 'The body is too large'));
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(400).send(fail('invalid_payload', (error as Error).message));
    }
    if (!(error instanceof StoreUnavailableError)) logger.error({ err: error }, 'REST API request failed');
    return reply.code(503).send(fail('unavailable', UNAVAILABLE_MESSAGE));
  };

  await http.register(
    async (api) => {
      api.setErrorHandler(async (error, _request, reply) => failed(reply, error));
      api.setNotFoundHandler(async (request, reply) =>
        reply
          .code(404)
          .send(fail('not_found', `No operation ${request.method} ${request.url.split('?')[0]}`)),
      );
      api.get('/openapi.json', async () => document);
      for (const route of deps.routes) {
        api.route({
          method: route.method,
          url: fastifyPath(route.path),
          handler: async (request, reply) => {
            try {
              const caller = await authenticate(request, route);
              const result = await route.handle({
                caller,
                params: parsed(route.params, request.params, 'path') as never,
                query: parsed(route.query, request.query, 'query') as never,
                body: parsed(route.body, request.body, 'body') as never,
              });
              return reply.code(route.status ?? 200).send({ ok: true, ...(unwrap(result) as object) });
            } catch (error) {
              return answer(reply, error);
            }
          },
        });
      }
    },
    { prefix: '/api/v1' },
  );
}

import type { ErrorCode, Result } from '@parley/protocol';
import type * as v from 'valibot';
import type { SiteConfig } from '../config/config-schema.js';
import type { ApiKeyInfo, ApiScope } from '../records/api-key-store.js';

/** Whoever a request is from: a live key of a known site. */
export interface ApiCaller {
  key: ApiKeyInfo;
  site: SiteConfig;
}

type Schema = v.GenericSchema;
type Out<S> = S extends Schema ? v.InferOutput<S> : undefined;

/**
 * One operation of the REST API, declared once: its path, the scope it needs, the schemas of its
 * path parameters, query and body (what the handler is given is what they parsed), and the schema
 * of its answer. The same entry registers the Fastify route, validates the request and writes the
 * operation into the OpenAPI document (`openapi.ts`), so the three cannot drift.
 */
export interface ApiRoute<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Under `/api/v1`, OpenAPI style: `/sessions/{id}`. */
  path: `/${string}`;
  operationId: string;
  summary: string;
  /** The OpenAPI tag the reference groups it under. */
  tag: string;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  /** What `{ ok: true, ... }` carries besides `ok` (a strict object schema). */
  response: R;
  /** 201 for what creates something; 200 otherwise. */
  status?: 200 | 201;
  /** Error codes it may answer besides the ones every operation may (documented). */
  errors?: readonly ErrorCode[];
  handle(input: {
    caller: ApiCaller;
    params: Out<P>;
    query: Out<Q>;
    body: Out<B>;
  }): Promise<Result<v.InferOutput<R>>>;
}

/**
 * Declares a route, inferring its input types from its schemas.
 * @example
 * defineRoute({ method: 'GET', path: '/agents/presence', operationId: 'listPresence', summary: '…',
 *   tag: 'Agents', scope: 'read', response: PresenceListSchema,
 *   handle: async () => ({ ok: true, value: { agents: await presence.list() } }) });
 */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema = Schema,
>(route: ApiRoute<P, Q, B, R>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** The HTTP status of each error code. */
export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_payload: 400,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  invalid_transition: 409,
  conflict: 409,
  session_closed: 409,
  rate_limited: 429,
  unavailable: 503,
  not_configured: 501,
  unknown_event: 404,
  internal: 500,
};

import { ERROR_CODES, type ErrorCode } from '@parley/protocol';
import { type JsonSchema, toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { type ApiRoute, STATUS_OF } from './api-route.js';

/** An OpenAPI 3.1 document (only the parts Parley writes). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  /** The least scope a key needs (Parley's extension). */
  'x-scope': string;
  parameters: OpenApiParameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, { description: string; content: { 'application/json': { schema: JsonSchema } } }>;
}

/** Errors every operation may answer, besides its own (`ApiRoute.errors`). */
const COMMON_ERRORS = [
  'invalid_payload',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'unavailable',
] as const;

const ErrorSchema = v.strictObject({
  ok: v.literal(false),
  error: v.strictObject({ code: v.picklist(ERROR_CODES), message: v.string() }),
});

/**
 * A valibot schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). `input` for what a client
 * sends (before transforms: a query number is a digit string), `output` for what it gets.
 * Transforms and checks JSON Schema cannot say (trimming, say) are left out of the document; the
 * server still applies them.
 */
export function jsonSchemaOf(schema: v.GenericSchema, typeMode: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    typeMode,
    errorMode: 'ignore',
  });
  return rest;
}

/** The properties of an object schema's JSON Schema, one parameter each. */
function parametersOf(schema: v.GenericSchema | undefined, where: 'path' | 'query'): OpenApiParameter[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => {
    const { description, ...rest } = property as JsonSchema & { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });

/** Error answers by HTTP status, each naming its codes; every one is an `Error`. */
function errorResponses(codes: Iterable<ErrorCode>): OpenApiOperation['responses'] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(STATUS_OF[code], [...(byStatus.get(STATUS_OF[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, named]) => [
      String(status),
      {
        description: named.map((c) => `\`${c}\``).join(', '),
        ...json({ $ref: '#/components/schemas/Error' }),
      },
    ]),
  );
}

/** What `{ ok: true, ... }` answers look like for a route. */
export function successSchemaOf(route: ApiRoute): v.GenericSchema {
  const { response } = route;
  if (!('entries' in response))
    throw new Error(`${route.operationId}: the response must be an object schema`);
  return v.strictObject({ ok: v.literal(true), ...(response.entries as v.ObjectEntries) });
}

/** A route's path in Fastify's syntax: `/sessions/{id}` becomes `/sessions/:id`. */
export const fastifyPath = (path: string): string => path.replace(/\{([a-zA-Z]+)\}/g, ':$1');

/**
 * The OpenAPI 3.1 document of a route table: paths, parameters, bodies and answers (success and
 * errors) from the very schemas the server validates with and answers by.
 * @example const document = buildOpenApi(routes); // served at /api/v1/openapi.json
 */
export function buildOpenApi(routes: readonly ApiRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const errors = new Set<ErrorCode>([...COMMON_ERRORS, ...(route.errors ?? [])]);
    const operation: OpenApiOperation = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      'x-scope': route.scope,
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.body
        ? { requestBody: { required: true as const, ...json(jsonSchemaOf(route.body, 'input')) } }
        : {}),
      responses: {
        [String(route.status ?? 200)]: {
          description: 'Done',
          ...json(jsonSchemaOf(successSchemaOf(route), 'output')),
        },
        ...errorResponses(errors),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley REST API',
      version: '1',
      description:
        "Sessions, visitors, offline messages, agents, API keys and webhooks of one site, for the API key's site. " +
        'Every answer is `{ ok: true, ... }` or `{ ok: false, error: { code, message } }`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (`pk_…`) of the site, as `Authorization: Bearer pk_…`.',
        },
      },
      schemas: { Error: jsonSchemaOf(ErrorSchema, 'output') },
    },
  };
}

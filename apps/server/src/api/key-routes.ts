import { fail } from '@parley/protocol';
import * as v from 'valibot';
import { API_SCOPES, type ApiKeyStore } from '../records/api-key-store.js';
import { type ApiServices, IdParamsSchema } from './api-context.js';
import { createApiKey } from './api-key.js';
import { defineRoute } from './api-route.js';
import { ApiKeyAnswerSchema, ApiKeyCreatedSchema, ApiKeyListSchema } from './api-schemas.js';

const TAG = 'API keys';

const noKeys = () => fail('unavailable', 'This server keeps no records, where API keys live');

export const CreateApiKeySchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  scope: v.picklist(API_SCOPES),
});

/** The site's API keys (admin keys): create (the key shown once), list, revoke; audited. */
export function keyRoutes(services: ApiServices) {
  const { audit, clock } = services;
  // Never reached without records: a request is authenticated against this store first.
  const keys: ApiKeyStore | undefined = services.records?.apiKeys;
  return [
    defineRoute({
      method: 'POST',
      path: '/api-keys',
      operationId: 'createApiKey',
      summary: "A new key of this site. The answer's `key` is the only time the key is shown: keep it.",
      tag: TAG,
      scope: 'admin',
      body: CreateApiKeySchema,
      response: ApiKeyCreatedSchema,
      status: 201,
      async handle({ caller, body }) {
        if (!keys) return noKeys();
        const { apiKey, key } = await createApiKey(keys, {
          siteKey: caller.site.key,
          name: body.name,
          scope: body.scope,
          now: clock(),
        });
        await audit.record({
          actor: { kind: 'api-key', id: caller.key.id },
          action: 'api-key.create',
          target: { kind: 'api-key', id: apiKey.id },
          siteKey: caller.site.key,
          details: { name: apiKey.name, scope: apiKey.scope },
        });
        return { ok: true, value: { apiKey, key } };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api-keys',
      operationId: 'listApiKeys',
      summary: "The site's keys, newest first, revoked ones included; never their secrets.",
      tag: TAG,
      scope: 'admin',
      response: ApiKeyListSchema,
      handle: async ({ caller }) =>
        keys ? { ok: true, value: { keys: await keys.list(caller.site.key) } } : noKeys(),
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api-keys/{id}',
      operationId: 'revokeApiKey',
      summary: 'Revokes a key of the site for good (idempotent); it is refused from the next request on.',
      tag: TAG,
      scope: 'admin',
      params: IdParamsSchema,
      response: ApiKeyAnswerSchema,
      async handle({ caller, params }) {
        if (!keys) return noKeys();
        const found = await keys.find(params.id);
        if (!found || found.siteKey !== caller.site.key) return fail('not_found', `No API key ${params.id}`);
        const apiKey = await keys.revoke(params.id, clock());
        if (!apiKey) return fail('not_found', `No API key ${params.id}`);
        await audit.record({
          actor: { kind: 'api-key', id: caller.key.id },
          action: 'api-key.revoke',
          target: { kind: 'api-key', id: apiKey.id },
          siteKey: caller.site.key,
        });
        return { ok: true, value: { apiKey } };
      },
    }),
  ];
}

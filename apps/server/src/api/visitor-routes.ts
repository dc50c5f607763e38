import { fail } from '@parley/protocol';
import { type ApiServices, IdParamsSchema, recordsOf } from './api-context.js';
import { defineRoute } from './api-route.js';
import { ErasedSchema, VisitorAnswerSchema, VisitorExportAnswerSchema } from './api-schemas.js';

const TAG = 'Visitors';

/** Visitors of the key's site in the records: what is known, an export, and erasure (GDPR). */
export function visitorRoutes(services: ApiServices) {
  const { history } = services;
  const actorOf = (keyId: string) => ({ kind: 'api-key' as const, id: keyId });
  return [
    defineRoute({
      method: 'GET',
      path: '/visitors/{id}',
      operationId: 'getVisitor',
      summary: 'What the records know of a visitor of the site: name, email, attributes, pre-chat answers.',
      tag: TAG,
      scope: 'read',
      params: IdParamsSchema,
      response: VisitorAnswerSchema,
      async handle({ caller, params }) {
        const records = recordsOf(services);
        if (!records.ok) return records;
        const visitor = await records.value.visitor(caller.site.key, params.id);
        return visitor ? { ok: true, value: { visitor } } : fail('not_found', `No visitor ${params.id}`);
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/visitors/{id}/export',
      operationId: 'exportVisitor',
      summary: 'Everything kept about a visitor, as one JSON document (a GDPR access request); audited.',
      tag: TAG,
      scope: 'admin',
      params: IdParamsSchema,
      response: VisitorExportAnswerSchema,
      handle: ({ caller, params }) =>
        history.exportVisitorAs(actorOf(caller.key.id), { siteKey: caller.site.key, visitorId: params.id }),
    }),

    defineRoute({
      method: 'DELETE',
      path: '/visitors/{id}',
      operationId: 'eraseVisitor',
      summary:
        'Erases a visitor (GDPR): their open session closes, their words and personal data go, their sessions stay as shells, their tokens stop working. Idempotent; audited with the key as actor.',
      tag: TAG,
      scope: 'admin',
      params: IdParamsSchema,
      response: ErasedSchema,
      handle: ({ caller, params }) =>
        history.eraseVisitorAs(actorOf(caller.key.id), { siteKey: caller.site.key, visitorId: params.id }),
    }),
  ];
}

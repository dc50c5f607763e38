import { LabelChangeSchema } from '@parley/protocol';
import * as v from 'valibot';
import type { LabelService } from '../sessions/label-service.js';
import { type ApiServices, IdParamsSchema, siteSession } from './api-context.js';
import { type ApiRoute, defineRoute } from './api-route.js';

const LabelsSchema = v.strictObject({ labels: v.array(v.string()) });

/**
 * `POST /sessions/{id}/labels` (issue 15): adds and removes labels of a live session of the
 * key's site, as the key (the `session.labeled` webhook names it `api-key:<id>`).
 * @example apiRoutes(services, labelRoutes(services, labels))
 */
export function labelRoutes(services: ApiServices, labels: LabelService): ApiRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/sessions/{id}/labels',
      operationId: 'labelSession',
      summary:
        'Adds and removes labels of a live session (`add`, `remove`: lists of 1-40 letters, digits, spaces, _ or -, kept in lower case; at most 20 on a session). Returns its labels after.',
      tag: 'Sessions',
      scope: 'write',
      params: IdParamsSchema,
      body: LabelChangeSchema,
      response: LabelsSchema,
      errors: [],
      async handle({ caller, params, body }) {
        const session = await siteSession(services, caller, params.id);
        if (!session.ok) return session;
        return labels.label(session.value, body, { role: 'system', id: `api-key:${caller.key.id}` });
      },
    }),
  ];
}

import type { ApiServices } from './api-context.js';
import type { ApiRoute } from './api-route.js';
import { fileApiRoutes } from './file-api-routes.js';
import { keyRoutes } from './key-routes.js';
import { reportRoutes } from './report-routes.js';
import { sessionRoutes } from './session-routes.js';
import { siteRoutes } from './site-routes.js';
import { supervisorRoutes } from './supervisor-routes.js';
import { visitorRoutes } from './visitor-routes.js';
import { webhookRoutes } from './webhook-routes.js';

/**
 * The route table of `/api/v1`: every operation, in the order the reference lists them. Another
 * module's operations join by adding their array here (or passing it as `more`), e.g. the
 * webhooks' `webhookRoutes(webhooks)`: registration, validation and the OpenAPI document follow.
 * @example const routes = apiRoutes(services, [...webhookRoutes(webhooks)]);
 */
export function apiRoutes(services: ApiServices, more: readonly ApiRoute[] = []): ApiRoute[] {
  return [
    ...sessionRoutes(services),
    ...fileApiRoutes(services),
    ...visitorRoutes(services),
    ...siteRoutes(services),
    ...supervisorRoutes(services),
    ...keyRoutes(services),
    ...reportRoutes(services),
    ...webhookRoutes(services.webhooks),
    ...more,
  ];
}

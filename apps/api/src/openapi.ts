import { CATALOG_ROUTES } from '@hvs/geography';
import type { OpenApiInfo } from '@hvs/platform';

/** What the API's OpenAPI document says about itself (served at /docs, written to docs/openapi.json). */
export const API_OPENAPI_INFO: OpenApiInfo = {
  title: 'Học Vụ Số API',
  description:
    'API of the "Bình dân học vụ số" platform. Every route is under /api/v1; errors have the body ' +
    '{ "error": { "code", "message", "details", "requestId" } } with a stable code and a Vietnamese message.',
  version: '1',
  fastRoutes: Object.values(CATALOG_ROUTES),
};

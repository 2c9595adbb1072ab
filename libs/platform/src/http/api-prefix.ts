/** Every API route is under this prefix; health checks are not. */
export const API_PREFIX = 'api/v1';

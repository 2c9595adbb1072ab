import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { QueryInt } from './query-params';

export const MAX_PAGE_LIMIT = 500;
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_OFFSET = 10_000_000;

/** `limit` / `offset` query parameters shared by every list endpoint. */
export class PageQuery {
  @QueryInt({ min: 1, max: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: 'Page size' })
  limit: number = DEFAULT_PAGE_LIMIT;

  @QueryInt({ min: 0, max: MAX_PAGE_OFFSET, default: 0, description: 'Items to skip' })
  offset: number = 0;
}

/** The shape of every list response. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function pageOf<T>(items: T[], total: number, query: Pick<PageQuery, 'limit' | 'offset'>): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** Pages a list that is already in memory and in its final order. */
export function slicePage<T>(all: readonly T[], query: Pick<PageQuery, 'limit' | 'offset'>): Page<T> {
  return pageOf(all.slice(query.offset, query.offset + query.limit), all.length, query);
}

/** OpenAPI description of a `Page<Model>` response. */
export function ApiPageResponse(model: ClassType<unknown>, description?: string) {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'total', 'limit', 'offset'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          total: { type: 'integer' },
          limit: { type: 'integer' },
          offset: { type: 'integer' },
        },
      },
    }),
  );
}

export function mapPage<A, B>(page: Page<A>, fn: (a: A) => B): Page<B> {
  return { ...page, items: page.items.map(fn) };
}

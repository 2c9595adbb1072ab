import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { QueryInt } from './query-params';
import { AppError } from './app-error';

export const MAX_KEYSET_LIMIT = 200;

/**
 * `limit` / `cursor` of lists paged by key (rows after the last one seen) rather than by offset: stable
 * while rows are added, and each page an index range scan however deep it is.
 */
export class KeysetPageQuery {
  @QueryInt({ min: 1, max: MAX_KEYSET_LIMIT, default: 50, description: 'Page size' })
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'phải là con trỏ trang nhận được từ trang trước' })
  cursor?: string;
}

/** The shape of every keyset-paged list response. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
  limit: number;
}

export const invalidCursor = () => AppError.badRequest('INVALID_CURSOR', 'Con trỏ trang không hợp lệ. Hãy tải lại trang đầu.', { field: 'cursor' });

/** An opaque cursor from the sort key of the last row of a page. */
export function encodeCursor(...key: string[]): string {
  return Buffer.from(key.join('|'), 'utf8').toString('base64url');
}

/** The sort key inside a cursor, each part checked by its pattern; 400 INVALID_CURSOR otherwise. */
export function decodeCursor(cursor: string, parts: readonly RegExp[]): string[] {
  const key = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (key.length !== parts.length || key.some((value, i) => !parts[i].test(value))) throw invalidCursor();
  return key;
}

/**
 * Turns `limit + 1` rows read after the cursor into a page: the extra row only says there is a next
 * page, whose cursor is the key of the last row shown.
 */
export function keysetPage<R, V>(rows: readonly R[], limit: number, toView: (row: R) => V, keyOf: (row: R) => string[]): KeysetPage<V> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { items: shown.map(toView), nextCursor: more && last ? encodeCursor(...keyOf(last)) : null, limit };
}

/** OpenAPI description of a `KeysetPage<Model>` response. */
export function ApiKeysetPageResponse(model: ClassType<unknown>, description?: string) {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor', 'limit'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          nextCursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' },
          limit: { type: 'integer' },
        },
      },
    }),
  );
}

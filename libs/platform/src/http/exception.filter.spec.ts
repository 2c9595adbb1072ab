import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { toAppError } from './exception.filter';

describe('toAppError', () => {
  it('keeps an AppError as it is', () => {
    const e = AppError.conflict('X', 'y');
    expect(toAppError(e)).toBe(e);
  });

  it('maps framework HTTP errors to stable codes and Vietnamese messages', () => {
    expect(toAppError(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
    expect(toAppError(new BadRequestException())).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: 'Yêu cầu không hợp lệ.' });
  });

  it('keeps the checks of a failed readiness probe as details', () => {
    const e = toAppError(new ServiceUnavailableException({ status: 'error', error: { redis: { status: 'down' } } }));
    expect(e).toMatchObject({ status: 503, code: 'NOT_READY', details: { error: { redis: { status: 'down' } } } });
  });

  it('turns database constraint violations into client errors, not 500s', () => {
    const unique = new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: '23505' }));
    expect(toAppError(unique)).toMatchObject({ status: 409, code: 'CONFLICT' });
    const badText = new QueryFailedError('SELECT', [], Object.assign(new Error('bad'), { code: '22P02' }));
    expect(toAppError(badText)).toMatchObject({ status: 400 });
  });

  it('hides anything else behind a 500 INTERNAL_ERROR without its message', () => {
    const e = toAppError(new Error('secret connection string postgres://u:p@h/db'));
    expect(e).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(e.message).not.toContain('secret');
    expect(e.details).toBeUndefined();
  });
});

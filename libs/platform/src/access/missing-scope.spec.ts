import { Controller, Get, Injectable, Logger, Module, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AllExceptionsFilter, toAppError } from '../http/exception.filter';
import type { AccessScope } from '../scope/access-scope';
import { CallerScope, MissingScopeError, requireRequestScope, type AccessContext } from './access.decorators';
import { CurrentCaller, type Caller } from './caller';

/** Stands in for the access guard: authenticates, and leaves the scope only when the test says so. */
@Injectable()
class FakeGuard implements CanActivate {
  static scope: AccessScope | undefined;
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AccessContext & { user: unknown }>();
    request.user = { id: 'a1', role: 'commune_officer' };
    if (FakeGuard.scope) request.accessScope = FakeGuard.scope;
    return true;
  }
}

@Controller()
@UseGuards(FakeGuard)
class ScopeController {
  @Get('scope')
  scope(@CallerScope() scope: AccessScope): AccessScope {
    return scope;
  }

  @Get('caller')
  caller(@CurrentCaller() caller: Caller): AccessScope {
    return caller.scope;
  }
}

@Module({ controllers: [ScopeController], providers: [FakeGuard] })
class ScopeModule {}

async function appWith(production: boolean): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ScopeModule, new FastifyAdapter(), { logger: false });
  app.useGlobalFilters(new AllExceptionsFilter({ production }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('a request without the scope the access guard should have left', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    FakeGuard.scope = undefined;
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errors.mockRestore());

  it('never reads as the whole country', () => {
    expect(() => requireRequestScope({}, 'test')).toThrow(MissingScopeError);
    expect(requireRequestScope({ accessScope: { kind: 'paths', paths: ['22'] } }, 'test')).toEqual({ kind: 'paths', paths: ['22'] });
  });

  it('is a logged server error outside production, for CallerScope and CurrentCaller alike', async () => {
    const app = await appWith(false);
    try {
      for (const url of ['/scope', '/caller']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(500);
        expect(res.json()).toMatchObject({ error: { code: 'INTERNAL_ERROR' } });
      }
      expect(errors).toHaveBeenCalledTimes(2);
    } finally {
      await app.close();
    }
  });

  it('is a 403 in production, logged too, and nothing of the data', async () => {
    const app = await appWith(true);
    try {
      for (const url of ['/scope', '/caller']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: 'Bạn không có quyền thực hiện thao tác này.' } });
      }
      expect(errors).toHaveBeenCalledTimes(2);
    } finally {
      await app.close();
    }
  });

  it('the scope the guard left is what the handler gets', async () => {
    FakeGuard.scope = { kind: 'paths', paths: ['22.06673'] };
    const app = await appWith(true);
    try {
      for (const url of ['/scope', '/caller']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ kind: 'paths', paths: ['22.06673'] });
      }
    } finally {
      await app.close();
    }
  });

  it('maps to 403 or 500 by the process mode', () => {
    const e = new MissingScopeError('x');
    expect(toAppError(e, { production: true })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(toAppError(e)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });
});

import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AttendanceShareRegistry, AttendanceShareSource, NO_SOURCE } from './attendance-share';
import { CourseCompletionModule } from './completion.module';

@Injectable()
class FakeShares extends AttendanceShareSource implements OnModuleInit {
  constructor(private readonly registry: AttendanceShareRegistry) {
    super();
  }
  onModuleInit(): void {
    this.registry.register(this);
  }
  sharesFrom(pairs: string): string {
    return `SELECT * FROM fake_shares(${pairs})`;
  }
}

@Module({ imports: [CourseCompletionModule], providers: [FakeShares] })
class WithSource {}

@Module({ imports: [CourseCompletionModule] })
class WithoutSource {}

describe('CourseCompletionModule: class attendance must be registered in any process that evaluates completion', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('refuses to start without an AttendanceShareSource', async () => {
    // createApplicationContext runs the start-up hooks (init)
    await expect(NestFactory.createApplicationContext(WithoutSource, { logger: false, abortOnError: false })).rejects.toThrow(NO_SOURCE);
  });

  it('starts with one, and evaluates with its SQL', async () => {
    const app = await NestFactory.createApplicationContext(WithSource, { logger: false });
    try {
      const registry = app.get(AttendanceShareRegistry);
      expect(registry.current).toBeInstanceOf(FakeShares);
      expect(registry.sharesFrom('SELECT 1')).toBe('SELECT * FROM fake_shares(SELECT 1)');
    } finally {
      await app.close();
    }
  });

  it('never answers "no attendance" silently: shares without a source are an error', () => {
    expect(() => new AttendanceShareRegistry().sharesFrom('SELECT 1')).toThrow(NO_SOURCE);
  });
});

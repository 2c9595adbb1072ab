import { Module } from '@nestjs/common';
import { ClassAttendanceSharesModule } from '@hvs/classes';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule } from '@hvs/identity';
import { LearningModule } from '@hvs/learning';
import { AuditModule, ConfigModule, DatabaseModule, OutboxModule } from '@hvs/platform';
import { bearer, createTestAppWithDemoData, registerTestResident, TEST_RESIDENT_PASSWORD, type TestApp } from '@hvs/testing';
import { runCli } from './cli';
import { exitCodeOf } from './command-outcome';

/** What the walkthrough talks to: accounts and one-time codes, the residents, the courses and quizzes. */
@Module({ imports: [ConfigModule, DatabaseModule, AuditModule, OutboxModule, GeographyModule, IdentityModule, LearningModule, ClassAttendanceSharesModule] })
class LearningApiModule {}

const BAY_PASSWORD = 'mat-khau-cua-bay';

/** The exit code of every command outcome, with the real commands: the api over HTTP, the real database. */
describe('command line: exit codes of each outcome', () => {
  let t: TestApp;
  let apiUrl: string;
  const saved = { ...process.env };
  const lines: string[] = [];
  const say = (line: string) => void lines.push(line);
  beforeAll(async () => {
    t = await createTestAppWithDemoData(LearningApiModule);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = await t.app.getUrl();
    Object.assign(saved, process.env); // the test database and Redis prefix of this file
  });
  afterAll(() => t.close());
  beforeEach(() => {
    lines.length = 0;
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
  });

  /** Runs a command line as `hvs` does, in this file's environment plus `env`; its exit code. */
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    process.env = { ...saved, API_URL: apiUrl, ...env };
    return exitCodeOf(await runCli(argv, say));
  };
  /** Moves every attempt (of this file's database) an hour back, as if the cooldown had passed. */
  const waitOutCooldown = () =>
    t.db.query(
      `UPDATE learning_attempts SET started_at = started_at - interval '1 hour', submitted_at = submitted_at - interval '1 hour',
              deadline_at = deadline_at - interval '1 hour'`,
    );

  it('learn-demo: 0 when the final is taken as asked or was passed before, 75 within the cooldown, 1 with the wrong password', async () => {
    expect(await run(['learn-demo', '--answers', 'wrong'])).toBe(0); // first login by SMS code; failed on purpose
    expect(lines.join('\n')).toMatch(/CHƯA ĐẠT/);
    expect(await run(['learn-demo', '--password', BAY_PASSWORD])).toBe(75); // ATTEMPT_COOLDOWN: not yet
    expect(lines.join('\n')).toMatch(/409 ATTEMPT_COOLDOWN/);
    await waitOutCooldown();
    expect(await run(['learn-demo', '--password', BAY_PASSWORD])).toBe(0); // passes
    lines.length = 0;
    expect(await run(['learn-demo', '--password', BAY_PASSWORD, '--answers', 'wrong'])).toBe(0); // QUIZ_ALREADY_PASSED: it holds
    expect(lines.join('\n')).toMatch(/409 QUIZ_ALREADY_PASSED/);
    expect(await run(['learn-demo', '--password', 'khong-dung-mat-khau'])).toBe(1);
  }, 60_000);

  it('learn-demo: 1 once no attempt is left, and when the api does not answer', async () => {
    const resident = await registerTestResident(t, await bearer(t.http, 'xa.baichay'));
    const as = ['learn-demo', '--phone', resident.phone as string, '--password', TEST_RESIDENT_PASSWORD, '--answers', 'wrong'];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await run(as)).toBe(0);
      await waitOutCooldown();
    }
    lines.length = 0;
    expect(await run(as)).toBe(1); // ATTEMPTS_EXHAUSTED
    expect(lines.join('\n')).toMatch(/409 ATTEMPTS_EXHAUSTED/);
    expect(await run(['learn-demo', '--password', BAY_PASSWORD], { API_URL: 'http://127.0.0.1:9' })).toBe(1);
  }, 60_000);

  it('other commands: 1 when what they are for does not hold (no database, no Redis), 0 when it does', async () => {
    const missingDb = new URL(process.env.DATABASE_URL as string);
    missingDb.pathname = '/khong_co_co_so_du_lieu_nay';
    expect(await run(['seed:reference'], { DATABASE_URL: missingDb.toString() })).toBe(1);
    expect(await run(['seed'], { DATABASE_URL: missingDb.toString() })).toBe(1);
    // a Redis address that cannot resolve (not local: no attempt to start one with Docker)
    for (const command of ['migrate', 'setup', 'start']) {
      lines.length = 0;
      expect(await run([command], { REDIS_URL: 'redis://redis.invalid:6379' })).toBe(1);
      expect(lines.join('\n')).toMatch(/Redis is not reachable/);
    }
    expect(await run(['pii:rotate'], { PII_ENCRYPTION_KEY_ID: 'khong-co' })).toBe(1); // a configuration the process refuses
    expect(await run(['seed:reference'])).toBe(0); // already loaded: it holds
    expect(await run(['migrate'])).toBe(0); // up to date: it holds
  }, 60_000);
});

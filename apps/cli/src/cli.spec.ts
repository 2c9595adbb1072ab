import { loadEnv } from '@hvs/platform';
import { runCli, USAGE } from './cli';
import { EXIT_CODES, exitCodeOf, Outcome, type CommandOutcome } from './command-outcome';
import { submittedOutcome } from './commands/learn-demo';

const quiet = () => undefined;

describe('exit codes: one rule for every command', () => {
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());
  const printed = (spy: jest.SpyInstance) => spy.mock.calls.map((c) => String(c[0])).join('');

  it('0 when the state asked for holds, non-zero when it does not: 1 failed, 2 wrong command line, 75 not yet', () => {
    expect(exitCodeOf(Outcome.holds())).toBe(0);
    expect(exitCodeOf(Outcome.failed('x'))).toBe(1);
    expect(exitCodeOf(Outcome.usage('x'))).toBe(2);
    expect(exitCodeOf(Outcome.notYet('x', 600))).toBe(75);
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(Object.keys(EXIT_CODES).length);
  });

  it('a wrong or missing command is a usage error (2) with the usage; help holds (0)', async () => {
    expect(exitCodeOf(await runCli(['bogus'], quiet))).toBe(2);
    expect(printed(stderr)).toContain('unknown command "bogus"');
    expect(printed(stderr)).toContain(USAGE);
    expect(exitCodeOf(await runCli([], quiet))).toBe(2);
    expect(exitCodeOf(await runCli(['toString'], quiet))).toBe(2); // not a command, whatever objects have
    for (const help of ['help', '--help', '-h']) expect(exitCodeOf(await runCli([help], quiet))).toBe(0);
    expect(printed(stdout)).toContain(USAGE);
  });

  it('a command that throws has failed (1), its message on stderr; a returned outcome is passed on', async () => {
    const commands = {
      boom: async (): Promise<CommandOutcome> => {
        throw new Error('PostgreSQL said no');
      },
      later: async () => Outcome.notYet('cooldown', 60),
    };
    expect(await runCli(['boom'], quiet, commands)).toEqual({ kind: 'failed', reason: 'PostgreSQL said no' });
    expect(printed(stderr)).toContain('PostgreSQL said no');
    expect(exitCodeOf(await runCli(['later'], quiet, commands))).toBe(75);
  });

  it('keys holds; learn-demo with a bad option is a usage error, with --help it holds', async () => {
    expect(exitCodeOf(await runCli(['keys'], quiet))).toBe(0);
    expect(printed(stdout)).toMatch(/^JWT_SECRET=.{40,}$/m);
    const keys = printed(stdout);
    expect(keys).toMatch(/^CERTIFICATE_SIGNING_KEYS=c1:[A-Za-z0-9_-]{43}$/m);
    expect(keys).toMatch(/^CERTIFICATE_SIGNING_KEY_ID=c1$/m);
    // what it prints is a configuration that production accepts
    const printedEnv = Object.fromEntries(keys.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(loadEnv({ ...printedEnv, NODE_ENV: 'production' }).CERTIFICATE_SIGNING_KEY_ID).toBe('c1');
    expect(exitCodeOf(await runCli(['learn-demo', '--answers', 'maybe'], quiet))).toBe(2);
    expect(printed(stderr)).toContain('--answers must be one of correct, wrong, random');
    expect(exitCodeOf(await runCli(['learn-demo', '--bogus'], quiet))).toBe(2);
    expect(exitCodeOf(await runCli(['learn-demo', '--help'], quiet))).toBe(0);
  });

  it('learn-demo: a final below the pass mark holds only when the answers were not meant to pass', () => {
    expect(exitCodeOf(submittedOutcome('correct', true))).toBe(0);
    expect(exitCodeOf(submittedOutcome('correct', false))).toBe(1);
    expect(exitCodeOf(submittedOutcome('wrong', false))).toBe(0);
    expect(exitCodeOf(submittedOutcome('random', false))).toBe(0);
  });
});

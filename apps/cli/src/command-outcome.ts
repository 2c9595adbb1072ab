/**
 * How a command of the command line ends, and the one rule that gives the process's exit code: 0 when
 * the state the user asked for holds (made so by this run, or already so before it), non-zero when it
 * does not. Every command returns one of these; only `exitCodeOf` turns them into numbers.
 */
export type CommandOutcome =
  /** The state asked for holds. */
  | { kind: 'holds' }
  /** It does not: the command failed or was refused, and running it again as it is will not change that. */
  | { kind: 'failed'; reason: string }
  /** It does not hold yet: the same command can succeed later (after `retryAfterS` seconds, when known). */
  | { kind: 'not_yet'; reason: string; retryAfterS: number | null }
  /** The command line is wrong (unknown command, bad option): nothing was done. */
  | { kind: 'usage'; reason: string };

/** Exit codes: 0 holds, 1 failed, 2 usage (the shell convention), 75 not yet (EX_TEMPFAIL of sysexits.h: try again later). */
export const EXIT_CODES: Readonly<Record<CommandOutcome['kind'], number>> = { holds: 0, failed: 1, usage: 2, not_yet: 75 };

export const exitCodeOf = (outcome: CommandOutcome): number => EXIT_CODES[outcome.kind];

export const Outcome = {
  holds: (): CommandOutcome => ({ kind: 'holds' }),
  failed: (reason: string): CommandOutcome => ({ kind: 'failed', reason }),
  notYet: (reason: string, retryAfterS: number | null = null): CommandOutcome => ({ kind: 'not_yet', reason, retryAfterS }),
  usage: (reason: string): CommandOutcome => ({ kind: 'usage', reason }),
};

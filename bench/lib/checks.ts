import type { Verification } from './types';

/**
 * The checks of a scenario's verification: each one noted with its problem (null when it passed);
 * failures are all counted, and the first ones kept for the JSON with a few passing examples.
 */
export class Checks {
  private readonly examples: unknown[] = [];
  private readonly failures: unknown[] = [];
  private checked = 0;
  private failed = 0;

  constructor(
    private readonly maxExamples = 3,
    private readonly maxFailures = 20,
  ) {}

  note(entry: Record<string, unknown>, problem: string | null): void {
    this.checked++;
    if (problem) {
      this.failed++;
      if (this.failures.length < this.maxFailures) this.failures.push({ ...entry, problem });
    } else if (this.examples.length < this.maxExamples) {
      this.examples.push(entry);
    }
  }

  /** The verification's result; `method` says what was checked, in one sentence. */
  result(method: string): Verification {
    return { passed: this.failed === 0, checked: this.checked, failed: this.failed, method, examples: this.examples, failures: this.failures };
  }
}

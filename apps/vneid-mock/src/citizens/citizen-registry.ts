import { Injectable } from '@nestjs/common';
import { preReformProvinces } from '@hvs/geography';
import { parseCccd } from '@hvs/identity';
import { Env } from '@hvs/platform';
import { KNOWN_CITIZENS } from './known-citizens';
import {
  compareWithRegistry,
  generatedCitizen,
  sampleCccd,
  type NameAndBirth,
  type RegistryShares,
  type VerifyField,
  type VerifyOutcome,
  type VerifyResult,
} from './registry';

/** What the registry holds for a number, with the person behind it (GET /admin/citizens). */
export interface CitizenView {
  cccd: string;
  registered: boolean;
  registry: NameAndBirth | null;
  person: (NameAndBirth & { sex: 'male' | 'female' }) | null;
  expected: VerifyOutcome;
  field: VerifyField | null;
}

/**
 * The partner's citizen registry: people added at run time (POST /admin/citizens) first, then the
 * platform's demo residents, then everyone generated from the seed.
 */
@Injectable()
export class CitizenRegistry {
  private readonly shares: RegistryShares;
  private readonly known = new Map(KNOWN_CITIZENS.map((c) => [c.cccd, { fullName: c.fullName, birthDate: c.birthDate }]));
  private added = new Map<string, NameAndBirth>();
  private provinceCodes: string[] | undefined;

  constructor(env: Env) {
    this.shares = { seed: env.VNEID_SEED, notFoundRate: env.VNEID_NOT_FOUND_RATE, mismatchRate: env.VNEID_MISMATCH_RATE };
  }

  /** The registry's record of a number, or null when no one is registered under it. */
  record(cccd: string): NameAndBirth | null {
    return this.added.get(cccd) ?? this.known.get(cccd) ?? generatedCitizen(cccd, this.shares)?.registry ?? null;
  }

  verify(claim: NameAndBirth & { cccd: string }): VerifyResult {
    return compareWithRegistry(this.record(claim.cccd), claim);
  }

  describe(cccd: string): CitizenView {
    const registry = this.record(cccd);
    const listed = this.added.get(cccd) ?? this.known.get(cccd);
    const sex = parseCccd(cccd)?.sex ?? 'male';
    const person = listed ? { ...listed, sex } : (generatedCitizen(cccd, this.shares)?.person ?? null);
    const outcome = person ? compareWithRegistry(registry, person) : ({ result: 'not_found' } as const);
    return {
      cccd,
      registered: registry !== null,
      registry,
      person,
      expected: outcome.result,
      field: outcome.result === 'mismatch' ? outcome.field : null,
    };
  }

  add(citizens: Array<NameAndBirth & { cccd: string }>): number {
    for (const c of citizens) this.added.set(c.cccd, { fullName: c.fullName, birthDate: c.birthDate });
    return citizens.length;
  }

  /**
   * `count` generated people (after skipping `offset` of them) whose verification gives `expected`, in
   * the seed's order; fewer when the shares make them too rare to find.
   */
  sample(expected: VerifyOutcome, count: number, offset: number): CitizenView[] {
    this.provinceCodes ??= [...preReformProvinces().keys()].sort();
    const out: CitizenView[] = [];
    let skipped = 0;
    const budget = (offset + count) * 100 + 1000;
    for (let i = 0; i < budget && out.length < count; i++) {
      const view = this.describe(sampleCccd(this.shares.seed, i, this.provinceCodes));
      if (view.expected !== expected) continue;
      if (skipped < offset) skipped++;
      else out.push(view);
    }
    return out;
  }

  reset(): void {
    this.added = new Map();
  }
}

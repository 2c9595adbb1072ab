import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CertificateStateCounter } from '@hvs/certificates';
import { ParticipationFacts } from '@hvs/classes';
import { provinceCodeOfPath } from '@hvs/geography';
import { type ResidentProfile, ResidentProfiles } from '@hvs/identity';
import { CompletionFacts } from '@hvs/learning';
import { Env, vietnamToday } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { ageBandOn, cellChanges, dailyChanges, sameProjection, type ProjectionRow } from './coverage-cells';
import { CoverageRepository, SHARDS } from './coverage.repository';

/**
 * Brings reporting's projection of some residents up to date with the facts of every capability, and
 * the counters with it, in the caller's transaction (the outbox dispatcher's, so the event that asked
 * for it is consumed exactly when the counters move). State-based: whatever the event, each resident's
 * row is recomputed from the current facts and the counters get the difference, so events may come in
 * any order, twice, or for residents whose facts did not change.
 */
@Injectable()
export class CoverageProjector {
  constructor(
    private readonly env: Env,
    private readonly repository: CoverageRepository,
    private readonly profiles: ResidentProfiles,
    private readonly participation: ParticipationFacts,
    private readonly completions: CompletionFacts,
    private readonly certificates: CertificateStateCounter,
  ) {}

  /** The residents' projection recomputed from the current facts; null for a resident who is not (or no longer) active. */
  async compute(
    manager: EntityManager | undefined,
    ids: readonly string[],
    today: string,
    /** The residents' profiles when the caller has just read them (the recount's pages): not read again. */
    known?: ReadonlyMap<string, ResidentProfile>,
  ): Promise<Map<string, ProjectionRow | null>> {
    const reads = [
      () => (known ? Promise.resolve(known) : this.profiles.of(ids, manager)),
      () => this.participation.of(ids, manager),
      () => this.completions.completedAmong(ids, manager),
      () => this.certificates.of(ids, manager),
    ] as const;
    // in a transaction the reads share one connection: one after the other; otherwise from the pool at once
    const [profiles, participation, completed, certificates] = manager
      ? [await reads[0](), await reads[1](), await reads[2](), await reads[3]()]
      : await Promise.all([reads[0](), reads[1](), reads[2](), reads[3]()]);
    const out = new Map<string, ProjectionRow | null>();
    for (const id of ids) {
      const p = profiles.get(id);
      if (!p) {
        out.set(id, null);
        continue;
      }
      const band = ageBandOn(p.birthDate, today, this.env.REPORTING_ADULT_AGE);
      const part = participation.get(id);
      const certs = certificates.get(id);
      out.set(id, {
        residentId: id,
        communeCode: p.communeCode,
        villageCode: p.villageCode,
        provinceCode: provinceCodeOfPath(p.path),
        birthYear: Number(p.birthDate.slice(0, 4)),
        ageBand: band.band,
        bandChangesOn: band.changesOn,
        sex: p.sex,
        ethnicMinority: p.ethnicMinority,
        disability: p.disability,
        poverty: p.poverty,
        noSmartphone: p.noSmartphone,
        enrolled: part?.enrolled ?? false,
        attended: part?.attended ?? false,
        completed: completed.has(id),
        classIds: part?.classIds ?? [],
        attendedClassIds: part?.attendedClassIds ?? [],
        recognised: certs?.recognised ?? 0,
        pending: certs?.pending ?? 0,
        rejected: certs?.rejected ?? 0,
        failed: certs?.failed ?? 0,
        revoked: certs?.revoked ?? 0,
        asOf: today,
      });
    }
    return out;
  }

  /** Refreshes these residents in `tx`; returns how many rows changed the counters. */
  async refresh(tx: EntityManager, residentIds: readonly string[], today = vietnamToday()): Promise<number> {
    const ids = [...new Set(residentIds)].sort();
    if (ids.length === 0) return 0;
    await this.repository.lockResidents(tx, ids);
    const before = await this.repository.load(tx, ids);
    const after = await this.compute(tx, ids, today);
    const pairs = ids.map((id) => ({ before: before.get(id) ?? null, after: after.get(id) ?? null }));
    const changed = pairs.filter((p) => !sameProjection(p.before, p.after));
    if (changed.length === 0) return 0;
    await this.repository.save(tx, changed.flatMap((p) => (p.after ? [p.after] : [])));
    await this.repository.remove(
      tx,
      changed.filter((p) => p.before && !p.after).map((p) => p.before!.residentId),
    );
    // one shard per transaction: two dispatchers writing at once meet on a row one time in SHARDS
    const shard = randomInt(SHARDS);
    await this.repository.addToCounts(tx, cellChanges(changed), shard);
    await this.repository.addToDaily(tx, today, dailyChanges(changed), shard);
    return changed.length;
  }
}

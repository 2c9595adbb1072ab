/**
 * Alternating rounds and their aggregation. On a shared machine the same server measured twice in a
 * row can differ by 25 %; measuring baseline and scenario back to back, several times, and taking the
 * medians keeps one noisy window from deciding the result.
 */
import { measureBaseline, type RunningBaseline } from './baselines';
import { measureLoad, type HttpLoad, type LoadResult } from './load';
import { log, type ManagedProcess } from './processes';

/** Other processes using more than this share of one core during a measured run skew its figures. */
export const BUSY_OTHER_CPU_PCT = 15;

/** One round: the baseline loaded for D seconds, then the scenario for D seconds. */
export interface RoundResult {
  round: number;
  baseline_ops_per_s: number;
  ops_per_s: number;
  /** ops_per_s / baseline_ops_per_s of this round. */
  ratio: number;
  baseline_p95_ms: number;
  p95_ms: number;
  /** Server CPU time per successful response, ms (Linux /proc; null elsewhere). */
  baseline_server_cpu_ms_per_op: number | null;
  server_cpu_ms_per_op: number | null;
  /** baseline CPU/op divided by scenario CPU/op: what the ratio would be if both servers were CPU-bound. */
  cpu_per_op_ratio: number | null;
  /** Scenario errors (the baseline's are in baseline.errors). */
  errors: number;
  /** CPU used by every other process, % of one core, during each measured run of the round. */
  other_cpu_pct: { baseline: number | null; target: number | null };
  machine_busy_warning: string | null;
  /** Everything measured in the round. */
  baseline: LoadResult;
  target: LoadResult;
  /** The scenario's extra baselines (ScenarioDefinition.extraBaselines), measured in the same round; absent when none. */
  other_baselines?: OtherBaselineRound[];
}

/** One extra baseline's run in a round, and the scenario's ratio to it. */
export interface OtherBaselineRound {
  name: string;
  key: string;
  ops_per_s: number;
  p95_ms: number;
  server_cpu_ms_per_op: number | null;
  /** Scenario ops/s of the round divided by this baseline's ops/s. */
  ratio: number;
  result: LoadResult;
}

/** The median figures of one server across the rounds (errors: the sum). */
export interface RunSummary {
  ops_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  server_cpu_ms_per_op: number | null;
  /** CPU of the run's PostgreSQL backends per successful operation, ms. */
  db_cpu_ms_per_op: number | null;
}

export interface RoundsSummary {
  target: RunSummary;
  baseline: RunSummary;
  /** Median of the per-round ratios. */
  ratio: number;
  /** Median of the per-round CPU-per-op ratios (informational, not a target). */
  cpu_per_op_ratio: number | null;
  /** Null, or which rounds ran while other processes used more than BUSY_OTHER_CPU_PCT % of a core. */
  machine_busy_warning: string | null;
  /** Extra baselines: their median figures and the median of the scenario's per-round ratios to each. */
  others: Array<{ name: string; key: string; summary: RunSummary; ratio: number }>;
}

const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Median (mean of the two middle values for an even count); nulls ignored; null when nothing is left. */
export function median(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const medianOr = (values: readonly (number | null)[], digits: number, fallback = NaN): number => {
  const m = median(values);
  return m === null ? fallback : round(m, digits);
};

const medianOrNull = (values: readonly (number | null)[], digits: number): number | null => {
  const m = median(values);
  return m === null ? null : round(m, digits);
};

/** Null when the run was quiet, otherwise a one-line warning. */
function busyWarning(round: number, baseline: LoadResult, target: LoadResult, others: readonly LoadResult[] = []): string | null {
  const runs = [baseline, target, ...others];
  const worst = Math.max(...runs.map((r) => r.cpu.other_cpu_pct ?? 0));
  const stolen = Math.max(...runs.map((r) => r.cpu.steal_pct ?? 0));
  const why = [
    worst > BUSY_OTHER_CPU_PCT ? `other processes used up to ${worst}% of a core` : null,
    stolen > BUSY_OTHER_CPU_PCT ? `the hypervisor took up to ${stolen}% of a core (steal)` : null,
  ].filter((w) => w !== null);
  return why.length ? `round ${round}: ${why.join(' and ')} during the measured runs: the machine was not idle, figures are skewed` : null;
}

/** The largest steal of any measured run of the rounds, % of one core (0 when unknown). */
function worstSteal(rounds: readonly RoundResult[]): number {
  return Math.max(
    0,
    ...rounds.flatMap((r) => [r.baseline, r.target, ...(r.other_baselines ?? []).map((o) => o.result)].map((x) => x.cpu.steal_pct ?? 0)),
  );
}

export function roundResult(
  n: number,
  baseline: LoadResult,
  target: LoadResult,
  others: ReadonlyArray<{ name: string; key: string; result: LoadResult }> = [],
): RoundResult {
  const bCpu = baseline.cpu.server_cpu_ms_per_op;
  const tCpu = target.cpu.server_cpu_ms_per_op;
  const result: RoundResult = {
    round: n,
    baseline_ops_per_s: baseline.ops_per_s,
    ops_per_s: target.ops_per_s,
    ratio: baseline.ops_per_s > 0 ? round(target.ops_per_s / baseline.ops_per_s, 3) : 0,
    baseline_p95_ms: baseline.p95_ms,
    p95_ms: target.p95_ms,
    baseline_server_cpu_ms_per_op: bCpu,
    server_cpu_ms_per_op: tCpu,
    cpu_per_op_ratio: bCpu !== null && tCpu ? round(bCpu / tCpu, 3) : null,
    errors: target.errors,
    other_cpu_pct: { baseline: baseline.cpu.other_cpu_pct, target: target.cpu.other_cpu_pct },
    machine_busy_warning: busyWarning(n, baseline, target, others.map((o) => o.result)),
    baseline,
    target,
  };
  if (others.length) {
    result.other_baselines = others.map((o) => ({
      name: o.name,
      key: o.key,
      ops_per_s: o.result.ops_per_s,
      p95_ms: o.result.p95_ms,
      server_cpu_ms_per_op: o.result.cpu.server_cpu_ms_per_op,
      ratio: o.result.ops_per_s > 0 ? round(target.ops_per_s / o.result.ops_per_s, 3) : 0,
      result: o.result,
    }));
  }
  return result;
}

/** Medians of one server's runs; errors are summed (any error in any round counts). */
export function summariseRuns(runs: readonly LoadResult[]): RunSummary {
  return {
    ops_per_s: medianOr(runs.map((r) => r.ops_per_s), 1, 0),
    p50_ms: medianOr(runs.map((r) => r.p50_ms), 3),
    p95_ms: medianOr(runs.map((r) => r.p95_ms), 3),
    p99_ms: medianOr(runs.map((r) => r.p99_ms), 3),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    server_cpu_ms_per_op: medianOrNull(runs.map((r) => r.cpu.server_cpu_ms_per_op), 5),
    db_cpu_ms_per_op: medianOrNull(runs.map((r) => r.cpu.db_cpu_ms_per_op), 5),
  };
}

export function summariseRounds(rounds: readonly RoundResult[]): RoundsSummary {
  const busy = rounds.filter((r) => r.machine_busy_warning !== null);
  const worst = Math.max(
    0,
    ...busy.flatMap((r) => [
      r.other_cpu_pct.baseline ?? 0,
      r.other_cpu_pct.target ?? 0,
      ...(r.other_baselines ?? []).map((o) => o.result.cpu.other_cpu_pct ?? 0),
    ]),
  );
  const otherKeys = rounds[0]?.other_baselines ?? [];
  return {
    target: summariseRuns(rounds.map((r) => r.target)),
    baseline: summariseRuns(rounds.map((r) => r.baseline)),
    ratio: medianOr(rounds.map((r) => r.ratio), 4, 0),
    cpu_per_op_ratio: medianOrNull(rounds.map((r) => r.cpu_per_op_ratio), 4),
    machine_busy_warning: busy.length
      ? `${busy.length} of ${rounds.length} round(s) (${busy.map((r) => r.round).join(', ')}) ran while other processes used up to ` +
        `${worst}% of a core and the hypervisor took up to ${worstSteal(busy)}% (more than ${BUSY_OTHER_CPU_PCT}%): ` +
        `the machine was not idle, figures are skewed (re-run on a quiet machine)`
      : null,
    others: otherKeys.map(({ name, key }) => {
      const runs = rounds.map((r) => (r.other_baselines ?? []).find((o) => o.key === key)).filter((o): o is OtherBaselineRound => !!o);
      return { name, key, summary: summariseRuns(runs.map((o) => o.result)), ratio: medianOr(runs.map((o) => o.ratio), 4, 0) };
    }),
  };
}

export interface RoundsPlan {
  rounds: number;
  connections: number;
  durationS: number;
  /** Unrecorded load before the first measured run of each server (round 1 only). */
  warmupS: number;
  baseline: RunningBaseline;
  /** Extra baselines, each measured in every round before the main baseline (no target, ratios reported). */
  others?: RunningBaseline[];
  target: { label: string; load: HttpLoad; server: ManagedProcess };
  /** The run's database: the CPU of its backends is recorded apart from "other processes". */
  dbName?: string;
}

/**
 * Round r = 1..R: the extra baselines (if any), the baseline for D seconds, then the scenario for D
 * seconds, every server staying up (idle while another is loaded), so the scenario's run comes right
 * after the main baseline's. Each server gets its warm-up right before its first measured run.
 */
export async function runRounds(plan: RoundsPlan): Promise<RoundResult[]> {
  const results: RoundResult[] = [];
  for (let n = 1; n <= plan.rounds; n++) {
    const common = { connections: plan.connections, durationS: plan.durationS, warmupS: n === 1 ? plan.warmupS : 0, dbName: plan.dbName };
    const tag = `round ${n}/${plan.rounds}`;
    const others: Array<{ name: string; key: string; result: LoadResult }> = [];
    for (const other of plan.others ?? []) {
      others.push({ name: other.name, key: other.key, result: await measureBaseline(other, { ...common, label: `${tag} baseline ${other.name}` }) });
    }
    const baselineLabel = plan.others?.length ? `${tag} baseline ${plan.baseline.name}` : `${tag} baseline`;
    const baseline = await measureBaseline(plan.baseline, { ...common, label: baselineLabel });
    const target = await measureLoad(plan.target.load, { ...common, label: `${tag} ${plan.target.label}`, server: plan.target.server });
    const r = roundResult(n, baseline, target, others);
    results.push(r);
    const cpu = r.cpu_per_op_ratio === null ? '' : `, CPU/op ratio ${r.cpu_per_op_ratio}`;
    const extra = (r.other_baselines ?? []).map((o) => `, ratio vs ${o.name} ${o.ratio}`).join('');
    log(`${tag}: ratio ${r.ratio}${cpu}${extra}${r.machine_busy_warning ? ' (machine busy)' : ''}`);
  }
  return results;
}

import { cpus, availableParallelism, platform, release, arch, totalmem } from 'node:os';
import type { FixedRateResult, LoadResult } from './load';
import type { RoundResult, RoundsSummary } from './rounds';
import type { Targets, Verification } from './types';

export interface MachineInfo {
  os: string;
  cpu_model: string;
  cpu_count: number;
  available_parallelism: number;
  total_memory_bytes: number;
  total_memory: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  const mem = totalmem();
  return {
    os: `${platform()} ${release()} ${arch()}`,
    cpu_model: list[0]?.model?.trim() ?? 'unknown',
    cpu_count: list.length,
    available_parallelism: availableParallelism(),
    total_memory_bytes: mem,
    total_memory: `${(mem / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
  };
}

/** The opening fields of every scenario's JSON report: what ran, when, where, and whether as configured. */
export function reportHeading(
  scenario: { name: string; title: string; measures: unknown },
  diagnosticApiEnv: Record<string, string>,
  date: string,
): Record<string, unknown> {
  const diagnostic = Object.keys(diagnosticApiEnv).length > 0;
  return {
    scenario: scenario.name,
    title: scenario.title,
    measures: scenario.measures,
    diagnostic: diagnostic ? { api_env_overrides: diagnosticApiEnv, note: 'DIAGNOSTIC ONLY: the api did not run with its production defaults' } : false,
    date,
    machine: machineInfo(),
  };
}

export interface TargetCheck {
  name: string;
  target: string;
  actual: number | string;
  passed: boolean;
}

/** Checks the targets against the medians across rounds (errors: summed over all rounds). */
export function checkTargets(targets: Targets, summary: RoundsSummary, verification: Verification, tail: FixedRateResult): TargetCheck[] {
  const { ratio } = summary;
  const { errors } = summary.target;
  const at = `open loop at ${tail.offered_rate_per_s} req/s, half the saturated rate, from the scheduled send time`;
  const tailRatio = tail.p50_ms > 0 ? Math.round((tail.p95_ms / tail.p50_ms) * 100) / 100 : NaN;
  const allErrors = errors + tail.errors;
  return [
    { name: 'ratio', target: `>= ${targets.minRatio} x baseline ops/s (median of rounds)`, actual: ratio, passed: ratio >= targets.minRatio },
    {
      name: 'tail_p95_over_p50',
      target: `p95 <= ${targets.maxTailP95OverP50} x p50 (${at})`,
      actual: `${tailRatio} (p50 ${tail.p50_ms} ms, p95 ${tail.p95_ms} ms)`,
      passed: tailRatio <= targets.maxTailP95OverP50,
    },
    ...(targets.maxTailP95Ms !== undefined
      ? [{ name: 'p95_ms', target: `< ${targets.maxTailP95Ms} ms (${at})`, actual: tail.p95_ms, passed: tail.p95_ms < targets.maxTailP95Ms }]
      : []),
    { name: 'errors', target: `<= ${targets.maxErrors} (sum of rounds and the open-loop runs)`, actual: allErrors, passed: allErrors <= targets.maxErrors },
    ...(targets.minThroughput
      ? [
          {
            name: `${targets.minThroughput.unit}_per_s`,
            target: `>= ${targets.minThroughput.min} ${targets.minThroughput.unit}/s (median ops/s x ${targets.minThroughput.perOp})`,
            actual: Math.round(summary.target.ops_per_s * targets.minThroughput.perOp),
            passed: summary.target.ops_per_s * targets.minThroughput.perOp >= targets.minThroughput.min,
          },
        ]
      : []),
    {
      name: 'responses_correct',
      target: 'all sampled responses correct',
      actual: `${verification.checked - verification.failed}/${verification.checked}`,
      passed: verification.passed,
    },
  ];
}

const pad = (s: string, n: number) => s.padStart(n);
const fmt = (n: number | null, d = 2) => (n !== null && Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const pct = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)}%`);

export function printSummary(args: {
  scenario: string;
  diagnostic: boolean;
  machine: MachineInfo;
  connections: number;
  durationS: number;
  warmupS: number;
  baselineName: string;
  /** Short name of the main baseline (ratio_vs_<key>). */
  baselineKey: string;
  rounds: RoundResult[];
  summary: RoundsSummary;
  checks: TargetCheck[];
  resultFile: string;
  /** The open-loop runs at half the saturated rate. */
  tail: { target: FixedRateResult; baseline: FixedRateResult };
}): void {
  const { rounds, summary } = args;
  const out: string[] = [];
  const line = '='.repeat(100);
  out.push('', line);
  out.push(`${args.scenario}${args.diagnostic ? '   *** DIAGNOSTIC RUN (non-production api settings) ***' : ''}`);
  out.push(
    `${args.machine.cpu_count} x ${args.machine.cpu_model}, ${args.machine.total_memory}, node ${args.machine.node}; ` +
      `${args.connections} connections; ${rounds.length} round(s) of baseline ${args.durationS}s then ${args.scenario} ${args.durationS}s ` +
      (args.warmupS > 0 ? `(each server warmed up ${args.warmupS}s before round 1)` : '(no warm-up)'),
  );
  out.push('');
  out.push(`baseline = ${args.baselineName}; CPU/op = server CPU ms per successful request`);
  const header =
    `${'round'.padEnd(8)}${pad('base ops/s', 11)}${pad('p95 ms', 8)}${pad('CPU/op', 8)}  |` +
    `${pad('ops/s', 9)}${pad('p95 ms', 8)}${pad('CPU/op', 8)}${pad('errors', 8)}  |` +
    `${pad('ratio', 8)}${pad('CPU/op ratio', 14)}`;
  out.push(header, '-'.repeat(header.length));
  interface Cells {
    ops: number;
    p95: number;
    cpu: number | null;
  }
  const row = (label: string, b: Cells, t: Cells & { errors: number }, ratio: number, cpuRatio: number | null) =>
    `${label.padEnd(8)}${pad(fmt(b.ops, 0), 11)}${pad(fmt(b.p95), 8)}${pad(fmt(b.cpu, 4), 8)}  |` +
    `${pad(fmt(t.ops, 0), 9)}${pad(fmt(t.p95), 8)}${pad(fmt(t.cpu, 4), 8)}${pad(String(t.errors), 8)}  |` +
    `${pad(fmt(ratio, 3), 8)}${pad(fmt(cpuRatio, 3), 14)}`;
  for (const r of rounds) {
    const base = { ops: r.baseline_ops_per_s, p95: r.baseline_p95_ms, cpu: r.baseline_server_cpu_ms_per_op };
    const target = { ops: r.ops_per_s, p95: r.p95_ms, cpu: r.server_cpu_ms_per_op, errors: r.errors };
    out.push(row(String(r.round), base, target, r.ratio, r.cpu_per_op_ratio));
  }
  out.push('-'.repeat(header.length));
  const b = summary.baseline;
  const t = summary.target;
  const medBase = { ops: b.ops_per_s, p95: b.p95_ms, cpu: b.server_cpu_ms_per_op };
  const medTarget = { ops: t.ops_per_s, p95: t.p95_ms, cpu: t.server_cpu_ms_per_op, errors: t.errors };
  out.push(`${row('median', medBase, medTarget, summary.ratio, summary.cpu_per_op_ratio)}   (errors: sum)`);
  out.push('');
  for (const o of summary.others) {
    out.push(`other baseline = ${o.name} (same rounds; ratio = ${args.scenario} ops/s / ${o.name} ops/s of the round)`);
    const h = `${'round'.padEnd(8)}${pad('base ops/s', 11)}${pad('p95 ms', 8)}${pad('CPU/op', 8)}  |${pad('ratio', 8)}`;
    out.push(h, '-'.repeat(h.length));
    for (const r of rounds) {
      const x = r.other_baselines?.find((b) => b.key === o.key);
      if (x) out.push(`${String(r.round).padEnd(8)}${pad(fmt(x.ops_per_s, 0), 11)}${pad(fmt(x.p95_ms), 8)}${pad(fmt(x.server_cpu_ms_per_op, 4), 8)}  |${pad(fmt(x.ratio, 3), 8)}`);
    }
    out.push('-'.repeat(h.length));
    out.push(
      `${'median'.padEnd(8)}${pad(fmt(o.summary.ops_per_s, 0), 11)}${pad(fmt(o.summary.p95_ms), 8)}${pad(fmt(o.summary.server_cpu_ms_per_op, 4), 8)}  |${pad(fmt(o.ratio, 3), 8)}`,
    );
    out.push('');
  }
  const latency = (label: string, s: typeof t) =>
    `  ${label.padEnd(20)}p50 ${fmt(s.p50_ms)} ms, p95 ${fmt(s.p95_ms)} ms, p99 ${fmt(s.p99_ms)} ms, ${s.errors} errors`;
  out.push('latency, median of rounds:');
  for (const o of summary.others) out.push(latency(o.name, o.summary));
  out.push(latency(summary.others.length ? args.baselineName : 'baseline', b));
  out.push(latency(args.scenario, t));
  out.push('');
  out.push('CPU per successful operation, ms (median of rounds): server + PostgreSQL backends of the run\'s database:');
  out.push(`  ${'baseline'.padEnd(20)}${fmt(b.server_cpu_ms_per_op, 4)} + ${fmt(b.db_cpu_ms_per_op, 4)}`);
  out.push(`  ${args.scenario.padEnd(20)}${fmt(t.server_cpu_ms_per_op, 4)} + ${fmt(t.db_cpu_ms_per_op, 4)}`);
  out.push('');
  {
    const open = (label: string, r: FixedRateResult) =>
      `  ${label.padEnd(20)}p50 ${fmt(r.p50_ms)} ms, p95 ${fmt(r.p95_ms)} ms, p99 ${fmt(r.p99_ms)} ms, max ${fmt(r.max_ms)} ms, ` +
      `${r.errors} errors, ${r.ops_per_s} answers/s, at most ${r.max_in_flight} in flight, server CPU/op ${fmt(r.cpu.server_cpu_ms_per_op, 4)} ms`;
    out.push(`latency open loop at ${args.tail.target.offered_rate_per_s} req/s (half of ${args.scenario}'s saturated ops/s), from the scheduled send time:`);
    out.push(open('baseline', args.tail.baseline));
    out.push(open(args.scenario, args.tail.target));
    out.push('');
  }
  const withDb = rounds.some((r) => [r.baseline, r.target].some((x) => (x.cpu.db_cpu_pct ?? 0) >= 1));
  out.push(
    `CPU during the measured runs (% of one core: server / load generator / ${withDb ? 'database backends / ' : ''}other processes / stolen by the hypervisor):`,
  );
  const cpu = (r: LoadResult) =>
    `${pct(r.cpu.server_cpu_pct)} / ${pct(r.cpu.loadgen_cpu_pct)} / ${withDb ? `${pct(r.cpu.db_cpu_pct)} / ` : ''}${pct(r.cpu.other_cpu_pct)} / ${pct(r.cpu.steal_pct)}`;
  for (const r of rounds) {
    const busy = r.machine_busy_warning ? '   <- machine busy' : '';
    const extra = (r.other_baselines ?? []).map((o) => `${o.key} ${cpu(o.result)};  `).join('');
    out.push(`  round ${r.round}: ${extra}${summary.others.length ? args.baselineKey : 'baseline'} ${cpu(r.baseline)};  ${args.scenario} ${cpu(r.target)}${busy}`);
  }
  if (summary.machine_busy_warning) out.push(`WARNING: ${summary.machine_busy_warning}`);
  out.push('');
  out.push(`ratio = ${fmt(summary.ratio, 3)} (median of ${rounds.length} per-round ratio(s))`);
  if (summary.others.length) {
    out.push(`ratio_vs_${args.baselineKey} = ${fmt(summary.ratio, 3)}` + summary.others.map((o) => `, ratio_vs_${o.key} = ${fmt(o.ratio, 3)}`).join(''));
  }
  out.push('targets:');
  for (const c of args.checks) out.push(`  [${c.passed ? 'PASS' : 'FAIL'}] ${c.name} ${c.target}: ${c.actual}`);
  const missed = args.checks.filter((c) => !c.passed).map((c) => c.name);
  out.push('');
  out.push(missed.length ? `*** TARGETS MISSED: ${missed.join(', ')} ***` : 'ALL TARGETS MET');
  out.push(`result: ${args.resultFile}`);
  out.push(line, '');
  process.stdout.write(`${out.join('\n')}\n`);
}

import { cpus, availableParallelism, platform, release, arch, totalmem } from 'node:os';
import type { BaselineMeasurement } from './baselines';
import type { LoadResult } from './load';
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

export interface TargetCheck {
  name: string;
  target: string;
  actual: number | string;
  passed: boolean;
}

export function checkTargets(targets: Targets, result: LoadResult, ratio: number, verification: Verification): TargetCheck[] {
  return [
    { name: 'ratio', target: `>= ${targets.minRatio} x baseline ops/s`, actual: ratio, passed: ratio >= targets.minRatio },
    { name: 'p95_ms', target: `< ${targets.maxP95Ms} ms`, actual: result.p95_ms, passed: result.p95_ms < targets.maxP95Ms },
    { name: 'errors', target: `<= ${targets.maxErrors}`, actual: result.errors, passed: result.errors <= targets.maxErrors },
    {
      name: 'responses_correct',
      target: 'all sampled responses correct',
      actual: `${verification.checked - verification.failed}/${verification.checked}`,
      passed: verification.passed,
    },
  ];
}

/** Other processes used a noticeable share of the CPU during a measured run: say so, the figures are skewed. */
export function busyWarning(baseline: LoadResult, target: LoadResult): string | null {
  const worst = Math.max(baseline.cpu.other_cpu_pct ?? 0, target.cpu.other_cpu_pct ?? 0);
  return worst > 15
    ? `other processes used up to ${worst}% of a core during the measured runs: the machine was not idle, figures are skewed (re-run on a quiet machine)`
    : null;
}

const pad = (s: string, n: number) => s.padStart(n);
const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

export function printSummary(args: {
  scenario: string;
  diagnostic: boolean;
  machine: MachineInfo;
  connections: number;
  durationS: number;
  baseline: BaselineMeasurement;
  target: LoadResult;
  ratio: number;
  checks: TargetCheck[];
  resultFile: string;
}): void {
  const out: string[] = [];
  const line = '='.repeat(78);
  out.push('', line);
  out.push(`${args.scenario}${args.diagnostic ? '   *** DIAGNOSTIC RUN (non-production api settings) ***' : ''}`);
  out.push(
    `${args.machine.cpu_count} x ${args.machine.cpu_model}, ${args.machine.total_memory}, node ${args.machine.node}; ` +
      `${args.connections} connections, ${args.durationS}s measured per run`,
  );
  out.push('');
  out.push(`${'run'.padEnd(22)}${pad('ops/s', 10)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('errors', 8)}`);
  const row = (label: string, r: LoadResult) =>
    `${label.padEnd(22)}${pad(fmt(r.ops_per_s, 0), 10)}${pad(fmt(r.p50_ms), 9)}${pad(fmt(r.p95_ms), 9)}${pad(fmt(r.p99_ms), 9)}${pad(String(r.errors), 8)}`;
  out.push(row(`baseline (${args.baseline.name})`.slice(0, 21), args.baseline.result));
  out.push(row(args.scenario, args.target));
  out.push('');
  const cpuRow = (label: string, r: LoadResult) =>
    `${label.padEnd(22)}server ${r.cpu.server_cpu_pct ?? 'n/a'}% of a core (${r.cpu.server_cpu_ms_per_op ?? 'n/a'} ms CPU/op), ` +
    `load generator ${r.cpu.loadgen_cpu_pct}%, other processes ${r.cpu.other_cpu_pct ?? 'n/a'}%`;
  out.push('CPU during the measured runs:');
  out.push(cpuRow('  baseline', args.baseline.result));
  out.push(cpuRow(`  ${args.scenario}`, args.target));
  const busy = busyWarning(args.baseline.result, args.target);
  if (busy) out.push(`WARNING: ${busy}`);
  out.push('');
  out.push(`ratio = ${fmt(args.ratio, 3)}`);
  out.push('targets:');
  for (const c of args.checks) out.push(`  [${c.passed ? 'PASS' : 'FAIL'}] ${c.name} ${c.target}: ${c.actual}`);
  const missed = args.checks.filter((c) => !c.passed).map((c) => c.name);
  out.push('');
  out.push(missed.length ? `*** TARGETS MISSED: ${missed.join(', ')} ***` : 'ALL TARGETS MET');
  out.push(`result: ${args.resultFile}`);
  out.push(line, '');
  process.stdout.write(`${out.join('\n')}\n`);
}

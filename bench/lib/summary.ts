/**
 * `npm run bench -- --all`: one table of every scenario's result (bench/results/<scenario>.json), in
 * Markdown (bench/results/summary.md, the table docs/benchmarks.md shows) and JSON (summary.json), with
 * the machine it ran on. A load scenario's row: the saturation ratio to its baseline, the tail at a
 * fixed rate of half its saturated throughput beside the baseline's at that rate, CPU per operation of
 * the api and of PostgreSQL, errors, the answers verified, the targets. A job scenario's row: its
 * headline figures and targets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './report';
import { RESULTS_DIR } from './settings';

export interface SummaryRow {
  scenario: string;
  /** Why there is no result of this run (failed, skipped), or null. */
  problem: string | null;
  kind: 'load' | 'job';
  targets_met: boolean | null;
  targets: Array<{ name: string; target: string; actual: unknown; passed: boolean }>;
  ratio: number | null;
  baseline: string | null;
  ops_per_s: number | null;
  tail: { rate_per_s: number; p50_ms: number; p95_ms: number; p99_ms: number; baseline_p50_ms: number; baseline_p95_ms: number; baseline_p99_ms: number } | null;
  api_cpu_ms_per_op: number | null;
  db_cpu_ms_per_op: number | null;
  errors: number | null;
  verified: string | null;
  /** A job scenario's headline, in one line. */
  headline: string | null;
}

interface LoadReport {
  targets_met: boolean;
  targets: SummaryRow['targets'];
  ratio: number;
  ops_per_s: number;
  errors: number;
  baseline: { name: string };
  server_cpu_ms_per_op: number | null;
  db_cpu_ms_per_op: number | null;
  fixed_rate?: { rate_per_s: number; target: { p50_ms: number; p95_ms: number; p99_ms: number }; baseline: { p50_ms: number; p95_ms: number; p99_ms: number } };
  verification: { checked: number; failed: number };
}


/** The row of one scenario from its result file (written by this run after `since`), or a row saying why there is none. */
export function summaryRow(scenario: string, kind: 'load' | 'job', since: Date, failure: string | null): SummaryRow {
  const empty: SummaryRow = {
    scenario, kind, problem: failure, targets_met: null, targets: [], ratio: null, baseline: null, ops_per_s: null, tail: null,
    api_cpu_ms_per_op: null, db_cpu_ms_per_op: null, errors: null, verified: null, headline: null,
  };
  const file = join(RESULTS_DIR, `${scenario}.json`);
  if (failure) return empty;
  if (!existsSync(file)) return { ...empty, problem: 'no result file' };
  const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { date?: string };
  if (!report.date || new Date(report.date) < since) return { ...empty, problem: 'no result of this run' };
  const verification = report.verification as { checked: number; failed: number } | undefined;
  const verified = verification ? `${verification.checked - verification.failed}/${verification.checked}` : null;
  if (kind === 'job') {
    const targets = (report.targets as SummaryRow['targets']) ?? [];
    return {
      ...empty,
      targets_met: Boolean(report.targets_met),
      targets,
      verified,
      headline: targets.filter((t) => t.name !== 'verification').map((t) => `${t.name} ${String(t.actual)}`).join('; '),
    };
  }
  const r = report as unknown as LoadReport;
  const fixed = r.fixed_rate;
  return {
    ...empty,
    targets_met: r.targets_met,
    targets: r.targets,
    ratio: r.ratio,
    baseline: r.baseline.name,
    ops_per_s: r.ops_per_s,
    tail: fixed
      ? {
          rate_per_s: fixed.rate_per_s,
          p50_ms: fixed.target.p50_ms,
          p95_ms: fixed.target.p95_ms,
          p99_ms: fixed.target.p99_ms,
          baseline_p50_ms: fixed.baseline.p50_ms,
          baseline_p95_ms: fixed.baseline.p95_ms,
          baseline_p99_ms: fixed.baseline.p99_ms,
        }
      : null,
    api_cpu_ms_per_op: r.server_cpu_ms_per_op,
    db_cpu_ms_per_op: r.db_cpu_ms_per_op,
    errors: r.errors,
    verified,
  };
}

const n = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 }));

/** The Markdown table (and the job scenarios' lines) of a run of `--all`. */
export function summaryMarkdown(rows: readonly SummaryRow[], machine: MachineInfo, date: string, wallS: number): string {
  const out: string[] = [];
  out.push(`Run of \`npm run bench -- --all\`, ${date}, ${Math.round(wallS / 60)} min. Machine: ${machine.cpu_count} x ${machine.cpu_model}, ${machine.total_memory}, ${machine.os}, Node ${machine.node}.`, '');
  out.push('| scenario | baseline | ratio | ops/s | fixed rate | p50 / p95 / p99 ms | p95 ÷ p50 | baseline p50 / p95 / p99 ms | api CPU ms/op | PostgreSQL CPU ms/op | errors | verified | targets |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows.filter((x) => x.kind === 'load')) {
    if (r.problem) {
      out.push(`| ${r.scenario} | | | | | | | | | | | | **${r.problem}** |`);
      continue;
    }
    const t = r.tail;
    const missed = r.targets.filter((c) => !c.passed).map((c) => c.name);
    out.push(
      `| ${r.scenario} | ${r.baseline} | ${n(r.ratio, 3)} | ${n(r.ops_per_s, 0)} | ${t ? `${n(t.rate_per_s, 0)}/s` : '–'} | ` +
        `${t ? `${n(t.p50_ms)} / ${n(t.p95_ms)} / ${n(t.p99_ms)}` : '–'} | ${t && t.p50_ms > 0 ? n(t.p95_ms / t.p50_ms) : '–'} | ` +
        `${t ? `${n(t.baseline_p50_ms)} / ${n(t.baseline_p95_ms)} / ${n(t.baseline_p99_ms)}` : '–'} | ${n(r.api_cpu_ms_per_op, 3)} | ${n(r.db_cpu_ms_per_op, 3)} | ` +
        `${r.errors ?? '–'} | ${r.verified ?? '–'} | ${r.targets_met ? 'met' : `**missed: ${missed.join(', ')}**`} |`,
    );
  }
  const jobs = rows.filter((x) => x.kind === 'job');
  if (jobs.length) {
    out.push('', '| job scenario | figures | verified | targets |', '| --- | --- | ---: | --- |');
    for (const r of jobs) {
      if (r.problem) {
        out.push(`| ${r.scenario} | | | **${r.problem}** |`);
        continue;
      }
      const missed = r.targets.filter((c) => !c.passed).map((c) => c.name);
      out.push(`| ${r.scenario} | ${r.headline ?? ''} | ${r.verified ?? '–'} | ${r.targets_met ? 'met' : `**missed: ${missed.join(', ')}**`} |`);
    }
  }
  const all = rows.every((r) => r.targets_met === true);
  out.push('', all ? 'Every target met.' : `Targets missed or not measured: ${rows.filter((r) => r.targets_met !== true).map((r) => r.scenario).join(', ')}.`, '');
  return out.join('\n');
}

import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { assertRunning, log, type ManagedProcess } from './processes';

/** One HTTP request the load generator sends. */
export interface HttpRequestSpec {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What to send: a base URL (loopback) and the next request, called once per request. */
export interface HttpLoad {
  baseUrl: string;
  /** Short human description, stored in the result ("GET /api/v1/geo/communes?q=<random prefix>&limit=10"). */
  description: string;
  /**
   * A fixed request; a sequence of requests that every connection sends in order, over and over (each
   * built once per connection, so it costs the load generator no more than a fixed request: keep it to
   * a few hundred); or a function giving the next request. A function is rebuilt by the generator for
   * every request, which caps autocannon at about 13,000 requests/s here: it measures the generator,
   * not the server, so scenarios draw their random inputs in advance as a sequence.
   */
  next: HttpRequestSpec | HttpRequestSpec[] | (() => HttpRequestSpec);
}

export interface LoadRunOptions {
  connections: number;
  durationS: number;
  /** Hard limit for autocannon to report back (default: duration + 20 s). */
  timeoutMs?: number;
  /** Process id of the server under load: its CPU time during the run is recorded (Linux /proc). */
  serverPid?: number;
  /**
   * Name of the run's database: the CPU of the PostgreSQL backends connected to it is recorded apart
   * (`db_cpu_pct`) instead of being counted as "other processes".
   */
  dbName?: string;
}

/** Where the CPU went during the measured run: tells a slow server from a saturated load generator. */
export interface CpuSummary {
  /** CPU used by the server process, in % of one core (null when /proc is not available). */
  server_cpu_pct: number | null;
  /** Server CPU time per successful response, ms. */
  server_cpu_ms_per_op: number | null;
  /** CPU used by the load generator (this process), in % of one core. */
  loadgen_cpu_pct: number;
  /**
   * CPU used by the PostgreSQL backends connected to the run's database, in % of one core (null when
   * not measured). Part of the system under test for scenarios that read the database.
   */
  db_cpu_pct: number | null;
  /** That database CPU time per successful response, ms. */
  db_cpu_ms_per_op: number | null;
  /**
   * CPU used by every OTHER process on the machine during the run (not the server, the load generator
   * or the run's database backends), in % of one core (Linux /proc/stat; null when unavailable).
   * Anything well above a few % means the figures are skewed by other work.
   */
  other_cpu_pct: number | null;
  /**
   * CPU time the hypervisor gave to other machines while this virtual machine wanted it ("steal" in
   * /proc/stat), in % of one core; null when unavailable. Anything well above a few % means the machine
   * ran slower than usual: every figure of the run, the baseline's too, is depressed.
   */
  steal_pct: number | null;
  /** 1-minute load average before the run. */
  loadavg_1m_before: number;
}

export interface LatencySummary {
  p50_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
}

export interface LoadResult extends LatencySummary {
  /** Successful (2xx) responses per second over the measured window. */
  ops_per_s: number;
  duration_s: number;
  connections: number;
  requests_sent: number;
  responses: number;
  responses_2xx: number;
  /** Everything that is not a 2xx answer: connection errors, timeouts, non-2xx, body mismatches. */
  errors: number;
  errors_detail: { connection_errors: number; timeouts: number; non_2xx: number; mismatches: number; resets: number };
  status_codes: Record<string, number>;
  bytes_per_s: number;
  cpu: CpuSummary;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * CPU time of the whole machine in ms (all cores), from /proc/stat: busy (what this machine's processes
 * and kernel ran) and stolen (what the hypervisor ran elsewhere while this machine waited); null when
 * unavailable.
 */
function machineCpuMs(): { busy: number; steal: number } | null {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = first.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const toMs = (ticks: number) => (ticks * 1000) / ticksPerSecond();
    return { busy: toMs(v[0] + v[1] + v[2] + v[5] + v[6]), steal: toMs(v[7] ?? 0) };
  } catch {
    return null;
  }
}

/** utime + stime of a process in ms, from /proc/<pid>/stat; null when unavailable. */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the ")" that closes the command name: state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return null;
  }
}

/**
 * utime + stime (ms) of the PostgreSQL backends connected to database `dbName`, found by their process
 * title ("postgres: 15/main: <user> <db> 127.0.0.1(port) <state>"); null when /proc is not readable.
 * Backends that exit during a run take their CPU with them: the pools of the servers keep theirs open.
 */
function dbBackendsCpuMs(dbName: string | undefined): number | null {
  if (!dbName) return null;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d));
  } catch {
    return null;
  }
  const marker = ` ${dbName} `;
  let total = 0;
  for (const pid of pids) {
    let title: string;
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!title.startsWith('postgres: ') || !title.replace(/\0/g, ' ').includes(marker)) continue;
    total += processCpuMs(Number(pid)) ?? 0;
  }
  return total;
}

/**
 * CPU of named processes, of the run's PostgreSQL backends and of the whole machine over a window (for
 * scenarios that drive several services at once): each as a percentage of one core over the window.
 */
export class CpuAccount {
  private readonly t0 = Date.now();
  private readonly start: Record<string, number | null>;
  private readonly machine0 = machineCpuMs();

  constructor(private readonly options: { pids: Record<string, number | undefined>; dbName?: string }) {
    this.start = this.sample();
  }

  private sample(): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const [name, pid] of Object.entries(this.options.pids)) out[name] = processCpuMs(pid);
    out.postgres = dbBackendsCpuMs(this.options.dbName);
    const own = process.cpuUsage();
    out.bench = (own.user + own.system) / 1000;
    return out;
  }

  /** Percent of one core, per process and for the machine (busy, and stolen by the hypervisor), since the start. */
  finish(): Record<string, number | null> {
    const wallMs = Math.max(1, Date.now() - this.t0);
    const end = this.sample();
    const machine1 = machineCpuMs();
    const out: Record<string, number | null> = {};
    for (const name of Object.keys(end)) {
      const a = this.start[name];
      const b = end[name];
      out[`${name}_cpu_pct`] = a === null || b === null ? null : round((Math.max(0, b - a) / wallMs) * 100, 1);
    }
    out.machine_busy_pct = this.machine0 && machine1 ? round(((machine1.busy - this.machine0.busy) / wallMs) * 100, 1) : null;
    out.machine_steal_pct = this.machine0 && machine1 ? round(((machine1.steal - this.machine0.steal) / wallMs) * 100, 1) : null;
    return out;
  }
}

const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Nearest-rank percentile of an ascending-sorted array. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Growable array of latencies (ms, fractional): autocannon's own histogram keeps whole ms and has no p95. */
class LatencyRecorder {
  private buf = new Float64Array(1 << 16);
  private n = 0;
  add(ms: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = ms;
  }
  summary(): LatencySummary {
    const sorted = this.buf.slice(0, this.n).sort();
    let sum = 0;
    for (let i = 0; i < sorted.length; i++) sum += sorted[i];
    return {
      p50_ms: round(percentile(sorted, 50), 3),
      p90_ms: round(percentile(sorted, 90), 3),
      p95_ms: round(percentile(sorted, 95), 3),
      p99_ms: round(percentile(sorted, 99), 3),
      mean_ms: round(sorted.length ? sum / sorted.length : NaN, 3),
      max_ms: round(sorted.length ? sorted[sorted.length - 1] : NaN, 3),
    };
  }
}

function toAutocannonRequests(load: HttpLoad): autocannon.Request[] {
  const { next } = load;
  const fixed = (r: HttpRequestSpec): autocannon.Request => ({ method: r.method ?? 'GET', path: r.path, headers: r.headers, body: r.body });
  if (Array.isArray(next)) return next.map(fixed);
  if (typeof next !== 'function') return [fixed(next)];
  return [
    {
      setupRequest: (req) => {
        const r = next();
        req.method = r.method ?? 'GET';
        req.path = r.path;
        if (r.headers) req.headers = { ...req.headers, ...r.headers };
        if (r.body !== undefined) req.body = r.body;
        return req;
      },
    },
  ];
}

/**
 * CPU accounting of one measured run: snapshots when created, the summary at `finish`. With a server
 * pid, that process is the server and this one the load generator; without (`selfIsServer`), this
 * process does the work itself (a direct load) and there is no separate load generator.
 */
class CpuMeter {
  private readonly load1 = loadavg()[0];
  private readonly server0: number | null;
  private readonly db0: number | null;
  private readonly machine0 = machineCpuMs();
  private readonly own0 = process.cpuUsage();
  private readonly t0 = process.hrtime.bigint();

  constructor(private readonly options: { serverPid?: number; dbName?: string; selfIsServer?: boolean }) {
    this.server0 = options.selfIsServer ? 0 : processCpuMs(options.serverPid);
    this.db0 = dbBackendsCpuMs(options.dbName);
  }

  /** Wall time since the meter was created, ms. */
  elapsedMs(): number {
    return Number(process.hrtime.bigint() - this.t0) / 1e6;
  }

  /** The run's CPU figures, `ok` successful operations having been done in `wallMs`. */
  finish(ok: number, wallMs: number): CpuSummary {
    const own = process.cpuUsage(this.own0);
    const ownMs = (own.user + own.system) / 1000;
    const server1 = this.options.selfIsServer ? ownMs : processCpuMs(this.options.serverPid);
    const db1 = dbBackendsCpuMs(this.options.dbName);
    const machine1 = machineCpuMs();
    const serverMs = this.server0 !== null && server1 !== null ? server1 - this.server0 : null;
    const loadgenMs = this.options.selfIsServer ? 0 : ownMs;
    const dbMs = this.db0 !== null && db1 !== null ? Math.max(0, db1 - this.db0) : null;
    const m0 = this.machine0;
    const otherMs = m0 !== null && machine1 !== null && serverMs !== null ? Math.max(0, machine1.busy - m0.busy - serverMs - loadgenMs - (dbMs ?? 0)) : null;
    const stealMs = m0 !== null && machine1 !== null ? Math.max(0, machine1.steal - m0.steal) : null;
    const pct = (ms: number | null) => (ms === null ? null : round((ms / wallMs) * 100, 1));
    const perOp = (ms: number | null) => (ms === null || ok === 0 ? null : round(ms / ok, 4));
    return {
      server_cpu_pct: pct(serverMs),
      server_cpu_ms_per_op: perOp(serverMs),
      loadgen_cpu_pct: round((loadgenMs / wallMs) * 100, 1),
      db_cpu_pct: pct(dbMs),
      db_cpu_ms_per_op: perOp(dbMs),
      other_cpu_pct: pct(otherMs),
      steal_pct: pct(stealMs),
      loadavg_1m_before: round(this.load1, 2),
    };
  }
}

/**
 * Runs autocannon (programmatic API, one process, keep-alive connections, no pipelining) for a fixed
 * duration and summarises it. Latencies are recorded per response with sub-millisecond precision.
 */
export function runLoad(load: HttpLoad, options: LoadRunOptions): Promise<LoadResult> {
  const recorder = new LatencyRecorder();
  const timeoutMs = options.timeoutMs ?? options.durationS * 1000 + 20_000;
  const meter = new CpuMeter({ serverPid: options.serverPid, dbName: options.dbName });
  return new Promise<LoadResult>((resolve, reject) => {
    let settled = false;
    const instance = autocannon(
      {
        url: load.baseUrl,
        connections: options.connections,
        duration: options.durationS,
        pipelining: 1,
        timeout: 10,
        requests: toAutocannonRequests(load),
      },
      (err, result) => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        if (err) return reject(err);
        const ok = result['2xx'];
        const cpu = meter.finish(ok, meter.elapsedMs());
        const codes: Record<string, number> = {};
        let responses = 0;
        for (const [code, s] of Object.entries(result.statusCodeStats)) {
          codes[code] = s.count;
          responses += s.count;
        }
        const errorsDetail = {
          connection_errors: result.errors - result.timeouts,
          timeouts: result.timeouts,
          non_2xx: result.non2xx,
          mismatches: result.mismatches,
          resets: result.resets,
        };
        const duration = result.duration > 0 ? result.duration : options.durationS;
        resolve({
          ops_per_s: round(ok / duration, 1),
          duration_s: duration,
          connections: options.connections,
          requests_sent: result.requests.sent,
          responses,
          responses_2xx: ok,
          errors: result.errors + result.non2xx + result.mismatches,
          errors_detail: errorsDetail,
          status_codes: codes,
          bytes_per_s: Math.round(result.throughput.average),
          ...recorder.summary(),
          cpu,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => recorder.add(ms));
    const guard = setTimeout(() => {
      if (settled) return;
      settled = true;
      instance.stop();
      reject(new Error(`load generator did not finish within ${timeoutMs / 1000}s`));
    }, timeoutMs);
  });
}

/**
 * Database work without HTTP: `run` performs one operation (e.g. one multi-row INSERT through a pg
 * Pool) and resolves when the database answered. Used by baselines that the issue defines as "through
 * pg, no HTTP".
 */
export interface DirectLoad {
  description: string;
  run: () => Promise<void>;
}

/**
 * Runs `connections` concurrent loops of `load.run()` in THIS process for `durationS` seconds and
 * summarises them like runLoad: the latency of each operation, ops/s of the successful ones, the CPU of
 * this process (it is the client: `server_cpu_*`), of the run's database backends and of the rest of
 * the machine.
 */
export async function runDirectLoad(load: DirectLoad, options: LoadRunOptions): Promise<LoadResult> {
  const recorder = new LatencyRecorder();
  const meter = new CpuMeter({ dbName: options.dbName, selfIsServer: true });
  const deadline = Date.now() + options.durationS * 1000;
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | null = null;
  const loop = async () => {
    while (Date.now() < deadline) {
      const start = process.hrtime.bigint();
      sent++;
      try {
        await load.run();
        ok++;
        recorder.add(Number(process.hrtime.bigint() - start) / 1e6);
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const wallMs = meter.elapsedMs();
  const cpu = meter.finish(ok, wallMs);
  if (firstError) log(`direct load: ${failed} operation(s) failed, the first with: ${firstError}`);
  const durationS = wallMs / 1000;
  return {
    ops_per_s: round(ok / durationS, 1),
    duration_s: round(durationS, 2),
    connections: options.connections,
    requests_sent: sent,
    responses: ok + failed,
    responses_2xx: ok,
    errors: failed,
    errors_detail: { connection_errors: failed, timeouts: 0, non_2xx: 0, mismatches: 0, resets: 0 },
    status_codes: {},
    bytes_per_s: 0,
    ...recorder.summary(),
    cpu,
  };
}

export interface MeasureOptions {
  /** Names the run in the log ("round 2/3 baseline"). */
  label: string;
  connections: number;
  durationS: number;
  /** Seconds of unrecorded load first (0: none). */
  warmupS: number;
  /** The server under load: checked to be running before and after, and its CPU time recorded. */
  server: ManagedProcess;
  /** The run's database: its backends' CPU is recorded apart (see LoadRunOptions.dbName). */
  dbName?: string;
}

/**
 * Warm-up (if any) then one measured run of `load`: the one way every server (baseline or scenario) is
 * measured, so both are loaded identically. Fails when the server is not running before or after the run
 * (its figures would be meaningless).
 */
export async function measureLoad(load: HttpLoad, options: MeasureOptions): Promise<LoadResult> {
  const { label, connections, durationS, warmupS, server, dbName } = options;
  assertRunning(server, `before the ${label} run`);
  if (warmupS > 0) {
    log(`${label}: warm-up ${warmupS}s…`);
    await runLoad(load, { connections, durationS: warmupS });
  }
  log(`${label}: ${connections} connections for ${durationS}s…`);
  const result = await runLoad(load, { connections, durationS, serverPid: server.child.pid, dbName });
  assertRunning(server, `after the ${label} run`);
  logResult(label, result);
  return result;
}

/** Warm-up (if any) then one measured run of a direct (no HTTP) load, logged like measureLoad's. */
export async function measureDirectLoad(load: DirectLoad, options: Omit<MeasureOptions, 'server'>): Promise<LoadResult> {
  const { label, connections, durationS, warmupS, dbName } = options;
  if (warmupS > 0) {
    log(`${label}: warm-up ${warmupS}s…`);
    await runDirectLoad(load, { connections, durationS: warmupS });
  }
  log(`${label}: ${connections} concurrent operations for ${durationS}s (no HTTP)…`);
  const result = await runDirectLoad(load, { connections, durationS, dbName });
  logResult(label, result);
  return result;
}

function logResult(label: string, result: LoadResult): void {
  log(
    `${label}: ${result.ops_per_s} ops/s, p95 ${result.p95_ms} ms, ${result.errors} errors, ` +
      `${result.cpu.server_cpu_ms_per_op ?? 'n/a'} ms server CPU/op` +
      (result.cpu.db_cpu_pct !== null && result.cpu.db_cpu_pct >= 1 ? `, database ${result.cpu.db_cpu_pct}% of a core` : '') +
      `, other processes ${result.cpu.other_cpu_pct ?? 'n/a'}% of a core` +
      (result.cpu.steal_pct !== null && result.cpu.steal_pct >= 1 ? `, stolen by the hypervisor ${result.cpu.steal_pct}% of a core` : ''),
  );
}


/** A fixed-rate (open-loop) run: what was offered and what came back. */
export interface FixedRateResult extends LoadResult {
  /** Requests per second the schedule sent, whatever the answers. */
  offered_rate_per_s: number;
  /** Most requests waiting for an answer at once. */
  max_in_flight: number;
  /** The operations that got no answer, by error (code: message). */
  connection_error_kinds: Record<string, number>;
  /** How latency is measured. */
  latency_from: 'scheduled send time';
}

export interface FixedRateOptions {
  ratePerS: number;
  durationS: number;
  /** Requests still unanswered this long after the schedule ended are counted as timeouts. */
  graceMs?: number;
  serverPid?: number;
  dbName?: string;
  /** Sockets at most (default 512): a request finding none free waits, and its wait counts in its latency. */
  maxSockets?: number;
}

/** What one operation of an open-loop run came to. */
interface OpenLoopOutcome {
  ok: boolean;
  /** HTTP status (HTTP loads only). */
  status?: number;
  bytes?: number;
  /** The operation never got an answer (socket error, a failed database call). */
  failed?: boolean;
  /** Why it failed. */
  error?: string;
}

/**
 * Open loop: operation i is due at t0 + i / rate and is started then, whether or not the earlier ones
 * are done; its latency runs from that scheduled time to its end, so a stall of the server (or of the
 * generator) counts in full for every operation it delayed (no coordinated omission).
 */
async function runOpenLoop(op: (i: number) => Promise<OpenLoopOutcome>, options: FixedRateOptions & { selfIsServer?: boolean }): Promise<FixedRateResult> {
  const { ratePerS, durationS } = options;
  const total = Math.max(1, Math.round(ratePerS * durationS));
  const recorder = new LatencyRecorder();
  const codes: Record<string, number> = {};
  let ok = 0;
  let nonOk = 0;
  let failures = 0;
  let bytes = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;
  const errorKinds: Record<string, number> = {};
  const meter = new CpuMeter({ serverPid: options.serverPid, dbName: options.dbName, selfIsServer: options.selfIsServer });
  const t0 = performance.now();
  const done = new Promise<void>((resolve) => {
    const settle = (outcome: OpenLoopOutcome, scheduled: number) => {
      if (outcome.status !== undefined) codes[outcome.status] = (codes[outcome.status] ?? 0) + 1;
      bytes += outcome.bytes ?? 0;
      if (outcome.ok) {
        ok++;
        recorder.add(performance.now() - scheduled);
      } else if (outcome.failed) {
        failures++;
        const what = outcome.error ?? 'error';
        errorKinds[what] = (errorKinds[what] ?? 0) + 1;
      } else {
        nonOk++;
      }
      inFlight--;
      if (++answered === total) resolve();
    };
    const start = (i: number) => {
      const scheduled = t0 + (i * 1000) / ratePerS;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      op(i).then(
        (outcome) => settle(outcome, scheduled),
        (err: unknown) => settle({ ok: false, failed: true, error: (err as Error)?.message ?? String(err) }, scheduled),
      );
    };
    let started = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * ratePerS) / 1000) + 1);
      while (started < due) start(started++);
      if (started < total) setTimeout(tick, 1);
    };
    tick();
  });
  const graceMs = options.graceMs ?? 10_000;
  let timedOut = false;
  await Promise.race([done, new Promise<void>((r) => setTimeout(() => ((timedOut = true), r()), durationS * 1000 + graceMs))]);
  const wallMs = meter.elapsedMs();
  const cpu = meter.finish(ok, wallMs);
  if (failures) log(`open loop: ${failures} operation(s) without an answer: ${JSON.stringify(errorKinds)}`);
  const timeouts = timedOut ? total - answered : 0;
  return {
    ops_per_s: round(ok / (wallMs / 1000), 1),
    duration_s: round(wallMs / 1000, 2),
    connections: maxInFlight,
    requests_sent: total,
    responses: ok + nonOk,
    responses_2xx: ok,
    errors: nonOk + failures + timeouts,
    errors_detail: { connection_errors: failures, timeouts, non_2xx: nonOk, mismatches: 0, resets: 0 },
    status_codes: codes,
    bytes_per_s: Math.round(bytes / (wallMs / 1000)),
    ...recorder.summary(),
    cpu,
    offered_rate_per_s: ratePerS,
    max_in_flight: maxInFlight,
    connection_error_kinds: errorKinds,
    latency_from: 'scheduled send time',
  };
}

/**
 * An HTTP load open loop (runOpenLoop): the requests of a sequence are sent in order, over and over; a
 * fixed request every time. Latency is to the end of the answer's body.
 */
export async function runFixedRate(load: HttpLoad, options: FixedRateOptions): Promise<FixedRateResult> {
  const url = new URL(load.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 512 });
  const sequence = Array.isArray(load.next) ? load.next : typeof load.next === 'function' ? null : [load.next];
  const nextOf = (i: number): HttpRequestSpec => (sequence ? sequence[i % sequence.length] : (load.next as () => HttpRequestSpec)());
  try {
    return await runOpenLoop(
      (i) =>
        new Promise<OpenLoopOutcome>((resolve) => {
          const spec = nextOf(i);
          let bytes = 0;
          const req = http.request({ agent, host: url.hostname, port: url.port, method: spec.method ?? 'GET', path: spec.path, headers: spec.headers }, (res) => {
            res.on('data', (c: Buffer) => (bytes += c.length));
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              resolve({ ok: status >= 200 && status < 300, status, bytes });
            });
          });
          req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, failed: true, error: `${err.code ?? 'error'}: ${err.message}` }));
          if (spec.body) req.write(spec.body);
          req.end();
        }),
      options,
    );
  } finally {
    agent.destroy();
  }
}

/** A direct (no HTTP) load open loop: `run()` started on the schedule in this process (its CPU is the "server's"). */
export function runDirectFixedRate(load: DirectLoad, options: Omit<FixedRateOptions, 'serverPid' | 'maxSockets'>): Promise<FixedRateResult> {
  return runOpenLoop(async () => {
    await load.run();
    return { ok: true };
  }, { ...options, selfIsServer: true });
}

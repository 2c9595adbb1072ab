import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A child process the harness started, with where its output goes. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile?: string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StopOutcome {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** SIGTERM was not enough: it was killed with SIGKILL. */
  forced: boolean;
  ms: number;
}

const running = new Set<ManagedProcess>();

export const log = (msg: string): void => {
  process.stdout.write(`[bench] ${msg}\n`);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a node script as a child process (`node [nodeArgs] script [args]`, no extra flags by default:
 * services run exactly as `node dist/apps/api/src/main.js`). Its stdout/stderr go to `logFile` (truncated) or are ignored;
 * it is tracked so that it is stopped whatever way the benchmark ends.
 */
export function spawnNode(
  name: string,
  script: string,
  options: { env: NodeJS.ProcessEnv; logFile?: string; ipc?: boolean; args?: string[]; nodeArgs?: string[] },
): ManagedProcess {
  let fd: number | undefined;
  if (options.logFile) fd = openSync(options.logFile, 'w');
  const out = fd ?? 'ignore';
  const stdio: StdioOptions = options.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out];
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...(options.args ?? [])], { env: options.env, stdio });
  } finally {
    // the child holds its own copy of the descriptor
    if (fd !== undefined) closeSync(fd);
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: child.exitCode, signal: child.signalCode }));
  });
  const managed: ManagedProcess = { name, child, logFile: options.logFile, exited };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

export const isAlive = (p: ManagedProcess): boolean => p.child.exitCode === null && p.child.signalCode === null;

/** Throws (with the end of its log) when a server the benchmark relies on has exited. */
export function assertRunning(p: ManagedProcess, when: string): void {
  if (isAlive(p)) return;
  const how = p.child.signalCode ?? `exit code ${p.child.exitCode}`;
  throw new Error(`${p.name} is no longer running ${when} (${how})${p.logFile ? `; see ${p.logFile}:\n${tail(p.logFile, 8)}` : ''}`);
}

/** SIGTERM, then SIGKILL if it has not exited after `timeoutMs`. */
export async function stopProcess(p: ManagedProcess, timeoutMs: number): Promise<StopOutcome> {
  const started = Date.now();
  if (!isAlive(p)) {
    const r = await p.exited;
    return { name: p.name, ...r, forced: false, ms: 0 };
  }
  p.child.kill('SIGTERM');
  let forced = false;
  const timer = setTimeout(() => {
    if (isAlive(p)) {
      forced = true;
      p.child.kill('SIGKILL');
    }
  }, timeoutMs);
  const r = await p.exited;
  clearTimeout(timer);
  return { name: p.name, ...r, forced, ms: Date.now() - started };
}

/** Stops every child still running (in parallel), bounded by `timeoutMs` each. */
export async function stopAll(timeoutMs: number): Promise<StopOutcome[]> {
  return Promise.all([...running].map((p) => stopProcess(p, timeoutMs)));
}

/** Last resort, synchronous (used from process 'exit'): SIGKILL whatever is left. */
export function killAllNow(): void {
  for (const p of running) if (isAlive(p)) p.child.kill('SIGKILL');
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/** Polls `url` until it answers 200, the process dies, or `timeoutMs` passes. */
export async function waitForHttpOk(url: string, proc: ManagedProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    if (!isAlive(proc)) {
      const r = await proc.exited;
      throw new Error(
        `${proc.name} exited (${r.signal ?? `code ${r.code}`}) before ${url} answered` +
          (proc.logFile ? `; see ${proc.logFile}:\n${tail(proc.logFile, 8)}` : ''),
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return Date.now() - started;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000}s (last: ${last})${proc.logFile ? `; see ${proc.logFile}` : ''}`);
}

/** Last lines of a log file, indented, for error messages. */
export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    | ${l}`)
      .join('\n');
  } catch {
    return '    | (no log)';
  }
}

/** Runs a node script to completion with a time limit; rejects on a non-zero exit or timeout. */
export async function runNodeToCompletion(
  name: string,
  script: string,
  options: { env: NodeJS.ProcessEnv; logFile?: string; args?: string[]; timeoutMs: number },
): Promise<number> {
  const started = Date.now();
  const p = spawnNode(name, script, options);
  const timer = setTimeout(() => {
    log(`${name} is taking longer than ${options.timeoutMs / 1000}s: stopping it`);
    void stopProcess(p, 5000);
  }, options.timeoutMs);
  const r = await p.exited;
  clearTimeout(timer);
  if (r.code !== 0) {
    throw new Error(
      `${name} failed (${r.signal ?? `exit code ${r.code}`})` +
        (options.logFile ? `; see ${options.logFile}:\n${tail(options.logFile, 8)}` : ''),
    );
  }
  return Date.now() - started;
}

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_RUNTIMES, type ServiceName } from '@hvs/platform';
import { freePort } from './test-redis';

const REPO_ROOT = resolve(__dirname, '../../..');

const PORT_SETTING: Record<ServiceName, string> = { api: 'PORT', worker: 'WORKER_PORT', 'vneid-mock': 'VNEID_MOCK_PORT' };
/** The route that answers 200 once the process can do its work. */
const READY_PATH: Record<ServiceName, string> = { api: '/health/ready', worker: '/health/ready', 'vneid-mock': '/health/ready' };

/**
 * The code compiled as `npm run build` compiles it (swc, the same .swcrc), into a directory of its own
 * so that test files building at once do not overwrite each other's output. Remove it when done.
 */
export class CompiledSystem {
  private constructor(readonly dir: string) {}

  static async build(): Promise<CompiledSystem> {
    const dir = join(REPO_ROOT, 'dist', `test-build-${process.pid}-${randomBytes(3).toString('hex')}`);
    await promisify(execFile)(
      join(REPO_ROOT, 'node_modules/.bin/swc'),
      ['apps', 'libs', 'migrations', '--out-dir', dir, '--config-file', '.swcrc', '--quiet'],
      { cwd: REPO_ROOT },
    );
    return new CompiledSystem(dir);
  }

  entry(service: ServiceName): string {
    return join(this.dir, SERVICE_RUNTIMES[service].entry);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** How a service process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One service running as its own OS process, with the node flags `npm start` gives it, for tests that kill it with
 * SIGKILL and start it again. Its output is kept (the last lines) for the failure message.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private output: string[] = [];
  /** How many times the process has been started. */
  starts = 0;

  private constructor(
    readonly service: ServiceName,
    private readonly system: CompiledSystem,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async start(service: ServiceName, system: CompiledSystem, env: Record<string, string>): Promise<ServiceProcess> {
    const p = new ServiceProcess(service, system, await freePort(), env);
    await p.restart();
    return p;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the process wrote (stdout and stderr). */
  get recentOutput(): string {
    return this.output.join('');
  }

  /** Starts the process (again) and waits until it answers ready. */
  async restart(): Promise<void> {
    if (this.running) throw new Error(`${this.service} is already running`);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'false',
      ...this.env,
      [PORT_SETTING[this.service]]: String(this.port),
    };
    const child = spawn(process.execPath, [...SERVICE_RUNTIMES[this.service].nodeFlags, this.system.entry(this.service)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.starts++;
    await this.waitReady();
  }

  private async waitReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.service} exited while starting:\n${this.recentOutput}`);
      try {
        const res = await fetch(this.url + READY_PATH[this.service], { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.service} was not ready within ${timeoutMs} ms:\n${this.recentOutput}`);
  }

  /** Kills the process at once (SIGKILL: no shutdown hook runs, as in a crash). */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /**
   * Stops the process gracefully (SIGTERM), as a deployment does, and says how it ended: a clean
   * shutdown ends by the signal itself (Nest re-raises it once closed), a forced one with code 1.
   */
  async stop(): Promise<ProcessExit | null> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<ProcessExit | null> {
    const child = this.child;
    if (!child || !this.running) return null;
    return new Promise<ProcessExit>((resolve) => {
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal }));
      child.kill(signal);
    });
  }
}

import { killAllNow, log, stopAll } from './processes';
import { deleteRedisPrefix, type RunningSystem } from './system';

/**
 * Makes sure no child process outlives a benchmark run: killed on exit, stopped (with the run's Redis
 * keys deleted) on Ctrl-C, SIGTERM or when the run exceeds `budgetS`. Returns the watchdog timer, to be
 * cleared when the run ends in time.
 */
export function guardRun(state: { system?: RunningSystem }, budgetS: number): NodeJS.Timeout {
  process.on('exit', killAllNow);
  let interrupted = false;
  const abort = (why: string, code: number) => {
    if (interrupted) return;
    interrupted = true;
    log(`${why}: stopping child processes…`);
    void (async () => {
      await stopAll(5000);
      if (state.system) await deleteRedisPrefix(state.system.redisUrl, state.system.redisPrefix).catch(() => undefined);
    })().finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 8000).unref();
  };
  process.on('SIGINT', () => abort('interrupted (SIGINT)', 130));
  process.on('SIGTERM', () => abort('terminated (SIGTERM)', 143));
  log(`time limit for the whole run: ${budgetS}s`);
  return setTimeout(() => abort(`run exceeded its ${budgetS}s time limit`, 1), budgetS * 1000);
}

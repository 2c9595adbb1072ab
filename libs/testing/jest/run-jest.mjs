#!/usr/bin/env node
/**
 * `npm run test:jest`: runs Jest with the given arguments, passes its output through, and fails the run
 * when Jest reports a leak it otherwise only warns about (a worker that had to be force-exited, or Jest
 * not exiting after the run): such a warning means a test left something running or the process grew
 * too big, and it must be fixed, not scrolled past (see jest.config.js).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const LEAK_WARNINGS = [/failed to exit gracefully/, /did not exit one second after the test run/];
const jestBin = createRequire(import.meta.url).resolve('jest/bin/jest');
const child = spawn(process.execPath, [jestBin, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'pipe'] });
let tail = '';
let leaked = null;
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  tail = (tail + chunk.toString()).slice(-4096);
  leaked ??= LEAK_WARNINGS.find((re) => re.test(tail)) ?? null;
});
child.on('exit', (code, signal) => {
  if (leaked && code === 0) {
    process.stderr.write(`\n[test:jest] failing the run: Jest reported a leak (${leaked.source}); see jest.config.js\n`);
    process.exit(1);
  }
  process.exit(code ?? (signal ? 1 : 0));
});

#!/usr/bin/env node
// The npm registry this project's machines reach serves the platform-specific optional packages
// (native binaries of swc, nx, msgpackr-extract, …) for linux-x64 only, so `npm install` here leaves
// the other platforms' entries out of package-lock.json, and `npm ci` then refuses the lock file
// ("Missing: @swc/core-darwin-arm64@ from lock file") on every machine. This adds those entries the
// way npm writes them for an optional package of another platform (version, os, cpu, libc, optional),
// so `npm ci` accepts the lock and skips them on platforms they are not for.
// Run it after changing dependencies: `npm install … && npm run lockfile:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = [
  ['arm64', 'arm64'], ['aarch64', 'arm64'], ['x64', 'x64'], ['x86_64', 'x64'], ['ia32', 'ia32'],
  ['arm', 'arm'], ['ppc64', 'ppc64'], ['s390x', 's390x'], ['riscv64', 'riscv64'], ['loong64', 'loong64'],
];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((o) => parts.includes(o));
  const cpu = CPU.find(([token]) => parts.includes(token))?.[1];
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined;
  return os && cpu ? { os, cpu, libc } : undefined;
}

let added = 0;
for (const [location, entry] of Object.entries(pkgs)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (pkgs[nested]) continue;
    if (pkgs[hoisted] && (pkgs[hoisted].version === spec || !location)) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(spec)) continue; // not a platform binary: leave it to npm
    // hoisted when free, else beside the package that needs this version
    const target = !location || pkgs[hoisted] ? nested : hoisted;
    pkgs[target] = {
      version: spec,
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      optional: true,
      os: [platform.os],
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: added ${added} optional platform package entr${added === 1 ? 'y' : 'ies'}\n`);

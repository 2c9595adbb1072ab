import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SERVICE_RUNTIMES } from './service-runtime';

function repoFile(name: string): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return readFileSync(join(dir, name), 'utf8');
}

/** Every `['node', ..., 'dist/<entry>']` command array of a file, as string arrays. */
function nodeCommands(text: string): string[][] {
  return [...text.matchAll(/\[\s*(["']node["'][^\]]*)\]/g)].map((m) => [...m[1].matchAll(/["']([^"']+)["']/g)].map((a) => a[1]));
}

describe('service runtimes', () => {
  const compose = nodeCommands(repoFile('docker-compose.yml'));
  const docker = nodeCommands(repoFile('Dockerfile'));

  it.each(Object.entries(SERVICE_RUNTIMES))('%s runs with the same Node flags in docker-compose.yml', (_name, runtime) => {
    const command = compose.find((c) => c[c.length - 1] === `dist/${runtime.entry}`);
    expect(command).toEqual(['node', ...runtime.nodeFlags, `dist/${runtime.entry}`]);
  });

  it("the image's default command is the api's", () => {
    const api = SERVICE_RUNTIMES.api;
    expect(docker).toEqual([['node', ...api.nodeFlags, `dist/${api.entry}`]]);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { geoDataDir } from './geo-data-files';

/** The README of the shipped unit lists says what is in its folder: every file it names is there, every file there is described. */
describe('libs/geography/data/README.txt', () => {
  const dir = geoDataDir();
  const readme = readFileSync(join(dir, 'README.txt'), 'utf8').replace(/\r\n/g, '\n');
  const filesSection = /\nFILES\n-+\n([\s\S]*?)\n[A-Z][A-Z ]+\n-+\n/.exec(readme)?.[1] ?? '';
  /** The entries of the FILES table: a name at the start of a line, then its description. */
  const listed = [...filesSection.matchAll(/^(\S+)\s{2,}\S/gm)].map((m) => m[1]);
  const present = readdirSync(dir).map((name) => (statSync(join(dir, name)).isDirectory() ? `${name}/` : name));

  it('lists every file of the folder, and only those', () => {
    expect(listed.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual([...present].sort());
  });

  it('names no file of the folder that is not there, anywhere in its text', () => {
    // a file of this folder: a bare name (paths with "/" are the upstream repository's files)
    const names = readme
      .split(/[\s,;:()"'`]+/)
      .map((token) => token.replace(/\.$/, ''))
      .filter((token) => !token.includes('/') && (/^[\w.*…-]+\.(csv|json|geojson|topojson|txt|sql)$/i.test(token) || token === 'LICENSE'));
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((name) => !present.includes(name))).toEqual([]);
  });

  it('gives the true row count of every CSV it counts', () => {
    const claims = [...filesSection.matchAll(/^(\S+\.csv)\s+([\d,]+) rows/gm)].map((m) => [m[1], Number(m[2].replace(/,/g, ''))] as const);
    expect(claims.map(([name]) => name).sort()).toEqual(present.filter((name) => name.endsWith('.csv')).sort());
    for (const [name, rows] of claims) {
      const records = parse(readFileSync(join(dir, name)), { bom: true, columns: true }) as unknown[];
      expect({ name, rows: records.length }).toEqual({ name, rows });
    }
  });
});

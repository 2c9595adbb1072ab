import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { geoDataDir } from './geo-data-files';

export interface PreReformProvince {
  code: string;
  name: string;
}

let cache: ReadonlyMap<string, PreReformProvince> | undefined;

/**
 * The 63 provinces before 1 July 2025 (libs/geography/data/provinces_pre_2025.csv). Their codes are not
 * units any more, but they live on in every CCCD number: its first three digits are "0" + the code of the
 * province where the birth was registered.
 */
export function preReformProvinces(): ReadonlyMap<string, PreReformProvince> {
  if (!cache) {
    const rows = parse(readFileSync(join(geoDataDir(), 'provinces_pre_2025.csv'), 'utf8'), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
    }) as Array<{ code: string; name: string }>;
    cache = new Map(rows.map((r) => [r.code, { code: r.code, name: r.name }]));
  }
  return cache;
}

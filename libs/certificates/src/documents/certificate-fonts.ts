import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The DejaVu Sans fonts shipped in libs/certificates/assets/fonts (free licence, full Vietnamese coverage). */
export interface CertificateFonts {
  regular: Buffer;
  bold: Buffer;
}

/**
 * The folder of the certificate fonts, found from wherever the code runs: the TypeScript sources
 * (tests) or the compiled tree under dist/ (the Docker image copies libs/certificates/assets next to it).
 */
export function certificateFontsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'libs', 'certificates', 'assets', 'fonts');
    if (existsSync(join(candidate, 'DejaVuSans.ttf'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('libs/certificates/assets/fonts/DejaVuSans.ttf not found above ' + __dirname);
}

let loaded: CertificateFonts | undefined;

/** The fonts, read once per process. */
export function certificateFonts(): CertificateFonts {
  if (!loaded) {
    const dir = certificateFontsDir();
    loaded = { regular: readFileSync(join(dir, 'DejaVuSans.ttf')), bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')) };
  }
  return loaded;
}

/**
 * Jest transformer: swc for the project's TypeScript, and for the ES-module-only packages in
 * node_modules (NestJS 12 and some of its dependencies), which Jest on Node 20 cannot require().
 * CommonJS packages are passed through untouched, so they keep their exact semantics.
 */
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { createTransformer } = require('@swc/jest');

const packageTypeCache = new Map();

function isEsmPackageFile(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  let dir = dirname(filename);
  const seen = [];
  while (dir.includes('node_modules')) {
    if (packageTypeCache.has(dir)) {
      const type = packageTypeCache.get(dir);
      seen.forEach((d) => packageTypeCache.set(d, type));
      return type === 'module';
    }
    seen.push(dir);
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      let type = 'commonjs';
      try {
        type = JSON.parse(readFileSync(pkg, 'utf8')).type ?? 'commonjs';
      } catch {
        /* a package.json we cannot read counts as CommonJS */
      }
      seen.forEach((d) => packageTypeCache.set(d, type));
      return type === 'module';
    }
    dir = dirname(dir);
  }
  return false;
}

module.exports = {
  createTransformer(swcOptions) {
    const swc = createTransformer(swcOptions);
    const inNodeModules = (f) => f.includes(`${require('node:path').sep}node_modules${require('node:path').sep}`);
    return {
      ...swc,
      process(src, filename, options) {
        if (inNodeModules(filename) && !isEsmPackageFile(filename)) return { code: src };
        return swc.process(src, filename, options);
      },
      getCacheKey(src, filename, options) {
        const kind = inNodeModules(filename) && !isEsmPackageFile(filename) ? 'pass' : 'swc';
        return `${kind}:${swc.getCacheKey(src, filename, options)}`;
      },
    };
  },
};

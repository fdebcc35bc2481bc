// vde's version, from package.json. The bundles get it inlined at build time (scripts/build.mjs
// defines __VDE_VERSION__); run from source (tests, tsx) it is read from the package.json above.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

declare const __VDE_VERSION__: string | undefined;

function fromPackageJson(): string {
  const starts = [typeof __dirname === 'string' ? __dirname : '', process.cwd()].filter(Boolean);
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        try {
          const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
          if (pkg.name === 'vde' && typeof pkg.version === 'string') return pkg.version;
        } catch {
          // not ours or unreadable: keep looking
        }
      }
      if (dirname(dir) === dir) break;
    }
  }
  return '0.0.0-unknown';
}

export const VERSION: string = typeof __VDE_VERSION__ === 'string' ? __VDE_VERSION__ : fromPackageJson();

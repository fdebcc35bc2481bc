// vde's version, from package.json. The bundles get it inlined at build time (scripts/build.mjs
// defines __VDE_VERSION__); run from source (tests, tsx) it is read from the package.json above.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sha256Hex } from './hash';

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

let build: string | null | undefined;

/**
 * The exact build of vde running, for caches that must never outlive it (the parse cache): a
 * hash of the bundle file itself (dist/cli.js, dist/index.js), so a rebuilt bundle is another
 * build even under the same version. Null when run from the sources (tests, tsx), which have no
 * single file to name them.
 */
export function buildId(): string | null {
  if (build === undefined) {
    try {
      build = typeof __VDE_VERSION__ === 'string' ? `${__VDE_VERSION__}:${sha256Hex(readFileSync(__filename))}` : null;
    } catch {
      build = null;
    }
  }
  return build;
}

/** The parse cache setting for openWorkspace: on in the bundles, which name their build. */
export function parseCache(): { parseCache?: { codeId: string } } {
  const id = buildId();
  return id ? { parseCache: { codeId: id } } : {};
}

// Bundles the action and the CLI. Engines' native/wasm-heavy drivers stay external: pglite ships
// wasm files beside its JS and snowflake-sdk pulls in a large cloud SDK, and both are loaded
// lazily only when a project's connection asks for them.
import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The SQL parser (@polyglot-sql/sdk) is bundled from its CommonJS build, which reads its WASM
// module from `__dirname` at run time: beside the bundle, so it is copied into dist/.
const require = createRequire(import.meta.url);
const polyglotCjs = require.resolve('@polyglot-sql/sdk');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@electric-sql/pglite', 'snowflake-sdk', 'pg-native'],
  alias: { '@polyglot-sql/sdk': polyglotCjs },
  define: { __VDE_VERSION__: JSON.stringify(version) },
};

await build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/index.js' });
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
});
copyFileSync(join(dirname(polyglotCjs), 'polyglot_sql.wasm'), 'dist/polyglot_sql.wasm');
// `vde` is dist/cli.js (package.json's bin): it must be executable in a checkout, and git records
// the mode when the lead commits dist/.
chmodSync('dist/cli.js', 0o755);

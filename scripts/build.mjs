// Bundles the action and the CLI. Engines' native/wasm-heavy drivers stay external: pglite ships
// wasm files beside its JS and snowflake-sdk pulls in a large cloud SDK, and both are loaded
// lazily only when a project's connection asks for them.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@electric-sql/pglite', 'snowflake-sdk', 'pg-native'],
  define: { __VDE_VERSION__: JSON.stringify(version) },
};

await build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/index.js' });
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
});
// `vde` is dist/cli.js (package.json's bin): it must be executable in a checkout, and git records
// the mode when the lead commits dist/.
chmodSync('dist/cli.js', 0o755);

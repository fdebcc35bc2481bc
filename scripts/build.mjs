// Bundles the action and the CLI. Engines' native/wasm-heavy drivers stay external: pglite ships
// wasm files beside its JS and snowflake-sdk pulls in a large cloud SDK, and both are loaded
// lazily only when a project's connection asks for them.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@electric-sql/pglite', 'snowflake-sdk', 'pg-native'],
};

await build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/index.js' });
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
});

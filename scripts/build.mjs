// Bundles the action and the CLI. Engines' native/wasm-heavy drivers stay out of the main bundles:
// pglite ships wasm files beside its JS (external), and snowflake-sdk, with the large cloud SDKs
// it pulls in, is bundled on its own into dist/snowflake-sdk.js, which the main bundles load only
// when a project's connection is Snowflake (so the Postgres path's cold start never pays for it,
// and the action needs no node_modules to reach Snowflake).
import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The SQL parser (@polyglot-sql/sdk) is bundled from its CommonJS build, which reads its WASM
// module from `__dirname` at run time: beside the bundle, so it is copied into dist/.
const require = createRequire(import.meta.url);
const polyglotCjs = require.resolve('@polyglot-sql/sdk');

/** `snowflake-sdk` → the sibling chunk `./snowflake-sdk.js`, loaded at run time. */
const snowflakeChunk = {
  name: 'snowflake-sdk-chunk',
  setup(b) {
    b.onResolve({ filter: /^snowflake-sdk$/ }, () => ({ path: './snowflake-sdk.js', external: true }));
  },
};

/**
 * pg's lib/stream.js decides at load time between Node sockets and Cloudflare Workers' by
 * constructing a `Response`; on Node 20 that loads the whole fetch implementation (~40 ms of every
 * start, measured: docs/performance.md). vde runs only on Node, so the bundle gets the Node half.
 */
const pgNodeStream = {
  name: 'pg-node-stream',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, () => ({
      loader: 'js',
      contents: [
        "'use strict';",
        '// Replaces pg/lib/stream.js in the bundle (scripts/build.mjs): sockets for Node only.',
        "exports.getStream = function getStream() { return new (require('net').Socket)(); };",
        "exports.getSecureStream = function getSecureStream(options) { return require('tls').connect(options); };",
      ].join('\n'),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@electric-sql/pglite', 'pg-native'],
  alias: { '@polyglot-sql/sdk': polyglotCjs },
  define: { __VDE_VERSION__: JSON.stringify(version), __VDE_PARSER_WORKER__: JSON.stringify('sql-parser-worker.js') },
};

await build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/index.js', plugins: [snowflakeChunk, pgNodeStream] });
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [snowflakeChunk, pgNodeStream],
});
// The SQL parser's worker thread (src/project/sql-parser.ts starts it from beside the bundle).
await build({ ...common, entryPoints: ['src/project/sql-parser-worker.ts'], outfile: 'dist/sql-parser-worker.js' });
// The driver alone (minified: it is vendor code, and large).
await build({
  ...common,
  stdin: { contents: "module.exports = require('snowflake-sdk');", resolveDir: process.cwd(), loader: 'js' },
  outfile: 'dist/snowflake-sdk.js',
  minify: true,
  keepNames: true,
});
copyFileSync(join(dirname(polyglotCjs), 'polyglot_sql.wasm'), 'dist/polyglot_sql.wasm');
// `vde` is dist/cli.js (package.json's bin): it must be executable in a checkout, and git records
// the mode when the lead commits dist/.
chmodSync('dist/cli.js', 0o755);

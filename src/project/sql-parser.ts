// Where vde gets its SQL parser and transpiler (@polyglot-sql/sdk, a large WASM module; see
// docs/sql-parser.md). Loaded lazily and once per process. The bundles (dist/cli.js,
// dist/index.js) run it in a worker thread, started by `startSqlParser` when a command begins, so
// that compiling it overlaps with reading the project instead of following it; run from the
// sources (tests, tsx) it is loaded in this thread.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openLocalParser } from './sql-parser-wasm';
import { startParserThread, type ParserThread } from './sql-parser-thread';
import type { SqlParser } from './sql-parser-types';

export * from './sql-parser-types';

// Defined by scripts/build.mjs: the worker's file name beside the bundle.
declare const __VDE_PARSER_WORKER__: string | undefined;

let started: ParserThread | undefined;

function start(): ParserThread {
  if (!started) {
    const file = workerFile();
    if (file) started = startParserThread(file);
    else {
      const inThread = inThisThread();
      inThread.catch(() => {}); // surfaces where it is awaited
      started = { parser: () => inThread };
    }
  }
  return started;
}

/** The parser. Rejects when it cannot be loaded; callers take their safe path then. */
export function loadSqlParser(): Promise<SqlParser> {
  return start().parser();
}

/**
 * Starts loading the parser without waiting for it: plan and apply call this first, because a
 * changed model needs it to be categorized and a model in another dialect to be transpiled. A
 * failure surfaces where the parser is awaited, never here; a thread nobody awaits does not keep
 * the process alive.
 */
export function startSqlParser(): void {
  // In this thread, loading would only delay the caller: it waits until the parser is needed.
  if (workerFile()) start();
}

async function inThisThread(): Promise<SqlParser> {
  const p = await openLocalParser();
  return {
    id: p.id,
    analyze: async (sql, dialect) => p.analyze(sql, dialect),
    transpile: async (sql, from, to) => p.transpile(sql, from, to),
  };
}

let worker: string | null | undefined;

/** The bundled worker beside this bundle (looked up once), or null when running from the sources. */
function workerFile(): string | null {
  if (worker === undefined) {
    const file = typeof __VDE_PARSER_WORKER__ === 'string' && process.env.VDE_SQL_PARSER_THREAD !== 'main' ? join(__dirname, __VDE_PARSER_WORKER__) : null;
    worker = file !== null && existsSync(file) ? file : null;
  }
  return worker;
}

// The main thread's side of the parser's worker thread: one request per call, answered in order.
// A worker that fails to load, exits or errors rejects every call still waiting (the callers then
// take their safe paths: an unread change is breaking, an untranspiled query fails the apply).
import { Worker } from 'node:worker_threads';
import type { ParseResult, SqlParser, TranspileResult } from './sql-parser-types';

type Call = { op: 'analyze'; sql: string; dialect: string } | { op: 'transpile'; sql: string; from: string; to: string };

export type ParserRequest = Call & { id: number };

export type ParserReply = { id: number; result: ParseResult | TranspileResult };

type Ready = { ready: true; id: string } | { ready: false; error: string };

/** A started parser thread. */
export interface ParserThread {
  /**
   * The parser once loaded. While someone awaits it (or a call's answer), the thread keeps the
   * process alive; a thread nobody waits on never does (plan and apply start it speculatively,
   * and the action ends by running out of work, without process.exit).
   */
  parser(): Promise<SqlParser>;
}

/** Starts `file` (the bundled sql-parser-worker.js). */
export function startParserThread(file: string): ParserThread {
  const worker = new Worker(file);
  const waiting = new Map<number, { resolve: (r: ParseResult | TranspileResult) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failed: Error | undefined;
  let loaded: SqlParser | undefined;
  let awaitingLoad = false;
  // Referenced exactly while an answer (the load, or a call's) is awaited.
  const reference = (): void => {
    if (!failed && (waiting.size > 0 || (awaitingLoad && !loaded))) worker.ref();
    else worker.unref();
  };
  let resolveLoad!: (p: SqlParser) => void;
  let rejectLoad!: (e: Error) => void;
  const load = new Promise<SqlParser>((res, rej) => {
    resolveLoad = res;
    rejectLoad = rej;
  });
  load.catch(() => {}); // a speculative start nobody awaits must not be an unhandled rejection
  const fail = (e: Error): void => {
    failed ??= e;
    rejectLoad(failed);
    for (const w of waiting.values()) w.reject(failed);
    waiting.clear();
    reference();
  };
  worker.on('error', (e) => fail(new Error(`the SQL parser's thread failed: ${e.message}`)));
  worker.on('exit', (code) => fail(new Error(`the SQL parser's thread exited (code ${code})`)));
  worker.on('message', (m: Ready | ParserReply) => {
    if ('ready' in m) {
      if (!m.ready) fail(new Error(m.error));
      else {
        loaded = client(m.id);
        resolveLoad(loaded);
        reference();
      }
      return;
    }
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    reference();
    w?.resolve(m.result);
  });
  // After the listeners: adding a 'message' listener references the worker's port again.
  reference();
  const call = <R extends ParseResult | TranspileResult>(req: Call): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      if (failed) {
        reject(failed);
        return;
      }
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (r: ParseResult | TranspileResult) => void, reject });
      reference();
      worker.postMessage({ ...req, id });
    });
  const client = (id: string): SqlParser => ({
    id,
    analyze: (sql, dialect) => call<ParseResult>({ op: 'analyze', sql, dialect }),
    transpile: (sql, from, to) => call<TranspileResult>({ op: 'transpile', sql, from, to }),
  });
  return {
    parser() {
      awaitingLoad = true;
      reference();
      return load;
    },
  };
}

/** Starts `file` and waits for its parser. */
export function workerParser(file: string): Promise<SqlParser> {
  return startParserThread(file).parser();
}

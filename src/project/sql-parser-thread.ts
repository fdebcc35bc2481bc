// The main thread's side of the parser's worker thread: one request per call, answered in order.
// A worker that fails to load, exits or errors rejects every call still waiting (the callers then
// take their safe paths: an unread change is breaking, an untranspiled query fails the apply).
import { Worker } from 'node:worker_threads';
import type { ParseResult, SqlParser, TranspileResult } from './sql-parser-types';

type Call = { op: 'analyze'; sql: string; dialect: string } | { op: 'transpile'; sql: string; from: string; to: string };

export type ParserRequest = Call & { id: number };

export type ParserReply = { id: number; result: ParseResult | TranspileResult };

type Ready = { ready: true; id: string } | { ready: false; error: string };

/** Starts `file` (the bundled sql-parser-worker.js) and resolves once its parser has loaded. */
export function workerParser(file: string): Promise<SqlParser> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file);
    // Idle, the thread must not keep the process alive; it is referenced while calls wait.
    worker.unref();
    const waiting = new Map<number, (r: ParseResult | TranspileResult) => void>();
    const failures = new Map<number, (e: Error) => void>();
    let nextId = 1;
    let failed: Error | undefined;
    let ready = false;
    const fail = (e: Error): void => {
      failed ??= e;
      if (!ready) reject(failed);
      for (const f of failures.values()) f(failed);
      waiting.clear();
      failures.clear();
      worker.unref();
    };
    worker.on('error', (e) => fail(new Error(`the SQL parser's thread failed: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`the SQL parser's thread exited (code ${code})`)));
    worker.on('message', (m: Ready | ParserReply) => {
      if ('ready' in m) {
        if (!m.ready) {
          fail(new Error(m.error));
          return;
        }
        ready = true;
        resolve(client(m.id));
        return;
      }
      const done = waiting.get(m.id);
      waiting.delete(m.id);
      failures.delete(m.id);
      if (waiting.size === 0) worker.unref();
      done?.(m.result);
    });
    const call = <R extends ParseResult | TranspileResult>(req: Call): Promise<R> =>
      new Promise<R>((res, rej) => {
        if (failed) {
          rej(failed);
          return;
        }
        const id = nextId++;
        waiting.set(id, res as (r: ParseResult | TranspileResult) => void);
        failures.set(id, rej);
        worker.ref();
        worker.postMessage({ ...req, id });
      });
    const client = (id: string): SqlParser => ({
      id,
      analyze: (sql, dialect) => call<ParseResult>({ op: 'analyze', sql, dialect }),
      transpile: (sql, from, to) => call<TranspileResult>({ op: 'transpile', sql, from, to }),
    });
  });
}

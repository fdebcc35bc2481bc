// Entry of the worker thread that owns the SQL parser (bundled on its own into
// dist/sql-parser-worker.js). Compiling the WASM module and the parser's first calls cost about
// half a second of CPU; in a thread of their own they overlap with loading the project's model
// files instead of following it. The first message says whether the parser loaded.
import { parentPort } from 'node:worker_threads';
import { openLocalParser, type LocalSqlParser } from './sql-parser-wasm';
import type { ParserReply, ParserRequest } from './sql-parser-thread';

const port = parentPort;
if (!port) throw new Error('sql-parser-worker.js runs only as a worker thread');

function answer(parser: LocalSqlParser, req: ParserRequest): ParserReply {
  if (req.op === 'analyze') return { id: req.id, result: parser.analyze(req.sql, req.dialect) };
  return { id: req.id, result: parser.transpile(req.sql, req.from, req.to) };
}

openLocalParser().then(
  (parser) => {
    // The parser's own first parse and first transpile each set up tables worth ~100 ms: done
    // now, while the main thread is still reading model files, not on the first real call.
    parser.analyze('SELECT 1 AS x', 'postgres');
    parser.transpile('SELECT 1 AS x', 'duckdb', 'postgres');
    port.on('message', (req: ParserRequest) => port.postMessage(answer(parser, req)));
    port.postMessage({ ready: true, id: parser.id });
  },
  (e: unknown) => port.postMessage({ ready: false, error: e instanceof Error ? e.message : String(e) }),
);

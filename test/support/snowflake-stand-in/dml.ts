// INSERT, UPDATE, DELETE, MERGE and TRUNCATE. Rows affected are reported in Snowflake's result
// shape. UPDATE, DELETE and MERGE take a lock on their target table that conflicts with itself but
// not with reads or inserts, which is how Snowflake serializes them (row-level locking in the
// engine underneath would let two UPDATEs of one table interleave where Snowflake queues them).
import type { SfObject } from './catalog';
import { Cursor } from './cursor';
import { SnowflakeError } from './errors';
import { checkBinds, requireWarehouse, runPg, translateContext, type Exec } from './executor';
import { dmlResult, statusResult, STATEMENT_TYPE, type ResultSet } from './results';
import { isOp, isWord, type Token } from './tokenizer';
import { identifierName, isIdentifierToken, pgRelation, quotePg, resolveRelation, Translator } from './translate';

function resolveTable(x: Exec, parts: string[], action: string): { object: SfObject; fqn: string } {
  const ctx = translateContext(x, action);
  const r = resolveRelation(x.engine.catalog, ctx.fn, parts, action);
  if (!r.object) throw SnowflakeError.objectMissing('Table', r.fqn);
  if (r.object.kind !== 'TABLE') {
    throw SnowflakeError.compilation('002203', '02000', `Object found is of type 'VIEW', not specified type 'TABLE'.`);
  }
  return { object: r.object, fqn: r.fqn };
}

/** Optional `[AS] alias` at the cursor; returns the alias or the table's own name. */
function alias(c: Cursor, fallback: string, stop: string[]): string {
  if (c.accept('AS')) return c.identifier();
  const t = c.peek();
  if (t && isIdentifierToken(t) && !(t.kind === 'word' && stop.includes(t.value))) {
    c.i++;
    return identifierName(t);
  }
  return fallback;
}

async function withTableLock<T>(x: Exec, table: SfObject, fn: () => Promise<T>): Promise<T> {
  const lock = `LOCK TABLE ${pgRelation(table)} IN SHARE UPDATE EXCLUSIVE MODE`;
  const s = x.session;
  if (s.inTransaction) {
    await runPg(s, lock);
    return fn();
  }
  await runPg(s, 'BEGIN');
  try {
    await runPg(s, lock);
    const out = await fn();
    await runPg(s, 'COMMIT');
    return out;
  } catch (err) {
    await s.client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** `col = expr, ...`: targets lose any qualifier (Postgres allows none). */
function assignments(tr: Translator, tokens: Token[], a: number, b: number): string {
  return tr
    .splitCommas(a, b)
    .map(([s, e]) => {
      const eq = tr.scan(s, e, (t) => isOp(t, '='));
      if (eq >= e) throw SnowflakeError.syntax(`unexpected '${tokens[s]?.text ?? '<EOF>'}'`);
      const { parts, next } = tr.nameChain(s);
      if (next !== eq) throw SnowflakeError.syntax(`unexpected '${tokens[next]?.text ?? '<EOF>'}'`);
      return `${quotePg(parts[parts.length - 1] as string)} = ${tr.expr(eq + 1, e)}`;
    })
    .join(', ');
}

async function insert(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  const tr = new Translator(x.tokens, translateContext(x, 'INSERT'));
  c.expect('INSERT');
  const overwrite = c.accept('OVERWRITE');
  if (c.accept('ALL') || c.accept('FIRST')) throw SnowflakeError.unsupported('multi-table INSERT');
  c.expect('INTO');
  const { object } = resolveTable(x, c.name(), 'INSERT');
  let columns = '';
  if (isOp(c.peek(), '(') && !isWord(c.peek(1), 'SELECT', 'WITH')) {
    const end = tr.closeParen(c.i);
    columns = ` (${tr.identifierList(c.i + 1, end)})`;
    c.i = end + 1;
  }
  const end = x.tokens.length;
  let body: string;
  if (isWord(c.peek(), 'VALUES')) body = `VALUES ${tr.expr(c.i + 1, end)}`;
  else if (isWord(c.peek(), 'SELECT', 'WITH') || isOp(c.peek(), '(')) body = tr.query(c.i, end);
  else return c.fail();
  const sql = `INSERT INTO ${pgRelation(object)}${columns} ${body}`;
  const translation = tr.result(sql);
  const run = async (): Promise<number> => {
    if (overwrite) await runPg(x.session, `TRUNCATE ${pgRelation(object)}`);
    if (!x.arrayBinding) return (await runPg(x.session, sql, checkBinds(x, translation.binds))).rowCount;
    let total = 0;
    for (const row of x.values as (string | null)[][]) total += (await runPg(x.session, sql, row.slice(0, translation.binds))).rowCount;
    return total;
  };
  const count = overwrite || x.arrayBinding ? await inTransaction(x, run) : await run();
  return dmlResult('insert', count);
}

async function inTransaction<T>(x: Exec, fn: () => Promise<T>): Promise<T> {
  const s = x.session;
  if (s.inTransaction) return fn();
  await runPg(s, 'BEGIN');
  try {
    const out = await fn();
    await runPg(s, 'COMMIT');
    return out;
  } catch (err) {
    await s.client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

async function update(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  const tr = new Translator(x.tokens, translateContext(x, 'UPDATE'));
  c.expect('UPDATE');
  const parts = c.name();
  const { object } = resolveTable(x, parts, 'UPDATE');
  const a = alias(c, parts[parts.length - 1] as string, ['SET']);
  c.expect('SET');
  const end = x.tokens.length;
  const setEnd = tr.scan(c.i, end, (t) => isWord(t, 'FROM', 'WHERE'));
  let sql = `UPDATE ${pgRelation(object)} AS ${quotePg(a)} SET ${assignments(tr, x.tokens, c.i, setEnd)}`;
  let i = setEnd;
  if (isWord(x.tokens[i], 'FROM')) {
    const where = tr.scan(i + 1, end, (t) => isWord(t, 'WHERE'));
    sql += ` FROM ${tr.fromList(i + 1, where)}`;
    i = where;
  }
  if (isWord(x.tokens[i], 'WHERE')) sql += ` WHERE ${tr.expr(i + 1, end)}`;
  const binds = checkBinds(x, tr.result(sql).binds);
  const r = await withTableLock(x, object, () => runPg(x.session, sql, binds));
  return dmlResult('update', r.rowCount);
}

async function remove(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  const tr = new Translator(x.tokens, translateContext(x, 'DELETE'));
  c.expect('DELETE', 'FROM');
  const parts = c.name();
  const { object } = resolveTable(x, parts, 'DELETE');
  const a = alias(c, parts[parts.length - 1] as string, ['USING', 'WHERE']);
  const end = x.tokens.length;
  let sql = `DELETE FROM ${pgRelation(object)} AS ${quotePg(a)}`;
  let i = c.i;
  if (isWord(x.tokens[i], 'USING')) {
    const where = tr.scan(i + 1, end, (t) => isWord(t, 'WHERE'));
    sql += ` USING ${tr.fromList(i + 1, where)}`;
    i = where;
  }
  if (isWord(x.tokens[i], 'WHERE')) sql += ` WHERE ${tr.expr(i + 1, end)}`;
  else if (i < end) throw SnowflakeError.syntax(`unexpected '${x.tokens[i]?.text}'`);
  const binds = checkBinds(x, tr.result(sql).binds);
  const r = await withTableLock(x, object, () => runPg(x.session, sql, binds));
  return dmlResult('delete', r.rowCount);
}

async function merge(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  const tr = new Translator(x.tokens, translateContext(x, 'MERGE'));
  c.expect('MERGE', 'INTO');
  const parts = c.name();
  const { object } = resolveTable(x, parts, 'MERGE');
  const a = alias(c, parts[parts.length - 1] as string, ['USING']);
  c.expect('USING');
  const end = x.tokens.length;
  const on = tr.scan(c.i, end, (t) => isWord(t, 'ON'));
  const source = tr.fromList(c.i, on);
  const firstWhen = tr.scan(on + 1, end, (t) => isWord(t, 'WHEN'));
  const out = [`MERGE INTO ${pgRelation(object)} AS ${quotePg(a)} USING ${source} ON ${tr.expr(on + 1, firstWhen)}`];
  let i = firstWhen;
  while (i < end) {
    const next = tr.scan(i + 1, end, (t) => isWord(t, 'WHEN'));
    const w = new Cursor(x.tokens.slice(0, next));
    w.i = i;
    w.expect('WHEN');
    const not = w.accept('NOT');
    w.expect('MATCHED');
    let clause = `WHEN ${not ? 'NOT ' : ''}MATCHED`;
    if (w.accept('AND')) {
      const then = tr.scan(w.i, next, (t) => isWord(t, 'THEN'));
      clause += ` AND ${tr.expr(w.i, then)}`;
      w.i = then;
    }
    w.expect('THEN');
    if (w.accept('UPDATE', 'SET')) clause += ` THEN UPDATE SET ${assignments(tr, x.tokens, w.i, next)}`;
    else if (w.accept('DELETE')) {
      w.end();
      clause += ' THEN DELETE';
    } else if (w.accept('INSERT')) {
      let cols = '';
      if (isOp(w.peek(), '(')) {
        const close = tr.closeParen(w.i);
        cols = ` (${tr.identifierList(w.i + 1, close)})`;
        w.i = close + 1;
      }
      w.expect('VALUES');
      if (!isOp(w.peek(), '(') || tr.closeParen(w.i) !== next - 1) w.fail();
      clause += ` THEN INSERT${cols} VALUES (${tr.expr(w.i + 1, next - 1)})`;
    } else w.fail();
    out.push(clause);
    i = next;
  }
  const sql = out.join(' ');
  const binds = checkBinds(x, tr.result(sql).binds);
  const r = await withTableLock(x, object, () => runPg(x.session, sql, binds));
  return dmlResult('merge', r.rowCount);
}

async function truncate(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  c.expect('TRUNCATE');
  c.accept('TABLE');
  const ifExists = c.accept('IF', 'EXISTS');
  const parts = c.name();
  c.end();
  const ctx = translateContext(x, 'TRUNCATE');
  const r = resolveRelation(x.engine.catalog, ctx.fn, parts, 'TRUNCATE');
  if (!r.object) {
    if (ifExists) return statusResult('Statement executed successfully.', STATEMENT_TYPE.ddl);
    throw SnowflakeError.objectMissing('Table', r.fqn);
  }
  const { object } = resolveTable(x, parts, 'TRUNCATE');
  await runPg(x.session, `TRUNCATE ${pgRelation(object)}`);
  return statusResult('Statement executed successfully.', STATEMENT_TYPE.ddl);
}

export async function executeDml(x: Exec): Promise<ResultSet> {
  requireWarehouse(x.session);
  switch ((x.tokens[0] as Token).value) {
    case 'INSERT':
      return insert(x);
    case 'UPDATE':
      return update(x);
    case 'DELETE':
      return remove(x);
    case 'MERGE':
      return merge(x);
    default:
      return truncate(x);
  }
}

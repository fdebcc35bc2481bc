// Translates Snowflake query SQL (SELECT / WITH, and the expression parts of INSERT, UPDATE,
// DELETE, MERGE) into Postgres SQL over the stand-in's generated names. It is faithful rather
// than lenient: unquoted identifiers fold to upper case and every identifier is re-quoted, so a
// mis-cased quoted name fails as on Snowflake; every object reference is resolved against the
// catalog (current database and schema, as Snowflake does) and a missing one is Snowflake's
// "does not exist or not authorized"; functions outside functions.ts and clauses it does not
// know are errors, not pass-throughs.
import { PG_DATA_SCHEMA, type Catalog, type Schema, type SfObject } from './catalog';
import { SnowflakeError } from './errors';
import { translateCall, tryCast, type FunctionContext } from './functions';
import { isKeyword, NOT_AN_ALIAS, PAREN_KEYWORDS } from './keywords';
import { isOp, isWord, tokenize, type Token } from './tokenizer';
import { parseType } from './types';

export interface VirtualRelation {
  /** A Postgres subquery producing the relation's rows (without the surrounding parentheses). */
  sql: string;
}

export interface TranslateContext {
  catalog: Catalog;
  fn: FunctionContext;
  /** Snowflake bind types by 1-based index (TEXT, FIXED, REAL, BOOLEAN, ...). */
  bindTypes: Map<number, string>;
  /** INFORMATION_SCHEMA views and account usage views, computed from the catalog. */
  virtual(database: string, schema: string, name: string): VirtualRelation | null;
  /** The statement kind, for "Cannot perform SELECT" messages. */
  action: string;
}

export interface Translation {
  sql: string;
  /** Every catalog object the statement reads or writes, with the name it was resolved by. */
  refs: { fqn: string; object: SfObject }[];
  /** The largest bind index used. */
  binds: number;
}

export interface ResolvedRelation {
  fqn: string;
  schema: Schema;
  name: string;
  object: SfObject | null;
}

const MAX_IDENTIFIER = 255;
const PG_MAX_IDENTIFIER = 63;

export function quotePg(name: string): string {
  if (Buffer.byteLength(name, 'utf8') > PG_MAX_IDENTIFIER) {
    throw SnowflakeError.compilation(
      '001003',
      '42000',
      `identifier '${name.slice(0, 40)}...' is longer than the Snowflake stand-in can store (63 bytes in its engine); Snowflake allows 255 characters`,
    );
  }
  return `"${name.replace(/"/g, '""')}"`;
}

export function pgLiteral(value: string): string {
  if (value.includes('\0')) throw new SnowflakeError('100038', '22018', 'NUL characters are not supported by the stand-in');
  return `'${value.replace(/'/g, "''")}'`;
}

/** The normalized name of an identifier token: unquoted ones fold to upper case. */
export function identifierName(t: Token): string {
  const name = t.kind === 'quoted' ? t.value : t.value;
  if (name.length > MAX_IDENTIFIER) throw SnowflakeError.identifierTooLong(name);
  return name;
}

export function isIdentifierToken(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'quoted' || (t.kind === 'word' && !isKeyword(t.value)));
}

const SET_OPERATORS = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'MINUS']);
const QUERY_CLAUSES = new Set(['SELECT', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'WINDOW']);
const JOIN_WORDS = new Set(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER']);
const TYPED_LITERALS = new Set(['DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ']);

export class Translator {
  private readonly match = new Map<number, number>();
  private readonly ctes = new Set<string>();
  readonly refs: { fqn: string; object: SfObject }[] = [];
  /** Relations (tables, views, virtual views) read: a query with any needs a warehouse. */
  relationCount = 0;
  private maxBind = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly ctx: TranslateContext,
    private readonly depth = 0,
  ) {
    const stack: number[] = [];
    tokens.forEach((t, i) => {
      if (isOp(t, '(')) stack.push(i);
      else if (isOp(t, ')')) {
        const open = stack.pop();
        if (open === undefined) throw SnowflakeError.syntax("unexpected ')'", t.line, t.col);
        this.match.set(open, i);
      }
    });
    if (stack.length) {
      const t = tokens[stack[0] as number] as Token;
      throw SnowflakeError.syntax("unexpected '<EOF>', missing ')'", t.line, t.col);
    }
  }

  result(sql: string): Translation {
    return { sql, refs: this.refs, binds: this.maxBind };
  }

  private tok(i: number): Token | undefined {
    return this.tokens[i];
  }

  /** Index of the `)` matching the `(` at i. */
  closeParen(i: number): number {
    return this.close(i);
  }

  private close(i: number): number {
    const m = this.match.get(i);
    if (m === undefined) throw new Error(`stand-in translator: no match for token ${i}`);
    return m;
  }

  private unexpected(i: number): never {
    const t = this.tok(i);
    throw SnowflakeError.syntax(`unexpected '${t?.text ?? '<EOF>'}'`, t?.line, t?.col);
  }

  /** Index of the next token at depth 0 in [a, b) satisfying `pred`, or b. */
  scan(a: number, b: number, pred: (t: Token, i: number) => boolean): number {
    for (let i = a; i < b; i++) {
      const t = this.tokens[i] as Token;
      if (isOp(t, '(')) {
        i = this.close(i);
        continue;
      }
      if (pred(t, i)) return i;
    }
    return b;
  }

  /** Splits [a, b) at depth-0 commas. */
  splitCommas(a: number, b: number): [number, number][] {
    const parts: [number, number][] = [];
    let start = a;
    for (;;) {
      const comma = this.scan(start, b, (t) => isOp(t, ','));
      parts.push([start, comma]);
      if (comma >= b) return parts;
      start = comma + 1;
    }
  }

  // --- queries ---

  /** A query: [WITH ...] SELECT ... [set operator query]... ; or a parenthesized query. */
  query(a: number, b: number): string {
    const out: string[] = [];
    let i = a;
    if (isWord(this.tok(i), 'WITH')) {
      out.push('WITH');
      i++;
      if (isWord(this.tok(i), 'RECURSIVE')) {
        out.push('RECURSIVE');
        i++;
      }
      for (;;) {
        const name = this.tok(i);
        if (!isIdentifierToken(name)) this.unexpected(i);
        this.ctes.add(identifierName(name));
        out.push(quotePg(identifierName(name)));
        i++;
        if (isOp(this.tok(i), '(')) {
          const end = this.close(i);
          out.push(`(${this.identifierList(i + 1, end)})`);
          i = end + 1;
        }
        if (!isWord(this.tok(i), 'AS') || !isOp(this.tok(i + 1), '(')) this.unexpected(i);
        const end = this.close(i + 1);
        out.push(`AS (${this.query(i + 2, end)})`);
        i = end + 1;
        if (isOp(this.tok(i), ',')) {
          out.push(',');
          i++;
          continue;
        }
        break;
      }
    }
    // Operands of set operators, each a SELECT or a parenthesized query.
    for (;;) {
      const opAt = this.scan(i, b, (t) => t.kind === 'word' && SET_OPERATORS.has(t.value));
      out.push(this.queryTerm(i, opAt));
      if (opAt >= b) break;
      const op = this.tok(opAt) as Token;
      out.push(op.value === 'MINUS' ? 'EXCEPT' : op.value);
      i = opAt + 1;
      if (isWord(this.tok(i), 'ALL', 'DISTINCT')) {
        out.push((this.tok(i) as Token).value);
        i++;
      }
    }
    return out.join(' ');
  }

  private queryTerm(a: number, b: number): string {
    const first = this.tok(a);
    if (isOp(first, '(') && this.close(a) === b - 1) return `(${this.query(a + 1, b - 1)})`;
    if (isOp(first, '(')) {
      // `(SELECT ...) ORDER BY ...` — a parenthesized query followed by clauses.
      const end = this.close(a);
      return `(${this.query(a + 1, end)}) ${this.clauses(end + 1, b)}`;
    }
    if (!isWord(first, 'SELECT')) {
      if (isWord(first, 'VALUES')) throw SnowflakeError.unsupported('VALUES as a query (use SELECT ... FROM VALUES)');
      this.unexpected(a);
    }
    return this.clauses(a, b);
  }

  /** SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ... ORDER BY ... LIMIT ... */
  private clauses(a: number, b: number): string {
    const starts: number[] = [];
    for (let i = a; i < b; ) {
      const k = this.scan(i, b, (t, at) => {
        if (t.kind !== 'word' || !QUERY_CLAUSES.has(t.value)) return false;
        const prev = this.tok(at - 1);
        // `IS DISTINCT FROM` and `WITHIN GROUP` are not clause starts.
        return !(t.value === 'FROM' && isWord(prev, 'DISTINCT')) && !(t.value === 'GROUP' && isWord(prev, 'WITHIN'));
      });
      if (k >= b) break;
      starts.push(k);
      i = k + 1;
    }
    if (starts[0] !== a && starts.length && a < b) this.unexpected(a);
    const out: string[] = [];
    starts.forEach((s, idx) => {
      const end = starts[idx + 1] ?? b;
      const word = (this.tok(s) as Token).value;
      switch (word) {
        case 'SELECT':
          out.push(this.selectList(s + 1, end));
          break;
        case 'FROM':
          out.push(`FROM ${this.fromList(s + 1, end)}`);
          break;
        case 'QUALIFY':
          throw SnowflakeError.unsupported('QUALIFY');
        case 'GROUP':
          if (isWord(this.tok(s + 2), 'ALL') && s + 3 === end) throw SnowflakeError.unsupported('GROUP BY ALL');
          out.push(`GROUP ${this.expr(s + 1, end)}`);
          break;
        default:
          out.push(`${word} ${this.expr(s + 1, end)}`);
      }
    });
    return out.join(' ');
  }

  private selectList(a: number, b: number): string {
    const out: string[] = ['SELECT'];
    let i = a;
    if (isWord(this.tok(i), 'DISTINCT', 'ALL')) {
      out.push((this.tok(i) as Token).value);
      i++;
    }
    if (isWord(this.tok(i), 'TOP')) throw SnowflakeError.unsupported('SELECT TOP n (use LIMIT)');
    const items = this.splitCommas(i, b).map(([s, e]) => this.selectItem(s, e));
    out.push(items.join(', '));
    return out.join(' ');
  }

  private selectItem(a: number, b: number): string {
    if (a >= b) this.unexpected(a);
    const last = this.tok(b - 1) as Token;
    const beforeLast = this.tok(b - 2);
    if (b - a >= 3 && isWord(beforeLast, 'AS')) {
      if (last.kind !== 'quoted' && last.kind !== 'word') this.unexpected(b - 1);
      return `${this.expr(a, b - 2)} AS ${quotePg(identifierName(last))}`;
    }
    if (
      b - a >= 2 &&
      isIdentifierToken(last) &&
      beforeLast !== undefined &&
      (beforeLast.kind !== 'op' || beforeLast.value === ')') &&
      !isWord(beforeLast, 'CASE') &&
      !(beforeLast.kind === 'word' && TYPED_LITERALS.has(beforeLast.value) && last.kind === 'string')
    ) {
      return `${this.expr(a, b - 1)} AS ${quotePg(identifierName(last))}`;
    }
    const body = this.expr(a, b);
    if (this.isPlainReference(a, b)) return body;
    // Snowflake names an unaliased expression column after the expression's text, upper-cased.
    const first = this.tok(a) as Token;
    const text = this.sourceText(first, last).replace(/\s+/g, ' ').toUpperCase();
    return `${body} AS ${quotePg(text)}`;
  }

  private sourceText(first: Token, last: Token): string {
    // Tokens keep offsets into the statement; rebuild from token texts (no access to the source).
    const out: string[] = [];
    let prevEnd = -1;
    for (let i = this.tokens.indexOf(first); i <= this.tokens.indexOf(last); i++) {
      const t = this.tokens[i] as Token;
      if (prevEnd >= 0 && t.pos > prevEnd) out.push(' ');
      out.push(t.text);
      prevEnd = t.pos + t.text.length;
    }
    return out.join('');
  }

  private isPlainReference(a: number, b: number): boolean {
    for (let i = a; i < b; i++) {
      const t = this.tok(i) as Token;
      const even = (i - a) % 2 === 0;
      if (even && !(isIdentifierToken(t) || (isOp(t, '*') && i === b - 1))) return false;
      if (!even && !isOp(t, '.')) return false;
    }
    return true;
  }

  // --- FROM ---

  fromList(a: number, b: number): string {
    const out: string[] = [];
    let i = this.fromItem(a, b, out);
    while (i < b) {
      const t = this.tok(i) as Token;
      if (isOp(t, ',')) {
        out.push(',');
        i = this.fromItem(i + 1, b, out);
        continue;
      }
      if (t.kind === 'word' && JOIN_WORDS.has(t.value)) {
        while (isWord(this.tok(i), ...JOIN_WORDS)) {
          out.push((this.tok(i) as Token).value);
          i++;
        }
        i = this.fromItem(i, b, out);
        if (isWord(this.tok(i), 'ON')) {
          const end = this.scan(i + 1, b, (x, at) => isOp(x, ',') || (x.kind === 'word' && JOIN_WORDS.has(x.value) && !isOp(this.tok(at + 1), '(')));
          out.push(`ON ${this.expr(i + 1, end)}`);
          i = end;
        } else if (isWord(this.tok(i), 'USING') && isOp(this.tok(i + 1), '(')) {
          const end = this.close(i + 1);
          out.push(`USING (${this.identifierList(i + 2, end)})`);
          i = end + 1;
        }
        continue;
      }
      this.unexpected(i);
    }
    return out.join(' ');
  }

  private fromItem(a: number, b: number, out: string[]): number {
    let i = a;
    const t = this.tok(i);
    if (!t || i >= b) this.unexpected(i);
    if (isWord(t, 'LATERAL')) {
      out.push('LATERAL');
      i++;
    }
    const first = this.tok(i) as Token;
    let implicitAlias: string | null = null;
    if (isOp(first, '(')) {
      const end = this.close(i);
      const inner = this.tok(i + 1);
      if (isWord(inner, 'SELECT', 'WITH') || isOp(inner, '(')) out.push(`(${this.query(i + 1, end)})`);
      else out.push(`(${this.fromList(i + 1, end)})`);
      i = end + 1;
    } else if (isWord(first, 'TABLE') || isWord(first, 'VALUES')) {
      throw SnowflakeError.unsupported(`${first.value} in FROM`);
    } else {
      const { parts, next } = this.nameChain(i);
      if (isOp(this.tok(next), '(')) throw SnowflakeError.unsupported('table functions');
      const rel = this.relation(parts);
      out.push(rel.sql);
      implicitAlias = rel.alias;
      i = next;
    }
    // Optional alias, with an optional column list.
    let alias: string | null = null;
    if (isWord(this.tok(i), 'AS')) {
      const n = this.tok(i + 1);
      if (!isIdentifierToken(n)) this.unexpected(i + 1);
      alias = identifierName(n);
      i += 2;
    } else {
      const n = this.tok(i);
      if (i < b && n && (n.kind === 'quoted' || (n.kind === 'word' && !NOT_AN_ALIAS.has(n.value) && !JOIN_WORDS.has(n.value)))) {
        alias = identifierName(n);
        i++;
      }
    }
    if (alias !== null) {
      out.push(`AS ${quotePg(alias)}`);
      if (isOp(this.tok(i), '(')) {
        const end = this.close(i);
        out.push(`(${this.identifierList(i + 1, end)})`);
        i = end + 1;
      }
    } else if (implicitAlias !== null) {
      out.push(`AS ${quotePg(implicitAlias)}`);
    }
    return i;
  }

  /** `a`, `a.b`, `a.b.c` starting at i (identifiers only). */
  nameChain(i: number): { parts: string[]; next: number } {
    const parts: string[] = [];
    let j = i;
    for (;;) {
      const t = this.tok(j);
      if (!t || !(t.kind === 'quoted' || t.kind === 'word')) this.unexpected(j);
      if (t.kind === 'word' && isKeyword(t.value) && parts.length === 0) this.unexpected(j);
      parts.push(identifierName(t));
      j++;
      if (isOp(this.tok(j), '.') && this.tok(j + 1)?.kind !== 'op') {
        j++;
        continue;
      }
      return { parts, next: j };
    }
  }

  /** Resolves a relation name used in FROM: a CTE, a virtual relation, or a catalog object. */
  relation(parts: string[]): { sql: string; alias: string | null } {
    const name = parts[parts.length - 1] as string;
    this.relationCount++;
    if (parts.length === 1 && this.ctes.has(name)) return { sql: quotePg(name), alias: null };
    const { database, schema } = this.namespace(parts);
    const virtual = this.ctx.virtual(database, schema, name);
    if (virtual) return { sql: `(${virtual.sql})`, alias: name };
    const resolved = resolveRelation(this.ctx.catalog, this.ctx.fn, parts, this.ctx.action);
    if (!resolved.object) throw SnowflakeError.objectMissing('Object', resolved.fqn);
    this.refs.push({ fqn: resolved.fqn, object: resolved.object });
    if (resolved.object.kind === 'VIEW') return { sql: this.expandView(resolved.fqn, resolved.object), alias: name };
    return { sql: pgRelation(resolved.object), alias: name };
  }

  /**
   * A view is its stored text, translated now in the view's own database and schema (late
   * binding, as on Snowflake), returning exactly the columns it had when it was created.
   */
  private expandView(fqn: string, view: SfObject): string {
    const def = view.view;
    if (!def) throw new Error(`stand-in: view ${fqn} has no definition`);
    if (this.depth >= 32) throw SnowflakeError.compilation('002037', '42601', `Failure during expansion of view '${fqn}': views nested too deeply (recursive?)`);
    const schema = this.ctx.catalog.schemaOf(view);
    const database = this.ctx.catalog.databaseOf(schema);
    const tokens = tokenize(def.text);
    const inner = new Translator(tokens, { ...this.ctx, fn: { ...this.ctx.fn, database: database.name, schema: schema.name } }, this.depth + 1);
    let body: string;
    try {
      body = inner.query(0, tokens.length);
    } catch (err) {
      if (err instanceof SnowflakeError) {
        throw new SnowflakeError(err.code, err.sqlState, `SQL compilation error:\nFailure during expansion of view '${view.name}': ${err.message}`);
      }
      throw err;
    }
    this.refs.push(...inner.refs);
    const columns = def.columns.map((col) => quotePg(col.name)).join(', ');
    const aliasColumns = def.columnList ? `(${def.columnList.map(quotePg).join(', ')})` : '';
    return `(SELECT ${columns} FROM (${body}) AS "v"${aliasColumns})`;
  }

  /** The database and schema a 1-3 part name lives in (before checking they exist). */
  private namespace(parts: string[]): { database: string; schema: string } {
    const ctx = this.ctx.fn;
    if (parts.length === 3) return { database: parts[0] as string, schema: parts[1] as string };
    if (parts.length === 2) {
      if (!ctx.database) throw SnowflakeError.noCurrentDatabase(this.ctx.action);
      return { database: ctx.database, schema: parts[0] as string };
    }
    if (parts.length !== 1) throw SnowflakeError.syntax(`invalid object name '${parts.join('.')}'`);
    if (!ctx.database) throw SnowflakeError.noCurrentDatabase(this.ctx.action);
    if (!ctx.schema) throw SnowflakeError.noCurrentSchema(this.ctx.action);
    return { database: ctx.database, schema: ctx.schema };
  }

  identifierList(a: number, b: number): string {
    return this.splitCommas(a, b)
      .map(([s, e]) => {
        const t = this.tok(s);
        if (e !== s + 1 || !t || !(t.kind === 'quoted' || t.kind === 'word')) this.unexpected(s);
        return quotePg(identifierName(t));
      })
      .join(', ');
  }

  // --- expressions ---

  expr(a: number, b: number): string {
    const out: string[] = [];
    let i = a;
    while (i < b) i = this.exprToken(i, b, out);
    return out.join(' ');
  }

  private exprToken(i: number, b: number, out: string[]): number {
    const t = this.tok(i) as Token;
    switch (t.kind) {
      case 'string':
        out.push(pgLiteral(t.value));
        return i + 1;
      case 'number':
        out.push(t.value);
        return i + 1;
      case 'bind': {
        const n = Number(t.value);
        this.maxBind = Math.max(this.maxBind, n);
        out.push(bindSql(n, this.ctx.bindTypes.get(n)));
        return i + 1;
      }
      case 'op':
        return this.exprOp(i, b, out);
      case 'quoted':
        return this.columnRef(i, out);
      case 'word':
        return this.exprWord(i, b, out);
    }
  }

  private exprOp(i: number, b: number, out: string[]): number {
    const t = this.tok(i) as Token;
    if (t.value === '(') {
      const end = this.close(i);
      const inner = this.tok(i + 1);
      out.push(isWord(inner, 'SELECT', 'WITH') ? `(${this.query(i + 1, end)})` : `(${this.expr(i + 1, end)})`);
      return end + 1;
    }
    if (t.value === '::') {
      const type = parseType(this.tokens, i + 1);
      out.push(`::${type.pg}`);
      return type.next;
    }
    if (t.value === ':' || t.value === '[' || t.value === '{' || t.value === '=>' || t.value === '->' || t.value === '@') {
      throw SnowflakeError.unsupported(`'${t.value}' (semi-structured access, named arguments)`);
    }
    if (t.value === '.') this.unexpected(i);
    out.push(t.value);
    return i + 1;
  }

  private exprWord(i: number, b: number, out: string[]): number {
    const t = this.tok(i) as Token;
    const next = this.tok(i + 1);
    if (t.value === 'GROUPING' && isWord(next, 'SETS')) {
      out.push('GROUPING SETS');
      return i + 2;
    }
    if (isOp(next, '(') && i + 1 < b && !PAREN_KEYWORDS.has(t.value)) return this.call(i, out);
    if (TYPED_LITERALS.has(t.value) && next?.kind === 'string') {
      const type = parseType(this.tokens, i);
      out.push(`${type.pg} ${pgLiteral(next.value)}`);
      return i + 2;
    }
    if (t.value === 'INTERVAL' && next?.kind === 'string') {
      out.push(`INTERVAL ${pgLiteral(next.value)}`);
      return i + 2;
    }
    if (t.value === 'MINUS') {
      out.push('EXCEPT');
      return i + 1;
    }
    if (t.value === 'QUALIFY') throw SnowflakeError.unsupported('QUALIFY');
    if (t.value === 'CURRENT_USER') {
      out.push(pgLiteral(this.ctx.fn.user));
      return i + 1;
    }
    if (isKeyword(t.value)) {
      out.push(t.value);
      return i + 1;
    }
    return this.columnRef(i, out);
  }

  /** A column reference `c`, `t.c`, `s.t.c`, `t.*`: identifiers are re-quoted, extra qualifiers dropped. */
  private columnRef(i: number, out: string[]): number {
    const parts: string[] = [];
    let j = i;
    let star = false;
    for (;;) {
      const t = this.tok(j) as Token;
      parts.push(identifierName(t));
      j++;
      if (isOp(this.tok(j), '.')) {
        const n = this.tok(j + 1);
        if (isOp(n, '*')) {
          star = true;
          j += 2;
          break;
        }
        if (n && (n.kind === 'quoted' || n.kind === 'word')) {
          j++;
          continue;
        }
        this.unexpected(j + 1);
      }
      break;
    }
    if (isOp(this.tok(j), '(')) throw SnowflakeError.unsupported(`qualified function name ${parts.join('.')}`);
    const kept = star ? parts.slice(-1) : parts.slice(-2);
    out.push(kept.map(quotePg).join('.') + (star ? '.*' : ''));
    return j;
  }

  private call(i: number, out: string[]): number {
    const name = (this.tok(i) as Token).value;
    const open = i + 1;
    const end = this.close(open);
    if (name === 'CAST' || name === 'TRY_CAST') {
      const as = this.scan(open + 1, end, (t) => isWord(t, 'AS'));
      if (as >= end) this.unexpected(end);
      const type = parseType(this.tokens, as + 1);
      if (type.next !== end) this.unexpected(type.next);
      const value = this.expr(open + 1, as);
      out.push(name === 'CAST' ? `CAST(${value} AS ${type.pg})` : tryCast(value, type.pg));
      return end + 1;
    }
    if (name === 'EXTRACT') {
      const part = this.tok(open + 1);
      if (!isWord(this.tok(open + 2), 'FROM') || !part || !(part.kind === 'word' || part.kind === 'string')) this.unexpected(open + 1);
      out.push(`FLOOR(EXTRACT(${part.value.toUpperCase()} FROM ${this.expr(open + 3, end)}))::numeric(38,0)`);
      return end + 1;
    }
    if (name === 'POSITION') {
      const inAt = this.scan(open + 1, end, (t) => isWord(t, 'IN'));
      const parts = inAt < end ? [[open + 1, inAt], [inAt + 1, end]] : this.splitCommas(open + 1, end);
      if (parts.length !== 2) this.unexpected(open);
      const [[a1, b1], [a2, b2]] = parts as [[number, number], [number, number]];
      out.push(`STRPOS(${this.expr(a2, b2)}, ${this.expr(a1, b1)})`);
      return end + 1;
    }
    let argStart = open + 1;
    let distinct = false;
    if (isWord(this.tok(argStart), 'DISTINCT')) {
      distinct = true;
      argStart++;
    }
    const ranges = argStart < end ? this.splitCommas(argStart, end) : [];
    const raw = ranges.map(([s, e]) => this.tokens.slice(s, e));
    const args = ranges.map(([s, e]) => (e - s === 1 && isOp(this.tok(s), '*') ? '*' : isWord(this.tok(s), 'SELECT', 'WITH') ? `(${this.query(s, e)})` : this.expr(s, e)));
    out.push(translateCall({ name, args, raw, distinct, ctx: this.ctx.fn }));
    return end + 1;
  }
}

export function pgRelation(object: SfObject): string {
  return `${quotePg(PG_DATA_SCHEMA)}.${quotePg(object.pgName)}`;
}

/** A bind placeholder with the cast its Snowflake bind type calls for. */
export function bindSql(n: number, type: string | undefined): string {
  switch (type) {
    case 'FIXED':
      return `($${n}::numeric)`;
    case 'REAL':
      return `($${n}::double precision)`;
    case 'BOOLEAN':
      return `($${n}::boolean)`;
    case 'VARIANT':
      return `($${n}::jsonb)`;
    default:
      return `$${n}`;
  }
}

/** Resolves a 1-3 part object name against the session's current database and schema. */
export function resolveRelation(catalog: Catalog, fn: FunctionContext, parts: string[], action: string): ResolvedRelation {
  let database: string;
  let schemaName: string;
  const name = parts[parts.length - 1] as string;
  if (parts.length === 3) {
    database = parts[0] as string;
    schemaName = parts[1] as string;
  } else if (parts.length === 2) {
    if (!fn.database) throw SnowflakeError.noCurrentDatabase(action);
    database = fn.database;
    schemaName = parts[0] as string;
  } else if (parts.length === 1) {
    if (!fn.database) throw SnowflakeError.noCurrentDatabase(action);
    if (!fn.schema) throw SnowflakeError.noCurrentSchema(action);
    database = fn.database;
    schemaName = fn.schema;
  } else {
    throw SnowflakeError.syntax(`invalid object name '${parts.join('.')}'`);
  }
  const db = catalog.database(database);
  if (!db) throw SnowflakeError.databaseMissing(database);
  const schema = catalog.schema(db, schemaName);
  if (!schema) throw SnowflakeError.schemaMissing(`${database}.${schemaName}`);
  return { fqn: `${database}.${schemaName}.${name}`, schema, name, object: catalog.object(schema, name) ?? null };
}

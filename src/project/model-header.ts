// The `MODEL ( prop value, ... );` header of a model file (SQLMesh syntax): splitting it into
// properties and reading each property's value. Every error is a ModelError naming file and line.
import { dirname, resolve } from 'node:path';
import type { ModelError } from '../errors';
import { isOp, isWord, type Token } from './lexer';
import type { ColumnDef, ModelKind } from './types';

export const DEFAULT_SEED_BATCH_SIZE = 1000;

const PART = /^[a-z_][a-z0-9_]*$/;
export const KNOWN_PROPERTIES = ['name', 'kind', 'grain', 'columns', 'description', 'owner', 'cron', 'start', 'tags'] as const;
export type Property = (typeof KNOWN_PROPERTIES)[number];
const OTHER_SQLMESH_KINDS = new Set([
  'INCREMENTAL_BY_TIME_RANGE',
  'INCREMENTAL_BY_UNIQUE_KEY',
  'INCREMENTAL_BY_PARTITION',
  'INCREMENTAL_UNMANAGED',
  'SCD_TYPE_2',
  'SCD_TYPE_2_BY_TIME',
  'SCD_TYPE_2_BY_COLUMN',
  'EMBEDDED',
  'EXTERNAL',
  'MANAGED',
  'CUSTOM',
]);

export interface Header {
  props: Map<Property, { name: Token; value: Token[] }>;
  modelTok: Token;
  /** Index in the significant tokens of the first token after the header (and its `;`). */
  next: number;
}

export type Err = (detail: string, line: number) => ModelError;

export function describeToken(t: Token | undefined): string {
  return t ? JSON.stringify(t.text.length > 40 ? `${t.text.slice(0, 37)}...` : t.text) : 'end of file';
}

/** A known property name opening a new line inside another property's value: a missing comma. */
function startsNewProperty(item: Token[], t: Token): boolean {
  const prev = item[item.length - 1];
  return (
    prev !== undefined &&
    t.type === 'word' &&
    t.line > prev.line &&
    (KNOWN_PROPERTIES as readonly string[]).includes(t.text.toLowerCase())
  );
}

export function parseHeader(sig: Token[], err: Err): Header {
  const modelTok = sig[0];
  if (!modelTok || !isWord(modelTok, 'model')) {
    throw err(`unparseable header: expected the file to start with MODEL (...), got ${describeToken(modelTok)}`, modelTok?.line ?? 1);
  }
  if (!isOp(sig[1], '(')) {
    throw err(`unparseable header: expected ( after MODEL, got ${describeToken(sig[1])}`, sig[1]?.line ?? modelTok.line);
  }
  // Find the matching `)`, splitting properties on depth-1 commas.
  const items: Token[][] = [[]];
  let depth = 1;
  let i = 2;
  for (; i < sig.length; i++) {
    const t = sig[i]!;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && isOp(t, ',')) {
      items.push([]);
      continue;
    } else if (depth === 1 && isOp(t, ';')) {
      throw err('unparseable header: MODEL ( is not closed before `;`', t.line);
    } else if (depth === 1 && startsNewProperty(items[items.length - 1]!, t)) {
      // `name a.b` NEWLINE `kind FULL` without a comma would otherwise read as one strange value.
      throw err(`unparseable header: expected \`,\` before property ${t.text}`, t.line);
    }
    items[items.length - 1]!.push(t);
  }
  if (i >= sig.length) throw err('unparseable header: MODEL ( is never closed', modelTok.line);
  const props = new Map<Property, { name: Token; value: Token[] }>();
  items.forEach((item, idx) => {
    if (item.length === 0) {
      if (idx === items.length - 1 && items.length > 1) return; // trailing comma
      throw err('unparseable header: empty property', sig[1]!.line);
    }
    const nameTok = item[0]!;
    if (nameTok.type !== 'word') throw err(`unparseable header: expected a property name, got ${describeToken(nameTok)}`, nameTok.line);
    const prop = nameTok.text.toLowerCase();
    if (!(KNOWN_PROPERTIES as readonly string[]).includes(prop)) {
      throw err(`unknown model property ${nameTok.text} (supported: ${KNOWN_PROPERTIES.join(', ')})`, nameTok.line);
    }
    if (props.has(prop as Property)) throw err(`property ${prop} is set twice`, nameTok.line);
    const value = item.slice(1);
    if (value.length === 0) throw err(`property ${prop} has no value`, nameTok.line);
    props.set(prop as Property, { name: nameTok, value });
  });
  let next = i + 1;
  if (isOp(sig[next], ';')) next++;
  return { props, modelTok, next };
}

export function parseName(value: Token[], nameTok: Token, err: Err): { name: string; schema: string; table: string; catalog?: string } {
  const parts: string[] = [];
  let ok = value.length % 2 === 1;
  value.forEach((t, idx) => {
    if (idx % 2 === 0) {
      if (t.type === 'word') parts.push(t.text.toLowerCase());
      else ok = false;
    } else if (!isOp(t, '.')) ok = false;
  });
  const line = value[0]?.line ?? nameTok.line;
  const written = value.map((t) => t.text).join('');
  if (!ok || parts.length < 2 || parts.length > 3) {
    throw err(`invalid model name ${JSON.stringify(written)}: expected schema.table or catalog.schema.table`, line);
  }
  for (const p of parts) {
    if (!PART.test(p)) throw err(`invalid model name ${JSON.stringify(written)}: ${JSON.stringify(p)} is not a plain identifier ([a-z_][a-z0-9_]*)`, line);
  }
  const [a, b, c] = parts as [string, string, string | undefined];
  const schema = c !== undefined ? b : a;
  // `<schema>__<env>` holds an environment's views and `vde__<schema>` the physical tables: a
  // schema that itself contains `__` could collide with another model's environment schema.
  if (schema.includes('__')) {
    throw err(`invalid model name ${JSON.stringify(written)}: schema ${schema} contains "__", which vde reserves to name environment schemas (<schema>__<env>)`, line);
  }
  if (c !== undefined) return { name: `${b}.${c}`, schema: b, table: c, catalog: a };
  return { name: `${a}.${b}`, schema: a, table: b };
}

export function parseKind(value: Token[], kindTok: Token, file: string, err: Err): { kind: ModelKind; pathTok?: Token } {
  const head = value[0]!;
  if (head.type !== 'word') throw err(`expected a model kind (FULL, VIEW or SEED), got ${describeToken(head)}`, head.line);
  const upper = head.text.toUpperCase();
  if (upper !== 'FULL' && upper !== 'VIEW' && upper !== 'SEED') {
    const why = OTHER_SQLMESH_KINDS.has(upper) ? 'unsupported model kind' : 'unknown model kind';
    throw err(`${why} ${head.text} (vde supports FULL, VIEW and SEED)`, head.line);
  }
  const rest = value.slice(1);
  if (upper !== 'SEED') {
    if (rest.length > 0) throw err(`kind ${upper} takes no parameters, got ${describeToken(rest[0])}`, rest[0]!.line);
    return { kind: { name: upper } };
  }
  if (rest.length === 0 || !isOp(rest[0], '(') || !isOp(rest[rest.length - 1], ')')) {
    throw err("kind SEED needs parameters: SEED (path 'file.csv')", (rest[0] ?? head).line);
  }
  const inner = splitTopLevel(rest.slice(1, -1));
  let pathTok: Token | undefined;
  let batchSize = DEFAULT_SEED_BATCH_SIZE;
  for (const item of inner) {
    if (item.length === 0) continue;
    const key = item[0]!;
    const v = item.slice(1);
    if (isWord(key, 'path')) {
      if (v.length !== 1 || v[0]!.type !== 'string') throw err("SEED path must be a string literal: path 'file.csv'", key.line);
      pathTok = v[0];
    } else if (isWord(key, 'batch_size')) {
      const n = v.length === 1 && v[0]!.type === 'number' ? Number(v[0]!.text) : NaN;
      if (!Number.isInteger(n) || n <= 0) throw err('SEED batch_size must be a positive integer', key.line);
      batchSize = n;
    } else {
      throw err(`unknown SEED parameter ${key.text} (supported: path, batch_size)`, key.line);
    }
  }
  if (!pathTok) throw err("kind SEED needs a path: SEED (path 'file.csv')", kindTok.line);
  const rel = unquoteString(pathTok);
  return { kind: { name: 'SEED', path: resolve(dirname(file), rel), batchSize }, pathTok };
}

export function splitTopLevel(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    else if (depth === 0 && isOp(t, ',')) {
      out.push([]);
      continue;
    }
    out[out.length - 1]!.push(t);
  }
  return out;
}

/** Text of a string literal token ('...' with '' escapes; E'...' with backslash escapes). */
export function unquoteString(t: Token): string {
  let s = t.text;
  const e = /^[eE]'/.test(s);
  if (/^[A-Za-z]'/.test(s)) s = s.slice(1);
  s = s.slice(1, -1).replace(/''/g, "'");
  if (e) s = s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
  return s;
}

function unquoteIdentifier(t: Token): string {
  return t.text.slice(1, -1).replace(/""/g, '"');
}

function identifierValue(t: Token): string | null {
  if (t.type === 'word') return t.text.toLowerCase();
  if (t.type === 'quoted') return unquoteIdentifier(t);
  return null;
}

/** `x`, `(a, b)` or `[a, b]`: identifiers (lower-cased) or, with `allowStrings`, string literals. */
export function parseNameList(prop: { name: Token; value: Token[] }, err: Err, what: string, allowStrings = false): string[] {
  const v = prop.value;
  const item = (t: Token): string => {
    if (allowStrings && t.type === 'string') return unquoteString(t);
    const id = identifierValue(t);
    if (id === null) throw err(`${what}: expected a name, got ${describeToken(t)}`, t.line);
    return id;
  };
  if (v.length === 1) return [item(v[0]!)];
  const open = v[0]!;
  const close = v[v.length - 1]!;
  const bracketed = (isOp(open, '(') && isOp(close, ')')) || (isOp(open, '[') && isOp(close, ']'));
  if (!bracketed) throw err(`${what}: expected a name or a list like (a, b)`, open.line);
  const out: string[] = [];
  for (const part of splitTopLevel(v.slice(1, -1))) {
    if (part.length === 0) continue;
    if (part.length !== 1) throw err(`${what}: expected a name, got ${describeToken(part[1])}`, part[0]!.line);
    out.push(item(part[0]!));
  }
  return out;
}

export function parseColumns(prop: { name: Token; value: Token[] }, all: Token[], err: Err): ColumnDef[] {
  const v = prop.value;
  const open = v[0]!;
  const close = v[v.length - 1]!;
  if (!isOp(open, '(') || !isOp(close, ')') || v.length < 2) throw err('columns: expected (name TYPE, ...)', open.line);
  const out: ColumnDef[] = [];
  for (const part of splitTopLevel(v.slice(1, -1))) {
    if (part.length === 0) continue;
    const nameTok = part[0]!;
    const name = identifierValue(nameTok);
    if (name === null) throw err(`columns: expected a column name, got ${describeToken(nameTok)}`, nameTok.line);
    if (part.length < 2) throw err(`columns: column ${name} has no type`, nameTok.line);
    const from = part[1]!.start;
    const to = part[part.length - 1]!.end;
    // The type as written, comments dropped and whitespace collapsed: `numeric(10, 2)`,
    // `timestamp with time zone`.
    const type = all
      .filter((t) => t.start >= from && t.end <= to && t.type !== 'comment')
      .map((t) => (t.type === 'whitespace' ? ' ' : t.text))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    out.push({ name, type });
  }
  if (out.length === 0) throw err('columns: expected at least one column', open.line);
  return out;
}

export function stringValue(prop: { name: Token; value: Token[] }, err: Err): string {
  const v = prop.value;
  if (v.length !== 1 || v[0]!.type !== 'string') {
    throw err(`${prop.name.text.toLowerCase()}: expected a string literal, got ${describeToken(v[0])}`, v[0]!.line);
  }
  return unquoteString(v[0]!);
}

export function wordOrString(prop: { name: Token; value: Token[] }, err: Err): string {
  const v = prop.value;
  if (v.length === 1 && v[0]!.type === 'string') return unquoteString(v[0]!);
  if (v.length === 1 && v[0]!.type === 'word') return v[0]!.text;
  if (v.length === 1 && v[0]!.type === 'quoted') return unquoteIdentifier(v[0]!);
  throw err(`${prop.name.text.toLowerCase()}: expected a name or a string, got ${describeToken(v[0])}`, v[0]!.line);
}

export function startValue(prop: { name: Token; value: Token[] }, err: Err): string {
  const v = prop.value;
  if (v.length === 1 && v[0]!.type === 'number') return v[0]!.text;
  return stringValue(prop, err);
}


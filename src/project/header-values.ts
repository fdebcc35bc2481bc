// Reading the values of MODEL (...) / AUDIT (...) header properties from tokens: names, lists,
// strings (single or double quoted), booleans, key = value mappings and function calls. Pure
// functions; every error goes through `err` so it names the file and line.
import type { ModelError } from '../errors';
import { isOp, type Token } from './lexer';
import type { ColumnDef } from './types';

export type Err = (detail: string, line: number) => ModelError;

/** One property: its name token and the tokens of its value (significant tokens only). */
export interface Prop {
  name: Token;
  value: Token[];
}

export function describeToken(t: Token | undefined): string {
  return t ? JSON.stringify(t.text.length > 40 ? `${t.text.slice(0, 37)}...` : t.text) : 'end of file';
}

/** Splits tokens on commas outside brackets. */
export function splitTopLevel(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(') || isOp(t, '[') || isOp(t, '{')) depth++;
    else if (isOp(t, ')') || isOp(t, ']') || isOp(t, '}')) depth--;
    else if (depth === 0 && isOp(t, ',')) {
      out.push([]);
      continue;
    }
    out[out.length - 1]!.push(t);
  }
  return out;
}

/** The items of `(a, b)` / `[a, b]`, or `[value]` when the value is not bracketed. */
export function listItems(value: Token[]): Token[][] {
  if (isBracketed(value)) return splitTopLevel(value.slice(1, -1)).filter((part) => part.length > 0);
  return value.length > 0 ? [value] : [];
}

/** Whether `value` is one `( ... )` or `[ ... ]` group (not `(a) + (b)`). */
export function isBracketed(value: Token[]): boolean {
  if (value.length < 2) return false;
  const open = value[0]!;
  const close = value[value.length - 1]!;
  const pair = (isOp(open, '(') && isOp(close, ')')) || (isOp(open, '[') && isOp(close, ']'));
  if (!pair) return false;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const t = value[i]!;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) {
      depth--;
      if (depth === 0 && i < value.length - 1) return false;
    }
  }
  return true;
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

export function unquoteIdentifier(t: Token): string {
  const q = t.text[0] === '`' ? '`' : '"';
  return t.text.slice(1, -1).split(q + q).join(q);
}

/** A name: a word (lower-cased) or a quoted identifier (exact). */
export function identifierValue(t: Token): string | null {
  if (t.type === 'word') return t.text.toLowerCase();
  if (t.type === 'quoted') return unquoteIdentifier(t);
  return null;
}

/** A string written in single quotes or, as SQLMesh also takes, double quotes. */
export function textOf(t: Token): string | null {
  if (t.type === 'string') return unquoteString(t);
  if (t.type === 'quoted') return unquoteIdentifier(t);
  return null;
}

/**
 * `x`, `(a, b)` or `[a, b]`: names (lower-cased unless quoted) or, with `allowStrings`, string
 * literals. A qualified name `t.col` is its last part.
 */
export function parseNameList(prop: Prop, err: Err, what: string, allowStrings = false): string[] {
  return listItems(prop.value).map((part) => {
    const t = part[0]!;
    if (allowStrings && t.type === 'string' && part.length === 1) return unquoteString(t);
    const name = qualifiedName(part);
    if (name === null) throw err(`${what}: expected a name, got ${describeToken(part.find((x) => x.type !== 'word' && x.type !== 'quoted' && !isOp(x, '.')) ?? t)}`, t.line);
    return name[name.length - 1]!;
  });
}

/** `a`, `a.b`, `"A"."b"`, `'a.b'` as its parts (words lower-cased), or null when it is no name. */
export function qualifiedName(part: Token[]): string[] | null {
  if (part.length === 1 && part[0]!.type === 'string') {
    const parts = unquoteString(part[0]!).split('.');
    return parts.every((p) => /^[A-Za-z_][A-Za-z0-9_$]*$/.test(p)) ? parts.map((p) => p.toLowerCase()) : null;
  }
  if (part.length % 2 === 0) return null;
  const out: string[] = [];
  for (let i = 0; i < part.length; i++) {
    const t = part[i]!;
    if (i % 2 === 1) {
      if (!isOp(t, '.')) return null;
      continue;
    }
    const id = identifierValue(t);
    if (id === null) return null;
    out.push(id);
  }
  return out;
}

export function parseColumns(prop: Prop, all: Token[], err: Err): ColumnDef[] {
  const v = prop.value;
  const open = v[0]!;
  if (!isBracketed(v) || !isOp(open, '(')) throw err('columns: expected (name TYPE, ...)', open.line);
  const out: ColumnDef[] = [];
  for (const part of splitTopLevel(v.slice(1, -1))) {
    if (part.length === 0) continue;
    const nameTok = part[0]!;
    const name = identifierValue(nameTok);
    if (name === null) throw err(`columns: expected a column name, got ${describeToken(nameTok)}`, nameTok.line);
    if (part.length < 2) throw err(`columns: column ${name} has no type`, nameTok.line);
    out.push({ name, type: sourceText(all, part.slice(1)) });
  }
  if (out.length === 0) throw err('columns: expected at least one column', open.line);
  return out;
}

/**
 * The text of `tokens` as written, comments dropped and whitespace collapsed: `numeric(10, 2)`,
 * `timestamp with time zone`, `amount > 0`.
 */
export function sourceText(all: Token[], tokens: Token[]): string {
  if (tokens.length === 0) return '';
  const from = tokens[0]!.start;
  const to = tokens[tokens.length - 1]!.end;
  // `all` is in text order: find the first token by bisection rather than scanning the file.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  let out = '';
  for (let i = lo; i < all.length && all[i]!.end <= to; i++) {
    const t = all[i]!;
    if (t.type !== 'comment') out += t.type === 'whitespace' ? ' ' : t.text;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** A string property (single or double quotes). */
export function stringValue(prop: Prop, err: Err): string {
  const v = prop.value;
  const text = v.length === 1 ? textOf(v[0]!) : null;
  if (text === null) throw err(`${prop.name.text.toLowerCase()}: expected a string in quotes, got ${describeToken(v[0])}`, v[0]!.line);
  return text;
}

/** A bare name or a string. */
export function wordOrString(prop: Prop, err: Err): string {
  const v = prop.value;
  if (v.length === 1 && v[0]!.type === 'word') return v[0]!.text;
  const text = v.length === 1 ? textOf(v[0]!) : null;
  if (text === null) throw err(`${prop.name.text.toLowerCase()}: expected a name or a string, got ${describeToken(v[0])}`, v[0]!.line);
  return text;
}

export function startValue(prop: Prop, err: Err): string {
  const v = prop.value;
  if (v.length === 1 && v[0]!.type === 'number') return v[0]!.text;
  return stringValue(prop, err);
}

/** `true` / `false` (also quoted, or 1 / 0), as SQLMesh reads a boolean property. */
export function booleanValue(prop: Prop, err: Err): boolean {
  const v = prop.value;
  const t = v.length === 1 ? v[0]! : undefined;
  const text = t ? (t.type === 'word' || t.type === 'number' ? t.text : textOf(t)) : null;
  const l = text?.toLowerCase();
  if (l === 'true' || l === '1') return true;
  if (l === 'false' || l === '0') return false;
  throw err(`${prop.name.text.toLowerCase()}: expected true or false, got ${describeToken(t ?? v[0])}`, (t ?? v[0] ?? prop.name).line);
}

export function positiveInteger(prop: Prop, err: Err): number {
  const v = prop.value;
  const n = v.length === 1 && v[0]!.type === 'number' ? Number(v[0]!.text) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw err(`${prop.name.text.toLowerCase()}: expected a positive integer, got ${describeToken(v[0])}`, (v[0] ?? prop.name).line);
  return n;
}

/** One `key = value` pair: the key and the value's SQL text (strings keep their quotes). */
export interface KeyValue {
  key: string;
  sql: string;
  value: Token[];
  line: number;
}

/** `(key = value, ...)` (also `[...]`), as physical_properties and csv_settings are written. */
export function parseKeyValues(prop: Prop, all: Token[], err: Err): KeyValue[] {
  const what = prop.name.text.toLowerCase();
  if (!isBracketed(prop.value)) throw err(`${what}: expected (key = value, ...)`, (prop.value[0] ?? prop.name).line);
  const out: KeyValue[] = [];
  for (const part of listItems(prop.value)) {
    const keyTok = part[0]!;
    const key = identifierValue(keyTok) ?? (keyTok.type === 'string' ? unquoteString(keyTok) : null);
    const eq = part[1];
    if (key === null || !(isOp(eq, '=') || isOp(eq, ':='))) throw err(`${what}: expected key = value, got ${describeToken(keyTok)}`, keyTok.line);
    if (part.length < 3) throw err(`${what}: ${key} has no value`, keyTok.line);
    if (out.some((kv) => kv.key === key)) throw err(`${what}: ${key} is set twice`, keyTok.line);
    out.push({ key, sql: sourceText(all, part.slice(2)), value: part.slice(2), line: keyTok.line });
  }
  return out;
}

/** A function-call-like item `name` or `name(arg := value, ...)` (audits, signals). */
export interface CallItem {
  name: string;
  args: { name: string; value: Token[]; line: number }[];
  line: number;
}

export function parseCall(part: Token[], err: Err, what: string): CallItem {
  const nameTok = part[0]!;
  if (nameTok.type !== 'word') throw err(`${what}: expected a name, got ${describeToken(nameTok)}`, nameTok.line);
  const name = nameTok.text.toLowerCase();
  if (part.length === 1) return { name, args: [], line: nameTok.line };
  const rest = part.slice(1);
  if (!isOp(rest[0], '(') || !isBracketed(rest)) throw err(`${what}: expected ${name}(arg := value, ...), got ${describeToken(rest[0])}`, rest[0]!.line);
  const args: CallItem['args'] = [];
  for (const arg of splitTopLevel(rest.slice(1, -1))) {
    if (arg.length === 0) continue;
    const argName = arg[0]!;
    const eq = arg[1];
    if (argName.type !== 'word' || !(isOp(eq, ':=') || isOp(eq, '=') || isOp(eq, '=>'))) {
      throw err(`${what}: ${name}: expected arg := value, got ${describeToken(argName)}`, argName.line);
    }
    if (arg.length < 3) throw err(`${what}: ${name}: ${argName.text} has no value`, argName.line);
    const key = argName.text.toLowerCase();
    if (args.some((a) => a.name === key)) throw err(`${what}: ${name}: ${key} is given twice`, argName.line);
    args.push({ name: key, value: arg.slice(2), line: argName.line });
  }
  return { name, args, line: nameTok.line };
}


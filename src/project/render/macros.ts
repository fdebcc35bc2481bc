// SQLMesh's macro syntax, the part that needs no Python: built-in macro variables (@start_ds, ...),
// @this_model, @gateway, config.yaml variables (@name, @VAR('name', default)), @DEF(name, value)
// and @IF / @EACH with literal arguments. Rendering works on lexer tokens (strings, comments and
// quoted identifiers are never touched) and records every replacement, so a warehouse error in
// rendered SQL still maps back to the model file. A user macro from macros/*.py is refused by name.
import { ModelError, UnsupportedModelError } from '../../errors';
import { isOp, lex, significant, splitAtDepthZero, type Token } from '../lexer';
import { TextBuilder, type Edit } from '../source-map';
import { evaluateCondition } from './condition';

/** The moments the time macros describe (UTC); an apply of an incremental model passes its interval. */
export interface MacroTimes {
  /** Inclusive start of the interval. */
  start: Date;
  /** Inclusive end of the interval. */
  end: Date;
  /** When the run started. */
  execution: Date;
}

export interface MacroContext {
  /** config.yaml `variables` (keys lower-case). */
  variables: Record<string, unknown>;
  times: MacroTimes;
  /** What @this_model renders to: the physical table, quoted and qualified, when known. */
  thisModel?: string;
  /** The gateway vde runs on (config.yaml), for @gateway. */
  gateway?: string;
  /** User macros defined in macros/*.py, by lower-case name → project-relative file. */
  userMacros: ReadonlyMap<string, string>;
  /** @DEF values seen so far in the file, by lower-case name → SQL text. */
  locals: Map<string, string>;
  /** Names of config.yaml variables read so far (they become part of the model's identity). */
  used: Set<string>;
  file: string;
  model?: string;
}

/**
 * The documented defaults for a model that is not incremental: the interval runs from the model's
 * `start` (else 1970-01-01) to the moment of the run, which is also the execution time.
 */
export function defaultTimes(start: string | undefined, now: Date): MacroTimes {
  const from = start && !Number.isNaN(Date.parse(start)) ? new Date(Date.parse(start.length === 10 ? `${start}T00:00:00Z` : start)) : new Date(0);
  return { start: from, end: now, execution: now };
}

export interface Rendered {
  text: string;
  /** Maps offsets of `text` back to the input text. */
  edits: Edit[];
}

const TIME_PREFIXES = ['start', 'end', 'execution'] as const;

const iso = (d: Date) => d.toISOString();
const ds = (d: Date) => iso(d).slice(0, 10);
const ts = (d: Date) => `${ds(d)} ${iso(d).slice(11, 19)}`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** SQL text of a built-in macro variable, or undefined when `name` is not one. */
function builtin(name: string, ctx: MacroContext): string | undefined {
  const [prefix, ...rest] = name.split('_');
  const postfix = rest.join('_');
  if ((TIME_PREFIXES as readonly string[]).includes(prefix!)) {
    const d = ctx.times[prefix as (typeof TIME_PREFIXES)[number]];
    switch (postfix) {
      case 'date':
        return `CAST(${literal(ds(d))} AS DATE)`;
      case 'dt':
        return `CAST(${literal(ts(d))} AS TIMESTAMP)`;
      case 'ds':
        return literal(ds(d));
      case 'ts':
        return literal(ts(d));
      case 'epoch':
        return String(Math.floor(d.getTime() / 1000));
      case 'millis':
        return String(d.getTime());
      case 'hour':
        return String(d.getUTCHours());
    }
  }
  if (name === 'gateway') return literal(ctx.gateway ?? 'default');
  if (name === 'runtime_stage') return literal('evaluating');
  return undefined;
}

/** SQL text of a config.yaml variable's value. */
function valueSql(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return literal(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return undefined;
}

const FUNCTIONS = new Set(['var', 'if', 'each', 'def']);

/** Renders the macros of one statement. `firstLine` is the line of the text's first character. */
export function renderMacros(text: string, firstLine: number, ctx: MacroContext): Rendered {
  if (!text.includes('@')) return { text, edits: [] };
  const tokens = lex(text, { file: ctx.file, firstLine });
  const out = new TextBuilder(text);
  const fail = (detail: string, line: number): never => {
    throw new ModelError(detail, ctx.file, line, ctx.model);
  };
  for (let i = 0; i < tokens.length; i++) {
    const at = tokens[i]!;
    const next = tokens[i + 1];
    if (!isOp(at, '@') || !next || next.start !== at.end) continue;
    const prev = tokens[i - 1];
    if (isOp(prev, '@') && prev!.end === at.start) continue; // Postgres `@@` (text search)
    if (isOp(next, '{')) {
      // @{name}: the variable's text spliced into an identifier.
      const name = tokens[i + 2];
      const close = tokens[i + 3];
      if (!name || name.type !== 'word' || !isOp(close, '}')) fail('expected @{name}', at.line);
      out.replace(at.start, close!.end, unquoted(variableSql(name!.text.toLowerCase(), ctx, at.line, fail)));
      i += 3;
      continue;
    }
    if (next.type !== 'word') continue;
    const name = next.text.toLowerCase();
    const open = nextSignificant(tokens, i + 2);
    if (open !== -1 && isOp(tokens[open], '(') && (FUNCTIONS.has(name) || ctx.userMacros.has(name) || !isVariable(name, ctx))) {
      const close = matching(tokens, open, fail);
      const args = splitArgs(tokens.slice(open + 1, close));
      const argText = (k: number): string => {
        const a = args[k];
        return a && a.length ? text.slice(a[0]!.start, a[a.length - 1]!.end) : '';
      };
      const argLine = (k: number) => args[k]?.[0]?.line ?? at.line;
      const render = (k: number) => renderMacros(argText(k), argLine(k), ctx).text;
      let replacement: string;
      switch (name) {
        case 'var': {
          const key = stringValue(args[0], fail, at.line, '@VAR takes the variable name as a string');
          const v = ctx.variables[key.toLowerCase()];
          ctx.used.add(key.toLowerCase());
          replacement = v === undefined ? (args.length > 1 ? render(1) : 'NULL') : (valueSql(v) ?? fail(`@VAR('${key}'): variable ${key} is not a string, number or boolean`, at.line));
          break;
        }
        case 'if': {
          if (args.length < 2 || args.length > 3) fail('@IF takes (condition, then[, else])', at.line);
          const cond = evaluateCondition(render(0));
          if (cond === undefined) fail(`@IF: vde evaluates only literal conditions (comparisons of strings, numbers, booleans); got ${render(0)}`, argLine(0));
          replacement = cond ? render(1) : args.length === 3 ? render(2) : '';
          break;
        }
        case 'each':
          replacement = each(args, text, ctx, fail, at.line);
          break;
        case 'def':
          fail('@DEF(name, value) must be a statement of its own, ended by `;`', at.line);
          replacement = '';
          break;
        default: {
          const file = ctx.userMacros.get(name);
          if (file) throw new UnsupportedModelError(`uses macro @${next.text} from ${file}: vde runs no Python, so models using user macros are not supported`, ctx.file, at.line, ctx.model);
          replacement = fail(`unknown macro @${next.text}(...) (vde knows @VAR, @IF, @EACH, @DEF and the built-in macro variables)`, at.line);
        }
      }
      out.replace(at.start, tokens[close]!.end, replacement);
      i = close;
      continue;
    }
    out.replace(at.start, next.end, variableSql(name, ctx, at.line, fail));
    i++;
  }
  const { text: rendered, map } = out.finish();
  return { text: rendered, edits: map.editsList };
}

function isVariable(name: string, ctx: MacroContext): boolean {
  return ctx.locals.has(name) || builtin(name, ctx) !== undefined || name === 'this_model' || name in ctx.variables;
}

function variableSql(name: string, ctx: MacroContext, line: number, fail: (d: string, l: number) => never): string {
  const local = ctx.locals.get(name);
  if (local !== undefined) return local;
  const b = builtin(name, ctx);
  if (b !== undefined) return b;
  if (name === 'this_model') {
    return ctx.thisModel ?? fail('@this_model is only supported in pre/post statements (it names the physical table being built)', line);
  }
  if (name in ctx.variables) ctx.used.add(name);
  if (name in ctx.variables) return valueSql(ctx.variables[name]) ?? fail(`@${name}: variable ${name} is a list or map; use it in @EACH`, line);
  const file = ctx.userMacros.get(name);
  if (file) throw new UnsupportedModelError(`uses macro @${name} from ${file}: vde runs no Python, so models using user macros are not supported`, ctx.file, line, ctx.model);
  return fail(`unknown macro variable @${name} (not a built-in, not defined by @DEF, not in config.yaml variables)`, line);
}

/** A string literal's value spliced into an identifier (`@{suffix}`): quotes dropped. */
function unquoted(sql: string): string {
  return /^'.*'$/s.test(sql) ? sql.slice(1, -1).replace(/''/g, "'") : sql;
}

function each(args: Token[][], text: string, ctx: MacroContext, fail: (d: string, l: number) => never, line: number): string {
  if (args.length !== 2) fail('@EACH takes (list, x -> expression)', line);
  const list = significant(args[0]!);
  let items: string[];
  const first = list[0];
  const local = isOp(first, '@') && list[1]?.type === 'word' && list.length === 2 ? ctx.locals.get(list[1].text.toLowerCase()) : undefined;
  if (local !== undefined) {
    // A @DEF value or an audit's parameter written as a list: `(a, b)` / `[a, b]`, or one item.
    const valueTokens = significant(lex(local, { file: ctx.file, firstLine: line }));
    const [o, c] = [valueTokens[0], valueTokens[valueTokens.length - 1]];
    const bracketed = valueTokens.length >= 2 && ((isOp(o, '[') && isOp(c, ']')) || (isOp(o, '(') && isOp(c, ')')));
    items = bracketed
      ? splitArgs(valueTokens.slice(1, -1)).filter((item) => item.length > 0).map((item) => local.slice(item[0]!.start, item[item.length - 1]!.end))
      : [local];
  } else if (isOp(first, '@') && list[1]?.type === 'word' && list.length === 2) {
    const v = ctx.variables[list[1].text.toLowerCase()];
    ctx.used.add(list[1].text.toLowerCase());
    if (!Array.isArray(v)) fail(`@EACH: @${list[1].text} is not a list variable`, line);
    items = (v as unknown[]).map((x) => valueSql(x) ?? fail('@EACH: list items must be strings, numbers or booleans', line));
  } else {
    const open = list[0];
    const close = list[list.length - 1];
    const bracketed = (isOp(open, '[') && isOp(close, ']')) || (isOp(open, '(') && isOp(close, ')'));
    if (!bracketed) fail('@EACH: the list must be literal, like [a, b] or (1, 2), or a list variable', line);
    items = splitArgs(list.slice(1, -1))
      .filter((item) => item.length > 0)
      .map((item) => renderMacros(text.slice(item[0]!.start, item[item.length - 1]!.end), item[0]!.line, ctx).text);
  }
  const lambda = significant(args[1]!);
  const arrow = lambda.findIndex((t) => isOp(t, '->'));
  const params = lambda.slice(0, arrow).filter((t) => t.type === 'word');
  if (arrow < 0 || params.length !== 1) fail('@EACH: the second argument must be a lambda like x -> expression', line);
  const param = params[0]!.text.toLowerCase();
  const body = lambda.slice(arrow + 1);
  if (body.length === 0) fail('@EACH: the lambda has no body', line);
  const bodyText = text.slice(body[0]!.start, body[body.length - 1]!.end);
  const bodyTokens = lex(bodyText, { file: ctx.file, firstLine: body[0]!.line });
  return items
    .map((item) => {
      const b = new TextBuilder(bodyText);
      bodyTokens.forEach((t, k) => {
        const prev = bodyTokens[k - 1];
        if (t.type === 'word' && t.text.toLowerCase() === param && !isOp(prev, '.')) {
          // `@x` and `x` both stand for the item; inside an identifier (`@{x}`) the bare text.
          if (isOp(prev, '@') && prev!.end === t.start) b.replace(prev!.start, t.end, item);
          else b.replace(t.start, t.end, item);
        } else if (isOp(t, '{') && isOp(prev, '@') && bodyTokens[k + 1]?.text.toLowerCase() === param && isOp(bodyTokens[k + 2], '}')) {
          b.replace(prev!.start, bodyTokens[k + 2]!.end, unquoted(item));
        }
      });
      return renderMacros(b.finish().text, body[0]!.line, ctx).text;
    })
    .join(', ');
}

function stringValue(arg: Token[] | undefined, fail: (d: string, l: number) => never, line: number, what: string): string {
  const sig = significant(arg ?? []);
  if (sig.length !== 1 || sig[0]!.type !== 'string' || !sig[0]!.text.startsWith("'")) fail(what, line);
  return sig[0]!.text.slice(1, -1).replace(/''/g, "'");
}

function nextSignificant(tokens: Token[], from: number): number {
  for (let k = from; k < tokens.length; k++) if (tokens[k]!.type !== 'whitespace' && tokens[k]!.type !== 'comment') return k;
  return -1;
}

function matching(tokens: Token[], open: number, fail: (d: string, l: number) => never): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if ((isOp(t, ')') || isOp(t, ']')) && --depth === 0) return k;
  }
  return fail('unbalanced parentheses in a macro call', tokens[open]!.line);
}

/** Splits tokens on depth-0 commas (whitespace kept, so texts can be sliced), each part trimmed. */
export function splitArgs(tokens: Token[]): Token[][] {
  return splitAtDepthZero(tokens, ',').map(trimWhitespace);
}

function trimWhitespace(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && (tokens[a]!.type === 'whitespace' || tokens[a]!.type === 'comment')) a++;
  while (b > a && (tokens[b - 1]!.type === 'whitespace' || tokens[b - 1]!.type === 'comment')) b--;
  return tokens.slice(a, b);
}

/** `@DEF(name, value)` statement tokens → [name, value SQL], or null when not a @DEF. */
export function readDef(statement: string, firstLine: number, ctx: MacroContext): [string, string] | null {
  const tokens = lex(statement, { file: ctx.file, firstLine });
  const sig = significant(tokens);
  if (!isOp(sig[0], '@') || sig[1]?.type !== 'word' || sig[1].text.toLowerCase() !== 'def' || !isOp(sig[2], '(')) return null;
  const openIdx = tokens.indexOf(sig[2]!);
  const close = matching(tokens, openIdx, (d, l) => {
    throw new ModelError(d, ctx.file, l, ctx.model);
  });
  const args = splitArgs(tokens.slice(openIdx + 1, close));
  const nameTok = significant(args[0] ?? []);
  if (args.length !== 2 || nameTok.length !== 1 || nameTok[0]!.type !== 'word') {
    throw new ModelError('@DEF takes (name, value)', ctx.file, sig[0]!.line, ctx.model);
  }
  const value = args[1]!;
  const valueText = statement.slice(value[0]!.start, value[value.length - 1]!.end);
  return [nameTok[0]!.text.toLowerCase(), renderMacros(valueText, value[0]!.line, ctx).text];
}

// The `kind` property of a MODEL header: FULL, VIEW, SEED (path, batch_size, csv_settings) and the
// incremental kinds, parsed into typed data. Whether vde runs a kind is decided in support.ts.
import { isOp, type Token } from './lexer';
import {
  booleanValue,
  describeToken,
  identifierValue,
  isBracketed,
  listItems,
  parseKeyValues,
  parseNameList,
  positiveInteger,
  splitTopLevel,
  sourceText,
  textOf,
  unquoteString,
  type Err,
  type Prop,
} from './header-values';
import { resolveSeedPath } from './seed-file';
import { nearest } from './yaml-file';
import type { CsvSettings, IncrementalOptions, ModelKind } from './types';

export const DEFAULT_SEED_BATCH_SIZE = 1000;

const INCREMENTAL_OPTIONS = [
  'batch_size',
  'batch_concurrency',
  'lookback',
  'forward_only',
  'disable_restatement',
  'on_destructive_change',
  'on_additive_change',
  'auto_restatement_cron',
  'auto_restatement_intervals',
] as const;

/** Parameters each kind takes, as SQLMesh names them. */
export const KIND_PARAMETERS: Record<string, readonly string[]> = {
  FULL: [],
  VIEW: ['materialized'],
  SEED: ['path', 'batch_size', 'csv_settings'],
  INCREMENTAL_BY_TIME_RANGE: ['time_column', 'format', 'partition_by_time_column', ...INCREMENTAL_OPTIONS],
  INCREMENTAL_BY_UNIQUE_KEY: ['unique_key', 'when_matched', 'merge_filter', ...INCREMENTAL_OPTIONS],
  INCREMENTAL_UNMANAGED: ['insert_overwrite', ...INCREMENTAL_OPTIONS],
};

/** SQLMesh kinds vde refuses outright (nothing of them is parsed). */
const OTHER_SQLMESH_KINDS = new Set([
  'INCREMENTAL_BY_PARTITION',
  'SCD_TYPE_2',
  'SCD_TYPE_2_BY_TIME',
  'SCD_TYPE_2_BY_COLUMN',
  'EMBEDDED',
  'EXTERNAL',
  'MANAGED',
  'CUSTOM',
]);

export interface KindContext {
  /** Absolute path of the model file and of the project folder (seed paths resolve against them). */
  file: string;
  projectDir: string;
  /** Every token of the file (for SQL text as written). */
  all: Token[];
  err: Err;
}

export function parseKind(value: Token[], kindTok: Token, ctx: KindContext): { kind: ModelKind; pathLine?: number } {
  const { err } = ctx;
  const head = value[0]!;
  if (head.type !== 'word') throw err(`expected a model kind (FULL, VIEW, SEED, ...), got ${describeToken(head)}`, head.line);
  const upper = head.text.toUpperCase();
  const known = KIND_PARAMETERS[upper];
  if (!known) {
    if (OTHER_SQLMESH_KINDS.has(upper)) throw err(`unsupported model kind ${head.text} (vde runs FULL, VIEW and SEED; see docs/sqlmesh.md)`, head.line);
    const near = nearest(upper, Object.keys(KIND_PARAMETERS));
    throw err(`unknown model kind ${head.text}${near ? `; did you mean ${near}?` : ''} (kinds: ${Object.keys(KIND_PARAMETERS).join(', ')})`, head.line);
  }
  const rest = value.slice(1);
  if (rest.length > 0 && !(isOp(rest[0], '(') && isBracketed(rest))) {
    throw err(`kind ${upper}: expected (parameter value, ...) after the kind, got ${describeToken(rest[0])}`, rest[0]!.line);
  }
  const params = new Map<string, Prop>();
  for (const item of rest.length > 0 ? splitTopLevel(rest.slice(1, -1)) : []) {
    if (item.length === 0) continue;
    const key = item[0]!;
    const name = key.type === 'word' ? key.text.toLowerCase() : '';
    if (!known.includes(name)) {
      if (known.length === 0) throw err(`kind ${upper} takes no parameters, got ${describeToken(key)}`, key.line);
      const near = nearest(name || key.text, known);
      throw err(`unknown ${upper} parameter ${key.text}${near ? `; did you mean ${near}?` : ''} (parameters: ${known.join(', ')})`, key.line);
    }
    if (params.has(name)) throw err(`kind ${upper}: ${name} is set twice`, key.line);
    if (item.length < 2) throw err(`kind ${upper}: ${name} has no value`, key.line);
    params.set(name, { name: key, value: item.slice(1) });
  }
  const line = head.line;
  switch (upper) {
    case 'FULL':
      return { kind: { name: 'FULL' } };
    case 'VIEW': {
      const m = params.get('materialized');
      return { kind: m ? { name: 'VIEW', materialized: booleanValue(m, err) } : { name: 'VIEW' } };
    }
    case 'SEED':
      return seedKind(params, kindTok, ctx);
    case 'INCREMENTAL_BY_TIME_RANGE': {
      const tc = params.get('time_column');
      if (!tc) throw err('kind INCREMENTAL_BY_TIME_RANGE needs a time_column', line);
      const { column, format } = timeColumn(tc, err);
      const fmt = params.get('format');
      const pbt = params.get('partition_by_time_column');
      return {
        kind: {
          name: 'INCREMENTAL_BY_TIME_RANGE',
          timeColumn: column,
          ...(format !== undefined ? { format } : fmt ? { format: textValue(fmt, err) } : {}),
          ...(pbt ? { partitionByTimeColumn: booleanValue(pbt, err) } : {}),
          ...incrementalOptions(params, line, false, err),
        },
      };
    }
    case 'INCREMENTAL_BY_UNIQUE_KEY': {
      const uk = params.get('unique_key');
      if (!uk) throw err('kind INCREMENTAL_BY_UNIQUE_KEY needs a unique_key', line);
      const wm = params.get('when_matched');
      const mf = params.get('merge_filter');
      return {
        kind: {
          name: 'INCREMENTAL_BY_UNIQUE_KEY',
          uniqueKey: parseNameList(uk, err, 'unique_key'),
          ...(wm ? { whenMatched: sqlOrString(wm, ctx) } : {}),
          ...(mf ? { mergeFilter: sqlOrString(mf, ctx) } : {}),
          ...incrementalOptions(params, line, false, err),
        },
      };
    }
    default: {
      const io = params.get('insert_overwrite');
      return {
        kind: {
          name: 'INCREMENTAL_UNMANAGED',
          insertOverwrite: io ? booleanValue(io, err) : false,
          ...incrementalOptions(params, line, true, err),
        },
      };
    }
  }
}

function incrementalOptions(params: Map<string, Prop>, line: number, forwardOnlyDefault: boolean, err: Err): IncrementalOptions {
  const int = (k: string): number | undefined => (params.has(k) ? positiveInteger(params.get(k)!, err) : undefined);
  const bool = (k: string, dflt: boolean): boolean => (params.has(k) ? booleanValue(params.get(k)!, err) : dflt);
  const change = (k: string): string | undefined => {
    const p = params.get(k);
    if (!p) return undefined;
    const v = textValue(p, err).toLowerCase();
    if (!['allow', 'warn', 'error', 'ignore'].includes(v)) throw err(`${k}: expected allow, warn, error or ignore, got ${describeToken(p.value[0])}`, p.name.line);
    return v;
  };
  const out: IncrementalOptions = {
    forwardOnly: bool('forward_only', forwardOnlyDefault),
    disableRestatement: bool('disable_restatement', forwardOnlyDefault),
    line,
  };
  const set = <K extends keyof IncrementalOptions>(k: K, v: IncrementalOptions[K] | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('batchSize', int('batch_size'));
  set('batchConcurrency', int('batch_concurrency'));
  set('lookback', int('lookback'));
  set('onDestructiveChange', change('on_destructive_change'));
  set('onAdditiveChange', change('on_additive_change'));
  set('autoRestatementCron', params.has('auto_restatement_cron') ? textValue(params.get('auto_restatement_cron')!, err) : undefined);
  set('autoRestatementIntervals', int('auto_restatement_intervals'));
  return out;
}

/** `ds`, `"Ds"` or `(ds, '%Y-%m-%d')`. */
function timeColumn(prop: Prop, err: Err): { column: string; format?: string } {
  const v = prop.value;
  if (v.length === 1) {
    const id = identifierValue(v[0]!) ?? (v[0]!.type === 'string' ? unquoteString(v[0]!) : null);
    if (id !== null) return { column: id };
  } else if (isBracketed(v)) {
    const parts = splitTopLevel(v.slice(1, -1));
    const col = parts[0]?.length === 1 ? identifierValue(parts[0][0]!) : null;
    const fmt = parts[1]?.length === 1 ? textOf(parts[1][0]!) : null;
    if (col !== null && parts.length <= 2 && (parts.length === 1 || fmt !== null)) return fmt !== null ? { column: col, format: fmt } : { column: col };
  }
  throw err(`time_column: expected a column name or (column, 'format'), got ${describeToken(v[0])}`, (v[0] ?? prop.name).line);
}

/** A word or a quoted string. */
function textValue(prop: Prop, err: Err): string {
  const v = prop.value;
  if (v.length === 1 && v[0]!.type === 'word') return v[0]!.text;
  const t = v.length === 1 ? textOf(v[0]!) : null;
  if (t === null) throw err(`${prop.name.text.toLowerCase()}: expected a name or a string, got ${describeToken(v[0])}`, (v[0] ?? prop.name).line);
  return t;
}

/** SQL given either as a string or written out (`when_matched WHEN MATCHED THEN ...`). */
function sqlOrString(prop: Prop, ctx: KindContext): string {
  const v = prop.value;
  if (v.length === 1 && v[0]!.type === 'string') return unquoteString(v[0]!);
  return sourceText(ctx.all, v);
}

function seedKind(params: Map<string, Prop>, kindTok: Token, ctx: KindContext): { kind: ModelKind; pathLine: number } {
  const { err } = ctx;
  const pathProp = params.get('path');
  if (!pathProp) throw err("kind SEED needs a path: SEED (path 'file.csv')", kindTok.line);
  const written = pathProp.value.length === 1 ? textOf(pathProp.value[0]!) : null;
  if (written === null) throw err("SEED path must be a string: path 'file.csv'", pathProp.name.line);
  const pathLine = pathProp.value[0]!.line;
  const batch = params.get('batch_size');
  const csv = params.get('csv_settings');
  const { path, relativePath } = resolveSeedPath(written, ctx.file, ctx.projectDir, pathLine, err);
  return {
    kind: {
      name: 'SEED',
      path,
      relativePath,
      batchSize: batch ? positiveInteger(batch, err) : DEFAULT_SEED_BATCH_SIZE,
      csv: csv ? csvSettings(csv, ctx) : {},
    },
    pathLine,
  };
}

const CSV_SETTINGS = ['delimiter', 'quotechar', 'doublequote', 'escapechar', 'skipinitialspace', 'lineterminator', 'encoding', 'na_values', 'keep_default_na'];
// SQL strings do not unescape `\t`; SQLMesh maps these sequences back, and so does vde.
const UNESCAPE: Record<string, string> = { '\\t': '\t', '\\n': '\n', '\\r': '\r', '\\\\': '\\' };

function csvSettings(prop: Prop, ctx: KindContext): CsvSettings {
  const { err } = ctx;
  const out: CsvSettings = {};
  for (const kv of parseKeyValues(prop, ctx.all, err)) {
    const key = kv.key.toLowerCase();
    if (!CSV_SETTINGS.includes(key)) {
      const near = nearest(key, CSV_SETTINGS);
      throw err(`unknown csv_settings key ${kv.key}${near ? `; did you mean ${near}?` : ''} (keys: ${CSV_SETTINGS.join(', ')})`, kv.line);
    }
    const single = (): string => {
      const t = kv.value.length === 1 ? textOf(kv.value[0]!) : null;
      if (t === null) throw err(`csv_settings: ${key} expects a string in quotes, got ${kv.sql}`, kv.line);
      return UNESCAPE[t] ?? t;
    };
    const bool = (): boolean => booleanValue({ name: { ...kv.value[0]!, text: `csv_settings ${key}` }, value: kv.value }, err);
    switch (key) {
      case 'delimiter':
        out.delimiter = single();
        break;
      case 'quotechar':
        out.quote = single();
        break;
      case 'escapechar':
        out.escape = single();
        break;
      case 'lineterminator':
        out.lineTerminator = single();
        break;
      case 'doublequote':
        out.doubleQuote = bool();
        break;
      case 'skipinitialspace':
        out.skipInitialSpace = bool();
        break;
      case 'keep_default_na':
        out.keepDefaultNa = bool();
        break;
      case 'encoding': {
        const enc = single().toLowerCase().replace(/[-_]/g, '');
        if (enc !== 'utf8' && enc !== 'utf8sig') throw err(`csv_settings: encoding ${kv.sql} is not supported: vde reads seeds as UTF-8 (convert the file)`, kv.line);
        break;
      }
      case 'na_values': {
        const values = listItems(kv.value).map((item) => {
          const t = item.length === 1 ? item[0]! : undefined;
          const v = t ? (textOf(t) ?? (t.type === 'number' || t.type === 'word' ? t.text : null)) : null;
          if (v === null) throw err('csv_settings: na_values expects a list of values like (\'n/a\', \'missing\'); per-column mappings are not supported', kv.line);
          return v;
        });
        out.naValues = values;
        break;
      }
    }
  }
  return out;
}

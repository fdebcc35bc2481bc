// The `MODEL ( prop value, ... );` header of a model file (SQLMesh syntax): splitting it into
// properties and reading each one. vde accepts every property SQLMesh's header accepts; those that
// matter to it are honoured, the rest are recorded as ignored (for `vde plan --verbose`), and an
// unknown name is an error naming the nearest known one. Every error names file and line.
import type { ModelError } from '../errors';
import { parseAuditCalls } from './audit-calls';
import { isOp, isWord, type Token } from './lexer';
import {
  booleanValue,
  describeToken,
  parseColumns,
  parseKeyValues,
  parseNameList,
  qualifiedName,
  listItems,
  sourceText,
  startValue,
  stringValue,
  textOf,
  wordOrString,
  type Err,
  type Prop,
} from './header-values';
import { parseKind } from './model-kind';
import { nearest } from './yaml-file';
import { unknownDialect } from './sql-parser';
import type { AuditCall, ColumnDef, IgnoredProperty, ModelKind, PropertyValue } from './types';

export { DEFAULT_SEED_BATCH_SIZE } from './model-kind';
export { describeToken, splitTopLevel, unquoteString, type Err } from './header-values';

const PART = /^[a-z_][a-z0-9_]*$/;

/** Properties vde acts on. */
const HONOURED = [
  'name',
  'kind',
  'dialect',
  'grain',
  'grains',
  'columns',
  'column_descriptions',
  'description',
  'depends_on',
  'enabled',
  'audits',
  'physical_properties',
  'virtual_properties',
  'table_properties',
  'gateway',
] as const;

/**
 * Properties SQLMesh's header takes that change nothing vde does (scheduling, ownership, engine
 * layout hints, linting, formatting). Accepted, and listed as ignored. owner, tags, cron and start
 * are also kept on the model as data.
 */
export const IGNORED_PROPERTIES = [
  'owner',
  'tags',
  'cron',
  'cron_tz',
  'start',
  'end',
  'interval_unit',
  'stamp',
  'project',
  'retention',
  'table_format',
  'storage_format',
  'partitioned_by',
  'clustered_by',
  'references',
  'physical_schema_override',
  'physical_version',
  'session_properties',
  'allow_partials',
  'signals',
  'optimize_query',
  'validate_query',
  'ignored_rules',
  'formatting',
  'virtual_environment_mode',
  'grants',
  'grants_target_layer',
  'batch_size',
  'batch_concurrency',
  'lookback',
  'on_destructive_change',
  'on_additive_change',
] as const;

/** Honoured properties that still change nothing in the warehouse (listed as ignored too). */
const NOT_APPLIED = new Set(['gateway', 'physical_properties', 'table_properties', 'virtual_properties']);

/** Properties SQLMesh takes that vde refuses, with the reason. */
const REFUSED: Record<string, string> = {
  blueprints: 'blueprints (one file defining several models) are not supported by vde: write one model file per model',
};

export const KNOWN_PROPERTIES: readonly string[] = [...HONOURED, ...IGNORED_PROPERTIES, ...Object.keys(REFUSED)];

export interface Header {
  props: Map<string, Prop>;
  /** Properties in the order written. */
  order: Prop[];
  headTok: Token;
  /** Index in the significant tokens of the first token after the header (and its `;`). */
  next: number;
}

/** A known property name opening a new line inside another property's value: a missing comma. */
function startsNewProperty(item: Token[], t: Token, known: readonly string[]): boolean {
  const prev = item[item.length - 1];
  return prev !== undefined && t.type === 'word' && t.line > prev.line && known.includes(t.text.toLowerCase());
}

/**
 * Splits `KEYWORD ( prop value, ... )` starting at `sig[from]` into properties. `known` lists the
 * property names; an unknown one is an error naming the nearest.
 */
export function parseHeader(sig: Token[], err: Err, keyword = 'model', known: readonly string[] = KNOWN_PROPERTIES, from = 0): Header {
  const headTok = sig[from];
  const KW = keyword.toUpperCase();
  if (!headTok || !isWord(headTok, keyword)) {
    throw err(`unparseable header: expected the file to start with ${KW} (...), got ${describeToken(headTok)}`, headTok?.line ?? 1);
  }
  if (!isOp(sig[from + 1], '(')) {
    throw err(`unparseable header: expected ( after ${KW}, got ${describeToken(sig[from + 1])}`, sig[from + 1]?.line ?? headTok.line);
  }
  // Find the matching `)`, splitting properties on depth-1 commas.
  const items: Token[][] = [[]];
  let depth = 1;
  let i = from + 2;
  for (; i < sig.length; i++) {
    const t = sig[i]!;
    if (isOp(t, '(') || isOp(t, '[') || isOp(t, '{')) depth++;
    else if (isOp(t, ')') || isOp(t, ']') || isOp(t, '}')) {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && isOp(t, ',')) {
      items.push([]);
      continue;
    } else if (depth === 1 && isOp(t, ';')) {
      throw err(`unparseable header: ${KW} ( is not closed before \`;\``, t.line);
    } else if (depth === 1 && startsNewProperty(items[items.length - 1]!, t, known)) {
      // `name a.b` NEWLINE `kind FULL` without a comma would otherwise read as one strange value.
      throw err(`unparseable header: expected \`,\` before property ${t.text}`, t.line);
    }
    items[items.length - 1]!.push(t);
  }
  if (i >= sig.length) throw err(`unparseable header: ${KW} ( is never closed`, headTok.line);
  const props = new Map<string, Prop>();
  const order: Prop[] = [];
  items.forEach((item, idx) => {
    if (item.length === 0) {
      if (idx === items.length - 1 && items.length > 1) return; // trailing comma
      throw err('unparseable header: empty property', sig[from + 1]!.line);
    }
    const nameTok = item[0]!;
    if (nameTok.type !== 'word') throw err(`unparseable header: expected a property name, got ${describeToken(nameTok)}`, nameTok.line);
    const prop = nameTok.text.toLowerCase();
    if (!known.includes(prop)) {
      const near = nearest(prop, known);
      throw err(`unknown ${keyword} property ${nameTok.text}${near ? `; did you mean ${near}?` : ''} (see docs/sqlmesh.md for the properties vde reads)`, nameTok.line);
    }
    if (props.has(prop)) throw err(`property ${prop} is set twice`, nameTok.line);
    const value = item.slice(1);
    if (value.length === 0) throw err(`property ${prop} has no value`, nameTok.line);
    const p = { name: nameTok, value };
    props.set(prop, p);
    order.push(p);
  });
  let next = i + 1;
  if (isOp(sig[next], ';')) next++;
  return { props, order, headTok, next };
}

export function parseName(value: Token[], nameTok: Token, err: Err): { name: string; schema: string; table: string; catalog?: string } {
  const line = value[0]?.line ?? nameTok.line;
  const written = value.map((t) => t.text).join('');
  const parts = qualifiedName(value);
  if (parts === null || parts.length < 2 || parts.length > 3) {
    const macro = value.some((t) => isOp(t, '@')) ? ' (macros in model names are not supported)' : '';
    throw err(`invalid model name ${JSON.stringify(written)}: expected schema.table or catalog.schema.table${macro}`, line);
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

/** What a model's header says, read and checked. */
export interface HeaderData {
  name: string;
  schema: string;
  table: string;
  catalog?: string;
  kind: ModelKind;
  /** Line of the `kind` property (the header's line when kind was defaulted). */
  kindLine: number;
  /** Whether kind was written in the header (else it came from the defaults). */
  kindWritten: boolean;
  /** SEED: line of its `path`. */
  seedPathLine?: number;
  grain: string[];
  columns: ColumnDef[];
  /** Line of the `columns` property, when there is one. */
  columnsLine?: number;
  description?: string;
  owner?: string;
  cron?: string;
  start?: string;
  tags: string[];
  dialect?: string;
  dependsOn: string[];
  columnDescriptions: Record<string, string>;
  audits: AuditCall[];
  physicalProperties: PropertyValue[];
  virtualProperties: PropertyValue[];
  ignoredProperties: IgnoredProperty[];
  enabled: boolean;
}

/** Project-level defaults a model header falls back on (from config.yaml's model_defaults). */
export interface HeaderDefaults {
  /** The kind when the header has none, as header text (`FULL`, `VIEW`, ...); VIEW otherwise. */
  kind?: string;
  dialect?: string;
  /** The gateway vde runs on: a model naming another one is refused. */
  gateway?: string;
  /** model_naming.infer_names: the name of a model whose header has none (`<folder>.<file>`). */
  inferredName?: string;
}

export interface HeaderContext {
  file: string;
  projectDir: string;
  all: Token[];
  err: Err;
  defaults: HeaderDefaults;
  /** Lexes defaults text (the kind default) the same way as the file. */
  lexDefault: (text: string) => Token[];
}

/** Reads every property of `header` into HeaderData. */
export function readHeader(header: Header, ctx: HeaderContext): HeaderData {
  const { props, headTok } = header;
  const { err: baseErr, all } = ctx;
  // Before the name: a blueprint's name holds the macro its blueprints fill in.
  for (const [prop, reason] of Object.entries(REFUSED)) {
    if (props.has(prop)) throw baseErr(reason, props.get(prop)!.name.line);
  }
  const nameProp = props.get('name');
  let named: ReturnType<typeof parseName>;
  if (nameProp) named = parseName(nameProp.value, nameProp.name, baseErr);
  else if (ctx.defaults.inferredName !== undefined) {
    const toks = ctx.lexDefault(ctx.defaults.inferredName);
    named = parseName(toks, headTok, (detail) => baseErr(`the name inferred from the file's path (model_naming.infer_names): ${detail}`, headTok.line));
  } else throw baseErr('model has no name property (expected `name schema.table`)', headTok.line);
  const err: Err = (detail, line) => (baseErr as (d: string, l: number, m?: string) => ModelError)(detail, line, named.name);

  // --- kind: written, else model_defaults.kind, else VIEW (SQLMesh's default)
  const kindProp = props.get('kind');
  const kindCtx = { file: ctx.file, projectDir: ctx.projectDir, all, err };
  let kind: ModelKind;
  let kindLine = headTok.line;
  let seedPathLine: number | undefined;
  if (kindProp) {
    ({ kind, pathLine: seedPathLine } = parseKind(kindProp.value, kindProp.name, kindCtx));
    kindLine = kindProp.name.line;
  } else {
    const text = ctx.defaults.kind ?? 'VIEW';
    const toks = ctx.lexDefault(text);
    const atHeader: Err = (detail) => err(`model_defaults.kind ${JSON.stringify(text)}: ${detail}`, headTok.line);
    kind = parseKind(toks, headTok, { ...kindCtx, all: toks, err: atHeader }).kind;
  }

  // --- grain / grains, in every form SQLMesh takes
  if (props.has('grain') && props.has('grains')) throw err('use either grain or grains, not both', props.get('grains')!.name.line);
  const grainProp = props.get('grain') ?? props.get('grains');
  const grain = grainProp ? parseNameList(grainProp, err, grainProp.name.text.toLowerCase(), true) : [];

  const columnsProp = props.get('columns');
  const columns = columnsProp ? parseColumns(columnsProp, all, err) : [];
  const description = props.has('description') ? stringValue(props.get('description')!, err) : undefined;
  const owner = props.has('owner') ? wordOrString(props.get('owner')!, err) : undefined;
  const cron = props.has('cron') ? stringValue(props.get('cron')!, err) : undefined;
  const start = props.has('start') ? startValue(props.get('start')!, err) : undefined;
  const tags = props.has('tags') ? parseNameList(props.get('tags')!, err, 'tags', true) : [];

  const dialectProp = props.get('dialect');
  const dialect = dialectProp ? dialectName(wordOrString(dialectProp, err)) : ctx.defaults.dialect !== undefined ? dialectName(ctx.defaults.dialect) : undefined;
  if (dialectProp && dialect !== undefined) {
    const unknown = unknownDialect(dialect);
    if (unknown) throw err(`dialect: ${unknown}`, dialectProp.name.line);
  }

  const gatewayProp = props.get('gateway');
  if (gatewayProp) {
    const gw = wordOrString(gatewayProp, err).toLowerCase();
    if (gw !== ctx.defaults.gateway?.toLowerCase()) {
      throw err(
        `gateway ${gw}: vde runs every model on one connection${ctx.defaults.gateway ? ` (gateway ${ctx.defaults.gateway})` : ''}; a model on another gateway is not supported`,
        gatewayProp.name.line,
      );
    }
  }

  const dependsOn = props.has('depends_on') ? parseDependsOn(props.get('depends_on')!, err) : [];
  const columnDescriptions = props.has('column_descriptions') ? parseColumnDescriptions(props.get('column_descriptions')!, all, err) : {};
  const enabled = props.has('enabled') ? booleanValue(props.get('enabled')!, err) : true;
  const audits = props.has('audits') ? parseAuditCalls(props.get('audits')!, all, err) : [];
  if (props.has('physical_properties') && props.has('table_properties')) {
    throw err('use physical_properties (table_properties is its old name), not both', props.get('table_properties')!.name.line);
  }
  const physicalProp = props.get('physical_properties') ?? props.get('table_properties');
  const physicalProperties = physicalProp ? keyValues(physicalProp, all, err) : [];
  const virtualProperties = props.has('virtual_properties') ? keyValues(props.get('virtual_properties')!, all, err) : [];

  // Table and view properties are read and kept, but no engine applies them yet: plan --verbose
  // lists them with the rest, so nobody believes a clustering key or a comment took effect.
  const ignoredProperties: IgnoredProperty[] = header.order
    .filter((p) => (IGNORED_PROPERTIES as readonly string[]).includes(p.name.text.toLowerCase()) || NOT_APPLIED.has(p.name.text.toLowerCase()))
    .map((p) => ({ name: p.name.text.toLowerCase(), line: p.name.line, value: sourceText(all, p.value) }));

  // Built property by property, in the order the spread literal had: V8 defines the properties of
  // `{ ...named, ..., ...(x ? { x } : {}) }` on a slow path, and 5,000 models pay for it.
  const out: HeaderData = { name: named.name, schema: named.schema, table: named.table } as HeaderData;
  if (named.catalog !== undefined) out.catalog = named.catalog;
  out.kind = kind;
  out.kindLine = kindLine;
  out.kindWritten = kindProp !== undefined;
  if (seedPathLine !== undefined) out.seedPathLine = seedPathLine;
  out.grain = grain;
  out.columns = columns;
  if (columnsProp) out.columnsLine = columnsProp.name.line;
  if (description !== undefined) out.description = description;
  if (owner !== undefined) out.owner = owner;
  if (cron !== undefined) out.cron = cron;
  if (start !== undefined) out.start = start;
  out.tags = tags;
  if (dialect !== undefined) out.dialect = dialect;
  out.dependsOn = dependsOn;
  out.columnDescriptions = columnDescriptions;
  out.audits = audits;
  out.physicalProperties = physicalProperties;
  out.virtualProperties = virtualProperties;
  out.ignoredProperties = ignoredProperties;
  out.enabled = enabled;
  return out;
}

/** `duckdb`, `'snowflake,normalization_strategy=case_sensitive'` → the dialect's name, lower-case. */
function dialectName(written: string): string {
  return written.split(',')[0]!.trim().toLowerCase();
}

/** `depends_on [a.b, c.d]` / `(a.b)` / `a.b` / `'a.b'`: canonical `schema.table` names. */
function parseDependsOn(prop: Prop, err: Err): string[] {
  const out: string[] = [];
  for (const part of listItems(prop.value)) {
    const parts = qualifiedName(part);
    if (parts === null || parts.length < 2 || parts.length > 3) {
      throw err(`depends_on: expected model names like schema.table, got ${describeToken(part[0])}`, part[0]!.line);
    }
    const name = parts.slice(-2).join('.');
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** `column_descriptions (id = 'The key', "Name" = "Shown name")`. */
function parseColumnDescriptions(prop: Prop, all: Token[], err: Err): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of parseKeyValues(prop, all, err)) {
    const text = kv.value.length === 1 ? textOf(kv.value[0]!) : null;
    if (text === null) throw err(`column_descriptions: the description of ${kv.key} must be a string in quotes`, kv.line);
    out[kv.key] = text;
  }
  return out;
}

function keyValues(prop: Prop, all: Token[], err: Err): PropertyValue[] {
  return parseKeyValues(prop, all, err).map(({ key, sql }) => ({ key, sql }));
}

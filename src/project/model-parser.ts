// Parses one model file: a SQLMesh-style `MODEL ( prop value, ... );` header and exactly one
// query. Every error is a ModelError naming the file (project-relative) and line.
import { dirname, sep } from 'node:path';
import { ModelError } from '../errors';
import { lex, significant, type Token } from './lexer';
import { splitInlineAudits } from './audits';
import { readBody } from './model-body';
import { renderJinjaBlocks } from './render/jinja';
import { defaultTimes, type MacroContext, type MacroTimes } from './render/macros';
import type { Edit } from './source-map';
import { parseHeader, readHeader, type HeaderDefaults } from './model-header';
import { analyzeSelect } from './select-shape';
import { candidatesIn, quotedCaseOf, referenceCandidates, resolveReferences } from './references';
import { loadSeedContent } from './seed-file';
import { isTranspiled } from './sql-parser-types';
import type { Model } from './types';

export { analyzeSelect, PROJECTIONS_PLACEHOLDER, type SelectShape } from './select-shape';
export { DEFAULT_SEED_BATCH_SIZE, unquoteString } from './model-header';
export type { HeaderDefaults } from './model-header';

/** Where a model file sits and the project-level defaults its header falls back on. */
export interface ParseOptions {
  /** Absolute project folder; by default `file` without `relativeFile`. */
  projectDir?: string;
  defaults?: HeaderDefaults;
  /** config.yaml `variables` (keys lower-case), for @name and @VAR. */
  variables?: Record<string, unknown>;
  /** User macros of macros/*.py by lower-case name → file: a model using one is refused. */
  userMacros?: ReadonlyMap<string, string>;
  /** The time the built-in macro variables default to (non-incremental models). */
  now?: Date;
  /** The interval the time macros describe (an incremental model's batch); overrides `now`. */
  times?: MacroTimes;
  /** The engine's dialect (default postgres): a model in another one is transpiled. */
  engineDialect?: string;
}

/**
 * Parses a model file. `file` is the absolute path (seed paths are resolved against its folder),
 * `relativeFile` is used in messages. With `modelNames`, references and parents are filled in;
 * without, they are empty (the loader fills them once every model's name is known).
 */
export function parseModelFile(text: string, file: string, relativeFile: string, modelNames?: ReadonlySet<string>, options: ParseOptions = {}): Model {
  const err = (detail: string, line: number, model?: string): ModelError => new ModelError(detail, relativeFile, line, model);
  // Jinja blocks may hold anything (an apostrophe in a {# comment #}): the header is read from
  // the text before the first block, and the blocks are rendered before the body is lexed.
  const jinjaAt = text.search(/\bJINJA_(QUERY_BEGIN|STATEMENT_BEGIN|END)\b/i);
  const headText = jinjaAt >= 0 ? text.slice(0, jinjaAt) : text;
  const projectDir = options.projectDir ?? projectDirOf(file, relativeFile);
  const engineDialect = options.engineDialect ?? 'postgres';
  // Backticks quote identifiers only in a query the SQL parser transpiles, and the dialect is in
  // the header: a file with backticks is lexed again when the guess from the defaults was wrong.
  const readHead = (backticks: boolean) => {
    const all = lex(headText, { file: relativeFile, backticks });
    const sig = significant(all);
    const header = parseHeader(sig, err);
    const h = readHeader(header, {
      file,
      projectDir,
      all,
      err,
      defaults: options.defaults ?? {},
      lexDefault: (t) => significant(lex(t, { file: relativeFile })),
    });
    return { all, sig, header, h, backticks };
  };
  const guess = isTranspiled(options.defaults?.dialect?.split(',')[0]!.trim(), engineDialect);
  let head: ReturnType<typeof readHead>;
  try {
    head = readHead(guess);
  } catch (e) {
    // A backtick-quoted name holding a quote character lexes only in the other mode.
    if (!headText.includes('`')) throw e;
    try {
      head = readHead(!guess);
    } catch {
      throw e;
    }
    if (isTranspiled(head.h.dialect, engineDialect) === guess) throw e;
  }
  if (isTranspiled(head.h.dialect, engineDialect) !== head.backticks && headText.includes('`')) head = readHead(!head.backticks);
  const backticks = head.backticks;
  const { header, h } = head;
  let { all, sig } = head;
  const { name, kind } = h;
  const modelTok = header.headTok;
  const merr = (detail: string, line: number): ModelError => err(detail, line, name);
  let columns = h.columns;

  // --- body: pre-statements, the query, post-statements, @DEFs; macros rendered
  // Property by property (no conditional spread): see the model below.
  // The macro times, watched: a parse that reads them (@start_ds, @execution_ds, ...) depends on
  // the clock, and the parse cache must not keep it (readsClock).
  const times = options.times ?? defaultTimes(h.start, options.now ?? new Date());
  let clock = false;
  const watched: MacroTimes = {
    get start() {
      clock = true;
      return times.start;
    },
    get end() {
      clock = true;
      return times.end;
    },
    get execution() {
      clock = true;
      return times.execution;
    },
  };
  const macroCtx = { variables: options.variables ?? {}, times: watched } as MacroContext;
  if (options.defaults?.gateway !== undefined) macroCtx.gateway = options.defaults.gateway;
  macroCtx.userMacros = options.userMacros ?? new Map();
  macroCtx.locals = new Map();
  macroCtx.used = new Set();
  macroCtx.file = relativeFile;
  macroCtx.model = name;
  let bodyText = text;
  let jinjaEdits: Edit[] | undefined;
  let statementBlocks: [number, number][] = [];
  if (jinjaAt >= 0) {
    const rendered = renderJinjaBlocks(text, { variables: macroCtx.variables, times: macroCtx.times, ...(macroCtx.gateway !== undefined ? { gateway: macroCtx.gateway } : {}), used: macroCtx.used, file: relativeFile }, jinjaAt);
    bodyText = rendered.text;
    jinjaEdits = rendered.edits;
    statementBlocks = rendered.statementBlocks;
    all = lex(bodyText, { file: relativeFile, backticks });
    sig = significant(all);
  }
  // SQLMesh's inline audits (`AUDIT (name x); SELECT ...;`) are definitions, not statements.
  const inline = splitInlineAudits(bodyText, sig.slice(header.next), relativeFile);
  const body = readBody(bodyText, inline.body, all, macroCtx, statementBlocks);
  const hasQuery = body !== null;
  if (kind.name === 'SEED') {
    if (hasQuery) throw merr('a SEED model takes no query (its rows come from the CSV file)', body.line);
  } else if (!hasQuery) {
    throw merr(`a ${kind.name} model needs a query after the MODEL (...) header`, modelTok.line);
  }
  if (kind.name === 'SEED' && columns.length > 0) {
    const dup = firstDuplicate(columns.map((c) => c.name));
    if (dup) throw merr(`column ${dup} is declared twice`, h.columnsLine ?? modelTok.line);
  }

  const query = body?.query ?? '';
  const queryLine = body?.line ?? modelTok.line;
  const queryStart = body?.writtenStart ?? text.length;
  // The shape (what categories compare) is read from the query as written: rendered values such
  // as @execution_ds must not make an unchanged model look changed.
  // The written query is a run of whole tokens of the file: rebased, they are what lexing it again
  // would give (one lex per file instead of three: planning 5,000 models spends its time here).
  // Only its significant tokens are read (whitespace and comments never count).
  const writtenSig = body ? rebaseSignificant(all, body.writtenStart, body.writtenStart + body.written.length) : [];
  const rendered = body && body.query !== body.written ? lex(body.query, { file: relativeFile, firstLine: queryLine, backticks }) : undefined;
  const normalizedQuery = body?.normalized ?? '';
  const shape = analyzeSelect(writtenSig);

  let seedHash: string | undefined;
  if (kind.name === 'SEED') {
    const content = loadSeedContent(
      { model: name, path: kind.path, relativePath: kind.relativePath, settings: kind.csv, declared: columns, line: h.seedPathLine ?? h.kindLine },
      merr,
    );
    seedHash = content.hash;
    columns = content.columns;
  }

  // Built property by property, in a fixed order: a literal full of `...(x ? { x } : {})` spreads
  // defines its properties on V8's slow path, and 5,000 models pay for it.
  const model = { name, schema: h.schema, table: h.table } as Model;
  if (h.catalog !== undefined) model.catalog = h.catalog;
  model.kind = kind;
  model.grain = h.grain;
  model.columns = columns;
  if (h.description !== undefined) model.description = h.description;
  if (h.owner !== undefined) model.owner = h.owner;
  if (h.cron !== undefined) model.cron = h.cron;
  if (h.start !== undefined) model.start = h.start;
  model.tags = h.tags;
  model.file = file;
  model.relativeFile = relativeFile;
  model.line = modelTok.line;
  model.queryLine = queryLine;
  model.query = query;
  model.source = text;
  model.queryStart = queryStart;
  if (body && body.renderEdits.length > 0) model.renderEdits = body.renderEdits;
  if (jinjaEdits && jinjaEdits.length > 0) model.jinjaEdits = jinjaEdits;
  model.preStatements = body?.pre ?? [];
  model.postStatements = body?.post ?? [];
  model.macroVariables = body?.variables ?? {};
  model.normalizedQuery = normalizedQuery;
  model.projections = shape.projections;
  model.queryWithoutProjections = shape.queryWithoutProjections;
  model.distinct = shape.distinct;
  model.references = [];
  model.parents = [];
  if (seedHash !== undefined) model.seedHash = seedHash;
  if (h.dialect !== undefined) model.dialect = h.dialect;
  model.dependsOn = h.dependsOn;
  model.columnDescriptions = h.columnDescriptions;
  model.audits = h.audits;
  if (inline.audits.length > 0) model.inlineAudits = inline.audits;
  model.physicalProperties = h.physicalProperties;
  model.virtualProperties = h.virtualProperties;
  model.ignoredProperties = h.ignoredProperties;
  model.enabled = h.enabled;
  const candidates = rendered ? referenceCandidates(rendered) : candidatesIn(writtenSig);
  if (modelNames) attachReferences(model, modelNames, candidates);
  else if (body) candidatesOf.set(model, { query, candidates });
  if (clock) clockReaders.add(model);
  return model;
}

// Models whose parse read the macro times (see `watched` above).
const clockReaders = new WeakSet<Model>();

/** True when parsing `model` read the clock (a time macro): the same text parses otherwise later. */
export function readsClock(model: Model): boolean {
  return clockReaders.has(model);
}

// The query's possible references from parsing, for attachReferences once every model's name is
// known. Only these few tokens stay alive: keeping every query's tokens until the whole project is
// read made the loader's garbage collection its largest cost.
const candidatesOf = new WeakMap<Model, { query: string; candidates: Token[][] }>();

/** The reference candidates a parse kept for `model`, until attachReferences takes them. */
export function keptCandidates(model: Model): Token[][] {
  return candidatesOf.get(model)?.candidates ?? [];
}

/** Keeps `candidates` for `model` as its parse would have (a parse read back from a cache). */
export function keepCandidates(model: Model, candidates: Token[][]): void {
  candidatesOf.set(model, { query: model.query, candidates });
}

/** The significant tokens of `all` within [start, end), with offsets relative to `start`. */
function rebaseSignificant(all: Token[], start: number, end: number): Token[] {
  const out: Token[] = [];
  for (const t of all) {
    if (t.start >= end) break;
    if (t.start >= start && t.type !== 'whitespace' && t.type !== 'comment') out.push({ type: t.type, text: t.text, start: t.start - start, end: t.end - start, line: t.line });
  }
  return out;
}

/**
 * Fills `model.references` and `model.parents` given every model name in the project, from the
 * query's reference candidates (`queryCandidates`, else those kept from parsing, else the query
 * lexed again). `engineDialect` decides how quoted names resolve when the model names no dialect of its own.
 */
export function attachReferences(model: Model, modelNames: ReadonlySet<string>, queryCandidates?: Token[][], engineDialect?: string): Model {
  if (model.query === '') {
    model.references = [];
    model.parents = model.dependsOn.filter((d) => modelNames.has(d)).sort();
    return model;
  }
  const cached = candidatesOf.get(model);
  const candidates =
    queryCandidates ??
    (cached?.query === model.query
      ? cached.candidates
      : referenceCandidates(lex(model.query, { file: model.relativeFile, firstLine: model.queryLine, backticks: isTranspiled(model.dialect, engineDialect ?? 'postgres') })));
  candidatesOf.delete(model);
  model.references = resolveReferences(candidates, modelNames, {
    file: model.relativeFile,
    quotedCase: quotedCaseOf(model.dialect ?? engineDialect),
  });
  // depends_on adds edges (and so rebuilds) the query alone would not show.
  const declared = model.dependsOn.filter((d) => modelNames.has(d));
  model.parents = [...new Set([...model.references.map((r) => r.model), ...declared])].sort();
  return model;
}

/** The project folder: `file` without its project-relative path. */
function projectDirOf(file: string, relativeFile: string): string {
  const rel = relativeFile.split('/').join(sep);
  return file.endsWith(rel) ? file.slice(0, file.length - rel.length).replace(/[\\/]+$/, '') || sep : dirname(file);
}

function firstDuplicate(names: string[]): string | undefined {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return n;
    seen.add(n);
  }
  return undefined;
}

// Parses one model file: a SQLMesh-style `MODEL ( prop value, ... );` header and exactly one
// query. Every error is a ModelError naming the file (project-relative) and line.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ModelError } from '../errors';
import { isOp, lex, normalizeTokens, significant, type Token } from './lexer';
import {
  parseColumns,
  parseHeader,
  parseKind,
  parseName,
  parseNameList,
  startValue,
  stringValue,
  wordOrString,
} from './model-header';
import { analyzeSelect } from './select-shape';
import { findReferences, quotedCaseOf } from './references';
import type { Model } from './types';

export { analyzeSelect, PROJECTIONS_PLACEHOLDER, type SelectShape } from './select-shape';
export { DEFAULT_SEED_BATCH_SIZE, unquoteString } from './model-header';

/**
 * Parses a model file. `file` is the absolute path (seed paths are resolved against its folder),
 * `relativeFile` is used in messages. With `modelNames`, references and parents are filled in;
 * without, they are empty (the loader fills them once every model's name is known).
 */
export function parseModelFile(text: string, file: string, relativeFile: string, modelNames?: ReadonlySet<string>): Model {
  const err = (detail: string, line: number, model?: string): ModelError => new ModelError(detail, relativeFile, line, model);
  const all = lex(text, { file: relativeFile });
  const sig = significant(all);
  const header = parseHeader(sig, err);
  const { props, modelTok } = header;

  // --- name
  const nameProp = props.get('name');
  if (!nameProp) throw err('model has no name property (expected `name schema.table`)', modelTok.line);
  const { name, schema, table, catalog } = parseName(nameProp.value, nameProp.name, err);
  const merr = (detail: string, line: number): ModelError => err(detail, line, name);

  // --- kind
  const kindProp = props.get('kind');
  if (!kindProp) throw merr('model has no kind property (expected FULL, VIEW or SEED)', modelTok.line);
  const { kind, pathTok } = parseKind(kindProp.value, kindProp.name, file, merr);

  const grain = props.has('grain') ? parseNameList(props.get('grain')!, merr, 'grain') : [];
  const columns = props.has('columns') ? parseColumns(props.get('columns')!, all, merr) : [];
  const description = props.has('description') ? stringValue(props.get('description')!, merr) : undefined;
  const owner = props.has('owner') ? wordOrString(props.get('owner')!, merr) : undefined;
  const cron = props.has('cron') ? stringValue(props.get('cron')!, merr) : undefined;
  const start = props.has('start') ? startValue(props.get('start')!, merr) : undefined;
  const tags = props.has('tags') ? parseNameList(props.get('tags')!, merr, 'tags', true) : [];

  // --- query
  const queryToks = sig.slice(header.next);
  // Drop trailing semicolons; a depth-0 `;` before other tokens means a second statement.
  while (queryToks.length > 0 && isOp(queryToks[queryToks.length - 1], ';')) queryToks.pop();
  let depth = 0;
  queryToks.forEach((t, idx) => {
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    else if (depth === 0 && isOp(t, ';')) {
      const nextStatement = queryToks.slice(idx + 1).find((x) => !isOp(x, ';')) ?? t;
      throw merr('a model file holds exactly one query; found another statement after `;`', nextStatement.line);
    }
  });
  const hasQuery = queryToks.length > 0;
  if (kind.name === 'SEED') {
    if (hasQuery) throw merr('a SEED model takes no query (its rows come from the CSV file)', queryToks[0]!.line);
    if (columns.length === 0) throw merr('a SEED model needs a columns (name TYPE, ...) property', kindProp.name.line);
  } else if (!hasQuery) {
    throw merr(`a ${kind.name} model needs a query after the MODEL (...) header`, modelTok.line);
  }
  if (kind.name === 'SEED' && columns.length > 0) {
    const dup = firstDuplicate(columns.map((c) => c.name));
    if (dup) throw merr(`column ${dup} is declared twice`, props.get('columns')!.name.line);
  }

  let query = '';
  let queryLine = modelTok.line;
  let queryStart = text.length;
  let queryTokens: Token[] = [];
  if (hasQuery) {
    const first = queryToks[0]!;
    const last = queryToks[queryToks.length - 1]!;
    query = text.slice(first.start, last.end);
    queryLine = first.line;
    queryStart = first.start;
    queryTokens = lex(query, { file: relativeFile, firstLine: queryLine });
  }
  const normalizedQuery = normalizeTokens(queryTokens);
  const shape = analyzeSelect(significant(queryTokens));

  let seedHash: string | undefined;
  if (kind.name === 'SEED') {
    let bytes: Buffer;
    try {
      bytes = readFileSync(kind.path);
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as Error).message})`;
      throw merr(`seed file ${kind.path} ${reason}`, pathTok!.line);
    }
    seedHash = createHash('sha256').update(bytes).digest('hex');
  }

  const model: Model = {
    name,
    schema,
    table,
    ...(catalog !== undefined ? { catalog } : {}),
    kind,
    grain,
    columns,
    ...(description !== undefined ? { description } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(cron !== undefined ? { cron } : {}),
    ...(start !== undefined ? { start } : {}),
    tags,
    file,
    relativeFile,
    line: modelTok.line,
    queryLine,
    query,
    source: text,
    queryStart,
    normalizedQuery,
    projections: shape.projections,
    queryWithoutProjections: shape.queryWithoutProjections,
    distinct: shape.distinct,
    references: [],
    parents: [],
    ...(seedHash !== undefined ? { seedHash } : {}),
  };
  if (modelNames) attachReferences(model, modelNames, queryTokens);
  return model;
}

/**
 * Fills `model.references` and `model.parents` given every model name in the project.
 * `engineDialect` decides how quoted names resolve when the model names no dialect of its own.
 */
export function attachReferences(model: Model, modelNames: ReadonlySet<string>, queryTokens?: Token[], engineDialect?: string): Model {
  if (model.query === '') {
    model.references = [];
    model.parents = [];
    return model;
  }
  const tokens = queryTokens ?? lex(model.query, { file: model.relativeFile, firstLine: model.queryLine });
  model.references = findReferences(tokens, modelNames, {
    file: model.relativeFile,
    quotedCase: quotedCaseOf(model.dialect ?? engineDialect),
  });
  model.parents = [...new Set(model.references.map((r) => r.model))].sort();
  return model;
}

function firstDuplicate(names: string[]): string | undefined {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return n;
    seen.add(n);
  }
  return undefined;
}

// Snapshots: a model's identity (fingerprint), the physical table it uses (version), and how a
// change to it is categorized. Pure functions.

import { sha256Hex as sha } from '../hash';
import { analyzeModel, checkAuditQuery, referenceScreen } from '../project/query-analysis';
import { loadSqlParser, type SqlParser } from '../project/sql-parser';
import type { Model, Project, RenderedAudit } from '../project/types';
import type { DirectCategory, KindName, SnapshotDefinition } from './types';

/**
 * Hash of what determines a model's data by itself: kind, query (normalized, so whitespace,
 * comments and keyword case never count), grain, declared columns and seed content. Metadata
 * (description, owner, tags, cron) is left out: editing it must not rebuild a table.
 */
export function dataHash(model: Model): string {
  let hash = dataHashes.get(model);
  if (hash === undefined) {
    hash = computeDataHash(model);
    dataHashes.set(model, hash);
  }
  return hash;
}

// Fingerprinting and snapshot definitions both need it; models are immutable once loaded.
const dataHashes = new WeakMap<Model, string>();

function computeDataHash(model: Model): string {
  const incremental = incrementalOf(model);
  return sha(
    JSON.stringify({
      kind: model.kind.name,
      query: model.normalizedQuery,
      grain: model.grain,
      columns: model.columns.map((c) => [c.name, c.type.toLowerCase().replace(/\s+/g, ' ')]),
      seed: model.seedHash ?? null,
      // The same text means something else in another dialect. Absent when unset, so projects
      // without dialects keep their fingerprints.
      ...(model.dialect !== undefined ? { dialect: model.dialect } : {}),
      // Values of config.yaml variables the macros read (the text only names them).
      ...(Object.keys(model.macroVariables ?? {}).length > 0 ? { variables: model.macroVariables } : {}),
      // How an incremental model writes its rows (its time column, its key). Absent for other
      // kinds, so their fingerprints stay what they were. Scheduling (start, cron, batch_size,
      // lookback, forward_only) is left out: it decides when rows are written, not which.
      ...(incremental ? { incremental } : {}),
    }),
  );
}

/** What of an incremental kind decides the data, for the fingerprint and the snapshot definition. */
export function incrementalOf(model: Pick<Model, 'kind'>): SnapshotDefinition['incremental'] {
  const k = model.kind;
  switch (k.name) {
    case 'INCREMENTAL_BY_TIME_RANGE':
      return { timeColumn: k.timeColumn, ...(k.format !== undefined ? { format: k.format } : {}) };
    case 'INCREMENTAL_BY_UNIQUE_KEY':
      return { uniqueKey: k.uniqueKey };
    case 'INCREMENTAL_UNMANAGED':
      return { append: true };
    default:
      return undefined;
  }
}

export function definitionOf(model: Model): SnapshotDefinition {
  const incremental = incrementalOf(model);
  return {
    kind: model.kind.name,
    grain: model.grain,
    columns: model.columns,
    dataHash: dataHash(model),
    normalizedQuery: model.normalizedQuery,
    projections: model.projections,
    queryWithoutProjections: model.queryWithoutProjections,
    distinct: model.distinct,
    ...analysisFields(model),
    ...(incremental ? { incremental } : {}),
    file: model.relativeFile,
    ...(model.description !== undefined ? { description: model.description } : {}),
    ...(Object.keys(model.columnDescriptions).length > 0 ? { columnDescriptions: model.columnDescriptions } : {}),
    ...(model.owner !== undefined ? { owner: model.owner } : {}),
    tags: model.tags,
  };
}

function analysisFields(model: Model): Pick<SnapshotDefinition, 'analyzer' | 'projectionKinds' | 'grouping' | 'positional'> {
  const a = model.analysis;
  if (!a || 'error' in a) return {};
  return { analyzer: a.analyzer, projectionKinds: a.projectionKinds, grouping: a.grouping, positional: a.positional };
}

/**
 * Reads with the SQL parser the models whose own definition differs from their base snapshot's:
 * those are the changes `categorize` decides on. Loads the parser only when there is one.
 * A model the parser cannot read (or a parser that cannot load) gets an `error` analysis, and its
 * change is then breaking.
 */
export async function analyzeDirectChanges(
  project: Project,
  baseRefs: readonly { name: string; fingerprint: string }[],
  baseDefinitions: Map<string, SnapshotDefinition>,
  engineDialect: string,
): Promise<void> {
  const changed: Model[] = [];
  for (const ref of baseRefs) {
    const model = project.models.get(ref.name);
    const before = baseDefinitions.get(ref.fingerprint);
    // Already read in this run (apply plans twice: a read-only preview, then under its lock).
    if (model && before && before.dataHash !== dataHash(model) && model.kind.name !== 'SEED' && !model.analysis) changed.push(model);
  }
  await analyzeAll(project, changed, engineDialect);
}

/**
 * Reads with the SQL parser every query the plan runs that no earlier step of this run read and
 * whose text may hide a model reference from vde's lexer (`referenceScreen`): the models it
 * builds, fills intervals of or refreshes (`built`), and the custom audits of `audited`. A
 * reference the lexer missed (a form it cannot rewrite, or a string or comment the query's
 * dialect ends elsewhere) would read the relation of whatever environment its logical name points
 * at, so the query is refused here, before anything is written. Directly modified models were
 * read by `analyzeDirectChanges`; this covers new models, the rebuilt children of changed ones,
 * and audits. See docs/sql-parser.md for the cost.
 */
export async function checkReferences(project: Project, built: Iterable<string>, audited: Iterable<string>, engineDialect: string): Promise<void> {
  const mayHide = referenceScreen(new Set([...project.models.values()].map((m) => m.table)));
  const unread: Model[] = [];
  for (const name of built) {
    const model = project.models.get(name);
    if (model && model.kind.name !== 'SEED' && !model.analysis && mayHide(model)) unread.push(model);
  }
  const audits: { call: { name: string; rendered: RenderedAudit }; model: Model }[] = [];
  for (const name of audited) {
    const model = project.models.get(name);
    for (const call of model?.audits ?? []) {
      const rendered = call.rendered;
      if (rendered && mayHide({ query: rendered.sql, references: rendered.references })) audits.push({ call: { name: call.name, rendered }, model: model! });
    }
  }
  await analyzeAll(project, unread, engineDialect);
  await checkAudits(project, audits, engineDialect);
}

/** Refuses the first of `audits` (in order) whose query reads a model vde's lexer did not find. */
async function checkAudits(project: Project, audits: { call: { name: string; rendered: RenderedAudit }; model: Model }[], engineDialect: string): Promise<void> {
  if (audits.length === 0) return;
  let parser: SqlParser;
  try {
    parser = await loadSqlParser();
  } catch {
    return; // as for models: without the parser, the lexer's references stand
  }
  const names = new Set(project.models.keys());
  const outcomes = await Promise.all(audits.map((s) => checkAuditQuery(parser, s.call, s.model, names, engineDialect).then(() => null, (e: unknown) => e)));
  // The first refusal in model and call order, as if checked one by one.
  const refused = outcomes.find((e) => e !== null);
  if (refused) throw refused;
}

/**
 * Sets `analysis` on each model (all sent to the parser at once). A query the parser cannot read
 * (or a parser that cannot load) gets an `error` analysis: its change is breaking, and its
 * references are the lexer's alone (a model in another dialect then fails to transpile anyway).
 */
async function analyzeAll(project: Project, models: Model[], engineDialect: string): Promise<void> {
  if (models.length === 0) return;
  let parser: SqlParser;
  try {
    parser = await loadSqlParser();
  } catch (e) {
    for (const model of models) model.analysis = { analyzer: 'none', error: `the SQL parser could not be loaded: ${(e as Error).message}` };
    return;
  }
  const names = new Set(project.models.keys());
  const analyses = await Promise.all(models.map((model) => analyzeModel(parser, model, names, engineDialect).then((a) => ({ model, a }), (e: unknown) => ({ model, e }))));
  // Refusals (a model read in a form vde cannot rewrite) in model order, as if read one by one.
  for (const r of analyses) {
    if ('e' in r) throw r.e;
    r.model.analysis = r.a;
  }
}

/** Fingerprints of every model: own definition plus parents' fingerprints, in topological order. */
export function fingerprints(project: Project): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of project.order) {
    const model = project.models.get(name)!;
    const parents = model.parents.map((p) => `${p}=${out.get(p)}`).sort();
    // The name is part of the identity: two models with the same query are still two snapshots.
    out.set(name, sha(`${name}\n${dataHash(model)}\n${parents.join('\n')}`).slice(0, 32));
  }
  return out;
}

/**
 * The key of a snapshot that stands for `fingerprint` under a forward-only change: `preview` (a
 * PR's own table) or `keep:<version>` (prod keeps that version's table). Stored under this key, it
 * is never found by a plan looking up the plain fingerprint.
 */
export function derivedFingerprint(fingerprint: string, tag: string): string {
  return sha(`${fingerprint}\n${tag}`).slice(0, 32);
}

/** A new version id for a fingerprint that introduces a new physical table. */
export function newVersion(fingerprint: string): string {
  return fingerprint.slice(0, 10);
}

/**
 * Breaking unless the new definition only adds top-level projections to the old one: same kind,
 * grain and everything outside the select list, old projections kept in order, and no DISTINCT
 * (where a new column would change which rows exist). Each added projection must provably keep
 * the row set: no set-returning or unknown function, no subquery, no aggregate unless the query
 * already groups, nothing added under GROUP BY ALL, and no shift of the positions that
 * `ORDER BY n` / `GROUP BY n` refer to. Seeds' data changes are always breaking.
 */
export function categorize(before: SnapshotDefinition, after: SnapshotDefinition): DirectCategory {
  if (before.kind !== after.kind || after.kind === 'SEED') return 'breaking';
  if (JSON.stringify(before.incremental ?? null) !== JSON.stringify(after.incremental ?? null)) return 'breaking';
  if (before.grain.join(',') !== after.grain.join(',')) return 'breaking';
  if (before.distinct || after.distinct) return 'breaking';
  if (before.queryWithoutProjections !== after.queryWithoutProjections) return 'breaking';
  if (after.projections.length <= before.projections.length) return 'breaking';
  const added = addedIndexes(before.projections, after.projections);
  if (!added) return 'breaking';
  if (!isSubsequence(before.columns.map(columnKey), after.columns.map(columnKey))) return 'breaking';
  // Only the SQL parser's reading of the new query can call a change non-breaking.
  if (!after.analyzer) return 'breaking';
  const kinds = after.projectionKinds;
  const grouping = after.grouping;
  if (!kinds || kinds.length !== after.projections.length || grouping === undefined || after.positional === undefined) return 'breaking';
  if (grouping === 'all' || after.positional === 'all') return 'breaking';
  // Rows are already groups when the clauses say so or a kept projection aggregates.
  const grouped = grouping !== 'none' || kinds.some((k, i) => k === 'aggregate' && !added.includes(i));
  for (const i of added) {
    const kind = kinds[i];
    if (kind === 'other') return 'breaking';
    if (kind === 'aggregate' && !grouped) return 'breaking';
  }
  // Positions: only appending after every old projection keeps `ORDER BY 2` pointing at the same column.
  if (after.positional === 'index' && added.some((i) => i < before.projections.length)) return 'breaking';
  return 'non-breaking';
}

/**
 * Indexes in `big` of the items not matched when `small` is read as a subsequence of it (matched
 * greedily, leftmost), or null when `small` is not a subsequence.
 */
function addedIndexes(small: string[], big: string[]): number[] | null {
  const added: number[] = [];
  let i = 0;
  big.forEach((item, k) => {
    if (i < small.length && item === small[i]) i++;
    else added.push(k);
  });
  return i === small.length ? added : null;
}

function columnKey(c: { name: string; type: string }): string {
  return `${c.name}:${c.type.toLowerCase()}`;
}

function isSubsequence(small: string[], big: string[]): boolean {
  let i = 0;
  for (const item of big) if (i < small.length && item === small[i]) i++;
  return i === small.length;
}

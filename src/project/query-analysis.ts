// The parser's reading of one model's query, cross-checked against what the lexer found: where
// the two disagree, the parser's reading is not used (every change is then breaking), or, for a
// model reference the lexer cannot rewrite, the model is refused.
import { ModelError } from '../errors';
import { quotedCaseOf } from './references';
import type { SqlParser, TableName } from './sql-parser';
import type { Model, ModelReference, RenderedAudit } from './types';

export async function analyzeModel(parser: SqlParser, model: Model, modelNames: ReadonlySet<string>, engineDialect: string): Promise<NonNullable<Model['analysis']>> {
  const dialect = model.dialect ?? engineDialect;
  const r = await parser.analyze(model.query, dialect).catch((e: Error) => ({ ok: false as const, error: e.message }));
  if (!r.ok) return { analyzer: parser.id, error: r.error };
  const a = r.analysis;
  // First: where the lexer misread the query (a string or comment this dialect ends elsewhere),
  // the projections disagree too, and the reference it missed is what must not go unnoticed.
  // Compared with the references vde rewrites, not the parents: `depends_on` names a parent
  // without rewriting anything.
  const missed = missedModels(a.tables, model.references, modelNames, dialect);
  if (missed.length > 0) {
    throw new ModelError(
      `the query reads model ${cannotRewrite(missed[0]!)}`,
      model.relativeFile,
      model.queryLine,
      model.name,
    );
  }
  if (a.projectionKinds.length !== model.projections.length) {
    return { analyzer: parser.id, error: `the parser reads ${a.projectionKinds.length} projections where vde's lexer reads ${model.projections.length}` };
  }
  if (a.distinct !== model.distinct) return { analyzer: parser.id, error: 'the parser and the lexer disagree on DISTINCT' };
  return { analyzer: parser.id, projectionKinds: a.projectionKinds, grouping: a.grouping, positional: a.positional };
}

/** What a refusal says of a model reference the lexer missed. */
function cannotRewrite(model: string): string {
  return `${model} in a form vde cannot rewrite to its physical table (vde's lexer did not find it there); write it as ${model}, unquoted, outside any comment or string`;
}

/** Models among the parser's `tables` that are not among the `references` vde rewrites. */
function missedModels(tables: readonly TableName[], references: readonly ModelReference[], modelNames: ReadonlySet<string>, dialect: string): string[] {
  const rewritten = new Set(references.map((r) => r.model));
  return tables.map((t) => modelNamed(t, dialect)).filter((n): n is string => n !== null && modelNames.has(n) && !rewritten.has(n));
}

/**
 * The same check for a custom audit's query (`audit.sql`, rendered for one model): refused when
 * the parser reads a model there that vde's lexer did not find, since the audit would then count
 * rows of whatever environment that name points at. A query the parser cannot read keeps the
 * lexer's references, as a model's does.
 */
export async function checkAuditQuery(parser: SqlParser, call: { name: string; rendered: RenderedAudit }, model: Model, modelNames: ReadonlySet<string>, engineDialect: string): Promise<void> {
  const audit = call.rendered;
  const dialect = audit.dialect ?? model.dialect ?? engineDialect;
  const r = await parser.analyze(audit.sql, dialect).catch((e: Error) => ({ ok: false as const, error: e.message }));
  if (!r.ok) return;
  const missed = missedModels(r.analysis.tables, audit.references, modelNames, dialect);
  if (missed.length > 0) {
    throw new ModelError(
      `audit ${call.name}, run for model ${model.name}, reads model ${cannotRewrite(missed[0]!)}`,
      audit.file,
      audit.queryLine,
      model.name,
    );
  }
}

/** The canonical `schema.table` a parsed table name denotes, when quoting rules allow a model. */
function modelNamed(t: TableName, dialect: string): string | null {
  if (!t.schema) return null;
  const quotedCase = quotedCaseOf(dialect);
  const fold = (p: { name: string; quoted: boolean }): string | null => {
    const lower = p.name.toLowerCase();
    if (!p.quoted || quotedCase === 'insensitive') return lower;
    return p.name === (quotedCase === 'upper' ? lower.toUpperCase() : lower) ? lower : null;
  };
  const schema = fold(t.schema);
  const name = fold(t.name);
  return schema && name ? `${schema}.${name}` : null;
}

/**
 * A screen for `model.query`: whether the parser could find in it a model reference vde's lexer
 * did not. False only when no run of identifier characters outside the references found spells
 * the table part of a model name (`tables`, lower-case), and the text has nothing the parser could
 * decode or fold into such a name (a backslash escape, `U&` Unicode escapes, a non-ASCII
 * character). A table name the parser reads is written in the text, quoted or not, so a query the
 * screen passes never needs the parser to check its references: a first apply of 5,000 models
 * skips most of 5,000 parses this way. Model name parts are plain identifiers
 * ([a-z_][a-z0-9_]*); with any other name in `tables`, every query goes to the parser.
 */
export function referenceScreen(tables: ReadonlySet<string>): (query: Pick<Model, 'query' | 'references'>) => boolean {
  if ([...tables].some((t) => !/^[a-z0-9_]+$/.test(t))) return () => true;
  return (model) => {
    const q = model.query;
    if (/[^\x00-\x7f]|\\|u&/i.test(q)) return true;
    const spans = model.references.map((r) => [r.start, r.end] as const);
    for (const m of q.matchAll(/[A-Za-z0-9_]+/g)) {
      if (!tables.has(m[0].toLowerCase())) continue;
      const at = m.index;
      if (!spans.some(([start, end]) => at >= start && at < end)) return true;
    }
    return false;
  };
}

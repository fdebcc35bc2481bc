// The parser's reading of one model's query, cross-checked against what the lexer found: where
// the two disagree, the parser's reading is not used (every change is then breaking), or, for a
// model reference the lexer cannot rewrite, the model is refused.
import { ModelError } from '../errors';
import { quotedCaseOf } from './references';
import type { SqlParser, TableName } from './sql-parser';
import type { Model } from './types';

export async function analyzeModel(parser: SqlParser, model: Model, modelNames: ReadonlySet<string>, engineDialect: string): Promise<NonNullable<Model['analysis']>> {
  const dialect = model.dialect ?? engineDialect;
  const r = await parser.analyze(model.query, dialect).catch((e: Error) => ({ ok: false as const, error: e.message }));
  if (!r.ok) return { analyzer: parser.id, error: r.error };
  const a = r.analysis;
  if (a.projectionKinds.length !== model.projections.length) {
    return { analyzer: parser.id, error: `the parser reads ${a.projectionKinds.length} projections where vde's lexer reads ${model.projections.length}` };
  }
  if (a.distinct !== model.distinct) return { analyzer: parser.id, error: 'the parser and the lexer disagree on DISTINCT' };
  const missed = a.tables.map((t) => modelNamed(t, dialect)).filter((n): n is string => n !== null && modelNames.has(n) && !model.parents.includes(n));
  if (missed.length > 0) {
    throw new ModelError(
      `the query reads model ${missed[0]} in a form vde cannot rewrite to its physical table; write it as ${missed[0]}`,
      model.relativeFile,
      model.queryLine,
      model.name,
    );
  }
  return { analyzer: parser.id, projectionKinds: a.projectionKinds, grouping: a.grouping, positional: a.positional };
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

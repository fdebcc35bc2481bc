// Finds references to other models in a query and rewrites them. Works on lexer tokens, so names
// inside strings, comments, quoted identifiers and dollar quotes are never touched.
import { isOp, lex, significant, type Token } from './lexer';
import type { Model, ModelReference } from './types';

/**
 * References in `tokens` (tokens of the query text; offsets must be relative to the query) to any
 * of `modelNames` (canonical lower-case `schema.table`). A dotted chain `a.b` matches when `a.b` is
 * a model; `c.a.b` matches when `a.b` is a model (the catalog is part of the replaced span);
 * otherwise `a.b.col` matches `a.b` (a column qualified by the table's full name). A chain followed
 * by `(` is a function call and never a reference.
 */
export function findReferences(tokens: Token[], modelNames: ReadonlySet<string>): ModelReference[] {
  const sig = significant(tokens);
  const refs: ModelReference[] = [];
  let i = 0;
  while (i < sig.length) {
    const t = sig[i]!;
    if (t.type !== 'word' && t.type !== 'quoted') {
      i++;
      continue;
    }
    // A name part preceded by `.` belongs to a chain that started earlier (e.g. after a `"quoted"`).
    const chain: Token[] = [t];
    let j = i + 1;
    while (isOp(sig[j], '.') && (sig[j + 1]?.type === 'word' || sig[j + 1]?.type === 'quoted')) {
      chain.push(sig[j + 1]!);
      j += 2;
    }
    const afterDot = isOp(sig[i - 1], '.');
    const isCall = isOp(sig[j], '(');
    if (!afterDot && !isCall && chain.length >= 2) {
      const ref = matchChain(chain, modelNames);
      if (ref) refs.push(ref);
    }
    i = j;
  }
  return refs;
}

function pairName(a: Token | undefined, b: Token | undefined): string | null {
  if (!a || !b || a.type !== 'word' || b.type !== 'word') return null;
  return `${a.text.toLowerCase()}.${b.text.toLowerCase()}`;
}

function matchChain(chain: Token[], names: ReadonlySet<string>): ModelReference | null {
  // catalog.schema.table[.column]
  if (chain.length >= 3) {
    const name = pairName(chain[1], chain[2]);
    if (name && names.has(name)) return { model: name, start: chain[0]!.start, end: chain[2]!.end, line: chain[0]!.line };
  }
  // schema.table[.column]
  const name = pairName(chain[0], chain[1]);
  if (name && names.has(name)) return { model: name, start: chain[0]!.start, end: chain[1]!.end, line: chain[0]!.line };
  return null;
}

/** Lexes `model.query` and finds its references (used by the loader once all names are known). */
export function referencesOf(query: string, modelNames: ReadonlySet<string>, file = '<sql>', firstLine = 1): ModelReference[] {
  return findReferences(lex(query, { file, firstLine }), modelNames);
}

/**
 * `model.query` with every reference's [start, end) replaced by `resolve(name)`. The caller passes
 * an already-quoted, qualified physical name.
 */
export function rewriteReferences(model: Model, resolve: (modelName: string) => string): string {
  const refs = [...model.references].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const r of refs) {
    if (r.start < pos) continue; // overlapping spans cannot happen; be defensive
    out += model.query.slice(pos, r.start) + resolve(r.model);
    pos = r.end;
  }
  return out + model.query.slice(pos);
}

// The shape of a query's outermost SELECT list: what breaking/non-breaking categorization compares.

import { isOp, isWord, normalizeToken, type Token } from './lexer';
import { projectionKind, type Grouping, type Positional, type ProjectionKind } from './projection-kinds';

export type { Grouping, Positional, ProjectionKind } from './projection-kinds';

/** Stands in for the select list in `queryWithoutProjections`. */
export const PROJECTIONS_PLACEHOLDER = '/*projections*/';

// Depth-0 words that end a SELECT list. `group`/`order` only when followed by `by`
// (`within group (...)` is part of a projection).
const SELECT_LIST_END = new Set([
  'from',
  'into',
  'where',
  'having',
  'window',
  'qualify',
  'union',
  'intersect',
  'except',
  'minus',
  'limit',
  'offset',
  'fetch',
]);

export interface SelectShape {
  projections: string[];
  queryWithoutProjections: string;
  distinct: boolean;
  /** Per projection: whether adding it could change the row set (see projection-kinds.ts). */
  projectionKinds: ProjectionKind[];
  grouping: Grouping;
  /**
   * Whether ORDER BY / GROUP BY refer to output columns by position (`ORDER BY 1`: a projection
   * inserted before others changes what they mean) or all of them (`ORDER BY ALL`: any new
   * projection does).
   */
  positional: Positional;
}

// Depth-0 words that end an ORDER BY / GROUP BY list.
const CLAUSE_START = new Set(['having', 'window', 'qualify', 'order', 'group', 'limit', 'offset', 'fetch', 'union', 'intersect', 'except', 'minus']);

/**
 * Finds the outermost SELECT list (the first depth-0 SELECT: after a WITH clause every CTE body is
 * in parentheses, so this is the final SELECT) and splits it on depth-0 commas.
 */
export function analyzeSelect(sig: Token[]): SelectShape {
  const norm = (ts: Token[]): string => ts.map(normalizeToken).join(' ');
  const whole = norm(sig);
  let depth = 0;
  let sel = -1;
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i]!;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    else if (depth === 0 && isWord(t, 'select')) {
      sel = i;
      break;
    }
  }
  if (sel < 0) return { projections: [], queryWithoutProjections: whole, distinct: false, projectionKinds: [], grouping: 'none', positional: 'none' };
  let j = sel + 1;
  let distinct = false;
  if (isWord(sig[j], 'distinct')) {
    distinct = true;
    j++;
    if (isWord(sig[j], 'on') && isOp(sig[j + 1], '(')) {
      let d = 0;
      for (j = j + 1; j < sig.length; j++) {
        if (isOp(sig[j], '(')) d++;
        else if (isOp(sig[j], ')') && --d === 0) {
          j++;
          break;
        }
      }
    }
  } else if (isWord(sig[j], 'all')) j++;
  const listStart = j;
  const items: Token[][] = [[]];
  depth = 0;
  let k = j;
  for (; k < sig.length; k++) {
    const t = sig[k]!;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0) {
      if (isOp(t, ';')) break;
      if (t.type === 'word') {
        const w = t.text.toLowerCase();
        if (SELECT_LIST_END.has(w)) break;
        if ((w === 'group' || w === 'order') && isWord(sig[k + 1], 'by')) break;
      }
      if (isOp(t, ',')) {
        items.push([]);
        continue;
      }
    }
    items[items.length - 1]!.push(t);
  }
  const listed = items.filter((it) => it.length > 0);
  const projections = listed.map(norm);
  const projectionKinds = listed.map(projectionKind);
  const before = norm(sig.slice(0, listStart));
  const after = norm(sig.slice(k));
  const queryWithoutProjections = [before, PROJECTIONS_PLACEHOLDER, after].filter((s) => s !== '').join(' ');
  const clauses = byClauses(sig, k);
  let grouping: Grouping = 'none';
  if (clauses.group) grouping = clauses.group.some((item) => isWord(item[0], 'all')) ? 'all' : 'by';
  else if (clauses.having) grouping = 'having';
  const byItems = [...(clauses.group ?? []), ...(clauses.order ?? [])];
  const positional: Positional = byItems.some((item) => isWord(item[0], 'all'))
    ? 'all'
    : byItems.some((item) => item[0]?.type === 'number')
      ? 'index'
      : 'none';
  return { projections, queryWithoutProjections, distinct, projectionKinds, grouping, positional };
}

/** The items of the depth-0 GROUP BY and ORDER BY lists after the select list ends at `from`. */
function byClauses(sig: Token[], from: number): { group?: Token[][]; order?: Token[][]; having: boolean } {
  const group: Token[][] = [];
  const order: Token[][] = [];
  let having = false;
  let current: Token[][] | undefined;
  let depth = 0;
  for (let i = from; i < sig.length; i++) {
    const t = sig[i]!;
    if (depth === 0) {
      const w = t.type === 'word' ? t.text.toLowerCase() : '';
      if ((w === 'group' || w === 'order') && isWord(sig[i + 1], 'by')) {
        // A later clause of the same name (after UNION) adds to the same list.
        current = w === 'group' ? group : order;
        current.push([]);
        i++;
        continue;
      }
      if (w === 'having') having = true;
      if (CLAUSE_START.has(w) || isOp(t, ';')) {
        current = undefined;
        continue;
      }
      if (current && isOp(t, ',')) {
        current.push([]);
        continue;
      }
    }
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    current?.[current.length - 1]!.push(t);
  }
  return { ...(group.length ? { group } : {}), ...(order.length ? { order } : {}), having };
}

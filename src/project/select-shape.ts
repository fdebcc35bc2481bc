// The shape of a query's outermost SELECT list: what breaking/non-breaking categorization compares.

import { isOp, isWord, normalizeToken, type Token } from './lexer';

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
}

/**
 * Finds the outermost SELECT list (the first depth-0 SELECT: after a WITH clause every CTE body is
 * in parentheses, so this is the final SELECT) and splits it on depth-0 commas.
 */
export function analyzeSelect(sig: Token[]): SelectShape {
  const norm = (ts: Token[]): string => ts.map(normalizeToken).join(' ');
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
  if (sel < 0) return { projections: [], queryWithoutProjections: norm(sig), distinct: false };
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
  const projections = items.filter((it) => it.length > 0).map(norm);
  const before = norm(sig.slice(0, listStart));
  const after = norm(sig.slice(k));
  const queryWithoutProjections = [before, PROJECTIONS_PLACEHOLDER, after].filter((s) => s !== '').join(' ');
  return { projections, queryWithoutProjections, distinct };
}

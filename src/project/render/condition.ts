// Evaluates the literal conditions @IF accepts once its macros are rendered: comparisons of
// strings, numbers, booleans and NULL joined by AND / OR / NOT. Anything else is not evaluated
// (undefined), and the caller refuses the model rather than guess.
import { isOp, isWord, lex, significant, type Token } from '../lexer';

type Value = string | number | boolean | null;

export function evaluateCondition(sql: string): boolean | undefined {
  let tokens: Token[];
  try {
    tokens = significant(lex(sql));
  } catch {
    return undefined;
  }
  let i = 0;
  const fail = (): never => {
    throw new Error('not literal');
  };
  const primary = (): Value => {
    const t = tokens[i++];
    if (!t) return fail();
    if (isOp(t, '(')) {
      const v = or();
      if (!isOp(tokens[i++], ')')) fail();
      return v;
    }
    if (isOp(t, '-') && tokens[i]?.type === 'number') return -Number(tokens[i++]!.text);
    if (t.type === 'number') return Number(t.text);
    if (t.type === 'string' && t.text.startsWith("'")) return t.text.slice(1, -1).replace(/''/g, "'");
    if (isWord(t, 'true')) return true;
    if (isWord(t, 'false')) return false;
    if (isWord(t, 'null')) return null;
    return fail();
  };
  const comparison = (): Value => {
    const left = primary();
    const op = tokens[i];
    if (isWord(op, 'is')) {
      i++;
      const not = isWord(tokens[i], 'not') ? (i++, true) : false;
      if (!isWord(tokens[i++], 'null')) fail();
      return (left === null) !== not;
    }
    if (!op || op.type !== 'op' || !['=', '==', '!=', '<>', '<', '>', '<=', '>='].includes(op.text)) return left;
    i++;
    const right = primary();
    if (left === null || right === null) return null;
    if (typeof left !== typeof right) fail();
    switch (op.text) {
      case '=':
      case '==':
        return left === right;
      case '!=':
      case '<>':
        return left !== right;
      case '<':
        return left < right;
      case '>':
        return left > right;
      case '<=':
        return left <= right;
      default:
        return left >= right;
    }
  };
  const not = (): Value => {
    if (isWord(tokens[i], 'not')) {
      i++;
      const v = not();
      return v === null ? null : !truthy(v);
    }
    return comparison();
  };
  const and = (): Value => {
    let v = not();
    while (isWord(tokens[i], 'and')) {
      i++;
      const r = not();
      v = truthy(v) && truthy(r);
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (isWord(tokens[i], 'or')) {
      i++;
      const r = and();
      v = truthy(v) || truthy(r);
    }
    return v;
  };
  try {
    const v = or();
    if (i !== tokens.length) return undefined;
    return truthy(v);
  } catch {
    return undefined;
  }
}

function truthy(v: Value): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}

// Words the translator never treats as identifiers. Snowflake's reserved keywords (from its
// "Reserved & limited keywords" list) plus the structural words of the clauses the stand-in
// understands; anything else unquoted is an identifier and folds to upper case.

export const RESERVED = new Set([
  'ALL', 'ALTER', 'AND', 'ANY', 'AS', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CHECK', 'COLUMN', 'CONNECT',
  'CONNECTION', 'CONSTRAINT', 'CREATE', 'CROSS', 'CURRENT', 'CURRENT_DATE', 'CURRENT_TIME',
  'CURRENT_TIMESTAMP', 'CURRENT_USER', 'DATABASE', 'DELETE', 'DISTINCT', 'DROP', 'ELSE', 'EXISTS',
  'FALSE', 'FOLLOWING', 'FOR', 'FROM', 'FULL', 'GRANT', 'GROUP', 'GSCLUSTER', 'HAVING', 'ILIKE', 'IN',
  'INCREMENT', 'INNER', 'INSERT', 'INTERSECT', 'INTO', 'IS', 'ISSUE', 'JOIN', 'LATERAL', 'LEFT',
  'LIKE', 'LOCALTIME', 'LOCALTIMESTAMP', 'MINUS', 'NATURAL', 'NOT', 'NULL', 'OF', 'ON', 'OR', 'ORDER',
  'ORGANIZATION', 'QUALIFY', 'REGEXP', 'REVOKE', 'RIGHT', 'RLIKE', 'ROW', 'ROWS', 'SAMPLE', 'SCHEMA',
  'SELECT', 'SET', 'SOME', 'START', 'TABLE', 'TABLESAMPLE', 'THEN', 'TO', 'TRIGGER', 'TRUE',
  'TRY_CAST', 'UNION', 'UNIQUE', 'UPDATE', 'USING', 'VALUES', 'VIEW', 'WHEN', 'WHENEVER', 'WHERE',
  'WITH',
]);

/** Non-reserved words that are structural where they appear (window frames, ordering, limits). */
export const STRUCTURAL = new Set([
  'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'LIMIT', 'OFFSET', 'FETCH', 'NEXT', 'ONLY', 'OVER',
  'PARTITION', 'RANGE', 'UNBOUNDED', 'PRECEDING', 'OUTER', 'END', 'INTERVAL', 'WITHIN', 'IGNORE',
  'RESPECT', 'RECURSIVE', 'MATCHED', 'ESCAPE', 'DISTINCT', 'EXCEPT', 'WINDOW', 'SETS', 'ROLLUP', 'CUBE',
]);

/** Words that end a FROM item, so they are never taken for its alias. */
export const NOT_AN_ALIAS = new Set([
  ...RESERVED,
  ...STRUCTURAL,
]);

export function isKeyword(word: string): boolean {
  return RESERVED.has(word) || STRUCTURAL.has(word);
}

/** Words that may directly precede `(` without being a function call. */
export const PAREN_KEYWORDS = new Set([
  'IN', 'EXISTS', 'ANY', 'ALL', 'SOME', 'VALUES', 'OVER', 'AS', 'ON', 'USING', 'AND', 'OR', 'NOT',
  'WHEN', 'THEN', 'ELSE', 'BY', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'SELECT', 'FROM', 'WHERE', 'WITHIN',
  'UNION', 'INTERSECT', 'EXCEPT', 'MINUS', 'JOIN', 'LATERAL', 'HAVING', 'INTO', 'SET', 'CASE', 'DISTINCT',
  'GROUP', 'PARTITION', 'SETS', 'ROLLUP', 'CUBE',
]);

// Column profiles of a changed model: per common non-key column and side, the null count, the
// distinct count and (numbers and dates) the min and max. ONE statement: each side is scanned
// once, grouped by every column at once (GROUPING SETS), which also gives its row count.
// Only columns where something moved are reported.

import type { Relation } from '../engines/types';
import { isNumber, type Compared, type Plan } from './plan';
import { toNumber, toText, whereClause } from './sql';
import type { ColumnProfileChange, ColumnStats } from './types';
import { normalizeNumberText } from './report/numbers';

interface SideColumn {
  /** The column as grouped (text for types without a usable `=`). */
  expr: string;
  /** min / max are reported (numbers and dates). */
  range: boolean;
  numeric: boolean;
}

function sideColumns(plan: Plan, compared: Compared[], side: 'from' | 'to'): SideColumn[] {
  const { d } = plan;
  return compared.map((c) => {
    const fam = d.diff.family(side === 'from' ? c.fromType : c.toType);
    const col = d.quoteIdentifier(c.name);
    return {
      expr: fam === 'textual' ? d.castToText(col) : col,
      range: isNumber(fam) || fam === 'temporal',
      numeric: isNumber(fam),
    };
  });
}

function sideProfileSql(plan: Plan, rel: Relation, cols: SideColumn[], p: string): string {
  const { d, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const v = cols.map((_c, i) => q(`v_${i}`));
  const g = cols.map((_c, i) => q(`g_${i}`));
  const n = q('n');
  const inner =
    `SELECT ${v.join(', ')}, ${v.map((c, i) => `GROUPING(${c}) AS ${g[i]}`).join(', ')}, COUNT(*) AS ${n}\n` +
    `  FROM (SELECT ${cols.map((c, i) => `${c.expr} AS ${v[i]}`).join(', ')} FROM ${d.qualify(rel)}${whereClause(opts.where)}) s\n` +
    `  GROUP BY GROUPING SETS (${v.map((c) => `(${c})`).join(', ')})`;
  const sum = (cond: string, value: string) => `COALESCE(SUM(CASE WHEN ${cond} THEN ${value} ELSE 0 END), 0)`;
  const select = [
    `${sum(`p.${g[0]} = 0`, `p.${n}`)} AS ${q(`${p}_rows`)}`,
    ...cols.flatMap((c, i) => [
      `${sum(`p.${g[i]} = 0 AND p.${v[i]} IS NULL`, `p.${n}`)} AS ${q(`${p}_nulls_${i}`)}`,
      `${sum(`p.${g[i]} = 0 AND p.${v[i]} IS NOT NULL`, '1')} AS ${q(`${p}_distinct_${i}`)}`,
      ...(c.range
        ? [
            `${d.castToText(`MIN(CASE WHEN p.${g[i]} = 0 THEN p.${v[i]} END)`)} AS ${q(`${p}_min_${i}`)}`,
            `${d.castToText(`MAX(CASE WHEN p.${g[i]} = 0 THEN p.${v[i]} END)`)} AS ${q(`${p}_max_${i}`)}`,
          ]
        : []),
    ]),
  ];
  return `(SELECT\n  ${select.join(',\n  ')}\nFROM (${inner}) p) ${q(p)}`;
}

function movedOf(from: ColumnStats, to: ColumnStats, numeric: boolean): ColumnProfileChange['moved'] {
  const moved: ColumnProfileChange['moved'] = [];
  // The null share, compared exactly (cross-multiplied).
  const nullsMoved = from.rows === 0 || to.rows === 0 ? from.nulls !== to.nulls : from.nulls * to.rows !== to.nulls * from.rows;
  if (nullsMoved) moved.push('nulls');
  if (from.distinct !== to.distinct) moved.push('distinct');
  const same = (a: string | null | undefined, b: string | null | undefined) =>
    numeric && a && b ? normalizeNumberText(a) === normalizeNumberText(b) : a === b;
  if (from.min !== undefined && to.min !== undefined && !same(from.min, to.min)) moved.push('min');
  if (from.max !== undefined && to.max !== undefined && !same(from.max, to.max)) moved.push('max');
  return moved;
}

/** Row counts of both sides and the profile changes of the compared columns, in one statement. */
export async function profileBoth(
  plan: Plan,
  fromRel: Relation,
  toRel: Relation,
  compared: Compared[],
): Promise<{ from: number; to: number; changes: ColumnProfileChange[] }> {
  const fromCols = sideColumns(plan, compared, 'from');
  const toCols = sideColumns(plan, compared, 'to');
  const sql = `SELECT *\nFROM ${sideProfileSql(plan, fromRel, fromCols, 'f')}\nCROSS JOIN ${sideProfileSql(plan, toRel, toCols, 't')}`;
  const row = (await plan.q.query<Record<string, unknown>>(sql)).rows[0] ?? {};
  const stats = (p: string, cols: SideColumn[], i: number): ColumnStats => ({
    rows: toNumber(row[`${p}_rows`]),
    nulls: toNumber(row[`${p}_nulls_${i}`]),
    distinct: toNumber(row[`${p}_distinct_${i}`]),
    ...((cols[i] as SideColumn).range ? { min: toText(row[`${p}_min_${i}`]), max: toText(row[`${p}_max_${i}`]) } : {}),
  });
  const changes: ColumnProfileChange[] = [];
  compared.forEach((c, i) => {
    const from = stats('f', fromCols, i);
    const to = stats('t', toCols, i);
    const moved = movedOf(from, to, c.numeric);
    if (moved.length > 0) changes.push({ column: c.name, from, to, moved });
  });
  return { from: toNumber(row.f_rows), to: toNumber(row.t_rows), changes };
}

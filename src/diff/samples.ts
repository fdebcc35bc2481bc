// Sample rows of a keyed comparison: at most `samples` added rows, removed rows and changed values,
// ordered by key (then by the values, so ties between duplicate keys are deterministic).
//
// ONE statement: the FULL OUTER JOIN runs once, keeping only unmatched rows and rows whose sampled
// columns differ (a few percent of the join in a typical diff), in a CTE; each category is a
// branch over that CTE that numbers its rows by key and keeps the first `samples`. The former
// shape re-ran the join once per category and once per sampled column.

import type { ColumnInfo, Relation } from '../engines/types';
import { differs, type Compared, type Plan } from './plan';
import { heavyQuery } from './session';
import { sideSubquery, toNumber } from './sql';
import type { ModelDiff } from './types';

/** The keyed join: ON condition between aliases f and t, and the presence marker column. */
export interface KeyJoin {
  on: string;
  marker: string;
}

const REMOVED = 1;
const ADDED = 2;
const CHANGED = 0;

export async function keyedSamples(
  plan: Plan,
  md: ModelDiff,
  fromRel: Relation,
  toRel: Relation,
  keyNames: string[],
  compared: Compared[],
  fromCols: ColumnInfo[],
  toCols: ColumnInfo[],
  join: KeyJoin,
): Promise<void> {
  const { d, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const n = opts.samples;
  const m = q(join.marker);
  const wantAdded = (md.rows.added ?? 0) > 0 && toCols.length > 0;
  const wantRemoved = (md.rows.removed ?? 0) > 0 && fromCols.length > 0;
  // The most changed columns first, at most `samples` of them (round-robin below).
  const changedCols = md.columns
    .map((c, i) => ({ ...c, i }))
    .filter((c) => c.changed > 0)
    .sort((a, b) => b.changed - a.changed || a.i - b.i)
    .slice(0, n);
  if (!wantAdded && !wantRemoved && changedCols.length === 0) return;

  const fromIdx = new Map(fromCols.map((c, i) => [c.name, i]));
  const toIdx = new Map(toCols.map((c, i) => [c.name, i]));
  const fs = (i: number) => q(`fs_${i}`);
  const ts = (i: number) => q(`ts_${i}`);
  const fk = keyNames.map((_k, j) => q(`fk_${j}`));
  const tk = keyNames.map((_k, j) => q(`tk_${j}`));
  const cat = q('cat');
  const keep = [
    ...(wantRemoved ? [`t.${m} IS NULL`] : []),
    ...(wantAdded ? [`f.${m} IS NULL`] : []),
    ...(changedCols.length > 0
      ? [`(f.${m} IS NOT NULL AND t.${m} IS NOT NULL AND (${changedCols.map((c) => differs(compared[c.i] as Compared)).join(' OR ')}))`]
      : []),
  ];
  const cte = [
    `CASE WHEN t.${m} IS NULL THEN ${REMOVED} WHEN f.${m} IS NULL THEN ${ADDED} ELSE ${CHANGED} END AS ${cat}`,
    ...keyNames.map((k, j) => `f.${q(k)} AS ${fk[j]}`),
    ...keyNames.map((k, j) => `t.${q(k)} AS ${tk[j]}`),
    ...fromCols.map((c, i) => `${d.castToText(`f.${q(c.name)}`)} AS ${fs(i)}`),
    ...toCols.map((c, i) => `${d.castToText(`t.${q(c.name)}`)} AS ${ts(i)}`),
    ...changedCols.map((c) => `CASE WHEN ${differs(compared[c.i] as Compared)} THEN 1 ELSE 0 END AS ${q(`d_${c.i}`)}`),
  ];
  const width = Math.max(wantRemoved ? fromCols.length : 0, wantAdded ? toCols.length : 0, keyNames.length + 2);
  const nullText = d.castToText('NULL');
  const branch = (code: number, col: number, values: string[], where: string, order: string[]) => {
    const padded = Array.from({ length: width }, (_v, i) => `${values[i] ?? nullText} AS ${q(`s_${i}`)}`);
    const out = [`${code} AS ${cat}`, `${col} AS ${q('col')}`, `x.${q('rn')}`, ...padded.map((_p, i) => `x.${q(`s_${i}`)}`)];
    return (
      `SELECT ${out.join(', ')} FROM (SELECT ${padded.join(', ')}, ROW_NUMBER() OVER (ORDER BY ${order.join(', ')}) AS ${q('rn')}\n` +
      `FROM ${q('d')} WHERE ${where}) x WHERE x.${q('rn')} <= ${n}`
    );
  };
  const branches: string[] = [];
  if (wantRemoved) {
    const vals = fromCols.map((_c, i) => fs(i));
    branches.push(branch(REMOVED, 0, vals, `${cat} = ${REMOVED}`, [...fk, ...vals]));
  }
  if (wantAdded) {
    const vals = toCols.map((_c, i) => ts(i));
    branches.push(branch(ADDED, 0, vals, `${cat} = ${ADDED}`, [...tk, ...vals]));
  }
  for (const c of changedCols) {
    const name = (compared[c.i] as Compared).name;
    const keys = keyNames.map((k) => fs(fromIdx.get(k) as number));
    const vf = fs(fromIdx.get(name) as number);
    const vt = ts(toIdx.get(name) as number);
    branches.push(branch(CHANGED, c.i, [...keys, vf, vt], `${cat} = ${CHANGED} AND ${q(`d_${c.i}`)} = 1`, [...fk, vf, vt]));
  }
  const allFrom = fromCols.map((c) => c.name);
  const allTo = toCols.map((c) => c.name);
  const sql =
    `WITH ${q('d')} AS (SELECT\n  ${cte.join(',\n  ')}\n` +
    `FROM ${sideSubquery(plan, fromRel, allFrom, join.marker)} f\nFULL OUTER JOIN ${sideSubquery(plan, toRel, allTo, join.marker)} t\n` +
    `  ON ${join.on}\nWHERE ${keep.join('\n   OR ')})\n` +
    branches.join('\nUNION ALL\n');
  const res = await heavyQuery(plan.engine, sql);

  // Rows per (category, column), in key order.
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of res.rows) {
    const id = `${toNumber(r.cat)}:${toNumber(r.col)}`;
    const list = groups.get(id) ?? [];
    list.push(r);
    groups.set(id, list);
  }
  for (const list of groups.values()) list.sort((a, b) => toNumber(a.rn) - toNumber(b.rn));
  const rowsOf = (cols: ColumnInfo[], list: Record<string, unknown>[] | undefined) =>
    (list ?? []).map((r) => Object.fromEntries(cols.map((c, i) => [c.name, r[`s_${i}`] ?? null])));
  if (wantRemoved) md.samples.removed = rowsOf(fromCols, groups.get(`${REMOVED}:0`));
  if (wantAdded) md.samples.added = rowsOf(toCols, groups.get(`${ADDED}:0`));

  // Round-robin over the changed columns (most changed first) so each gets a sample.
  const out: ModelDiff['samples']['changed'] = [];
  for (let round = 0; out.length < n; round++) {
    let took = false;
    for (const c of changedCols) {
      const r = groups.get(`${CHANGED}:${c.i}`)?.[round];
      if (!r || out.length >= n) continue;
      took = true;
      const key = Object.fromEntries(keyNames.map((k, j) => [k, r[`s_${j}`] ?? null]));
      const at = keyNames.length;
      out.push({ key, column: (compared[c.i] as Compared).name, from: r[`s_${at}`] ?? null, to: r[`s_${at + 1}`] ?? null });
    }
    if (!took) break;
  }
  md.samples.changed = out;
}

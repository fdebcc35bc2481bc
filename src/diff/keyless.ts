// Keyless comparison: the two sides as multisets of rows (common columns only), in ONE statement:
// both sides grouped by every common column together (one UNION ALL, one hash aggregate, NULLs
// equal as GROUP BY treats them), then only the groups whose counts differ are kept, totalled and
// sampled in key order. The row counts come with the profile (profile.ts) or countBoth.

import type { ColumnInfo, Relation } from '../engines/types';
import type { Compared, Plan } from './plan';
import { freshName, toNumber, toText, whereClause } from './sql';
import type { ModelDiff } from './types';

export async function keyless(
  plan: Plan,
  md: ModelDiff,
  fromRel: Relation,
  toRel: Relation,
  compared: Compared[],
  fromCols: ColumnInfo[],
  toCols: ColumnInfo[],
  rows: { from: number; to: number },
): Promise<void> {
  const { d, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const taken = [...fromCols, ...toCols].map((c) => c.name);
  const fn = q(freshName('__vde_from_n', taken));
  const tn = q(freshName('__vde_to_n', taken));
  const vs = compared.length > 0 ? compared.map((_c, i) => q(`v_${i}`)) : [q('v_0')];
  const branch = (rel: Relation, alias: string, side: 'from' | 'to') => {
    const exprs = compared.length > 0 ? compared.map((c, i) => `${c.value(alias, side)} AS ${vs[i]}`) : [`0 AS ${vs[0]}`];
    return `SELECT ${exprs.join(', ')}, ${side === 'from' ? 1 : 0} AS ${fn}, ${side === 'to' ? 1 : 0} AS ${tn} FROM ${d.qualify(rel)} ${alias}${whereClause(opts.where)}`;
  };
  const grouped =
    `SELECT ${vs.join(', ')}, SUM(${fn}) AS ${fn}, SUM(${tn}) AS ${tn}\n` +
    `FROM (\n${branch(fromRel, 'f', 'from')}\nUNION ALL\n${branch(toRel, 't', 'to')}\n) u\nGROUP BY ${vs.map((_v, i) => String(i + 1)).join(', ')}`;
  const keep = Math.max(1, compared.length > 0 ? opts.samples : 0);
  const sql =
    `SELECT s.* FROM (SELECT ${vs.map((v, i) => `${d.castToText(`g.${v}`)} AS ${q(`s_${i}`)}`).join(', ')},\n` +
    `  CASE WHEN g.${tn} > g.${fn} THEN 2 ELSE 1 END AS ${q('cat')},\n` +
    `  CASE WHEN g.${tn} > g.${fn} THEN g.${tn} - g.${fn} ELSE g.${fn} - g.${tn} END AS ${q('excess')},\n` +
    `  SUM(CASE WHEN g.${tn} > g.${fn} THEN g.${tn} - g.${fn} ELSE 0 END) OVER () AS ${q('added')},\n` +
    `  SUM(CASE WHEN g.${fn} > g.${tn} THEN g.${fn} - g.${tn} ELSE 0 END) OVER () AS ${q('removed')},\n` +
    `  ROW_NUMBER() OVER (PARTITION BY CASE WHEN g.${tn} > g.${fn} THEN 2 ELSE 1 END ORDER BY ${vs.map((v) => `g.${v}`).join(', ')}) AS ${q('rn')}\n` +
    `FROM (${grouped}) g\nWHERE g.${fn} <> g.${tn}) s\nWHERE s.${q('rn')} <= ${keep}`;
  const res = await plan.q.query<Record<string, unknown>>(sql);
  const first = res.rows[0];
  const added = first ? toNumber(first.added) : 0;
  const removed = first ? toNumber(first.removed) : 0;
  md.rows = { from: rows.from, to: rows.to, added, removed, changed: null, unchanged: rows.from - removed };
  md.columns = [];
  if (compared.length === 0) {
    md.warnings.push('No common columns: only row counts were compared.');
    return;
  }
  if (md.on.length === 0) {
    md.warnings.push('No key: rows were compared as whole-row multisets (duplicates count); "changed" does not apply.');
  }
  if (opts.samples > 0) {
    // A group is one distinct row; it is shown as many times as it is in excess (duplicates).
    const sample = (cat: number) =>
      res.rows
        .filter((r) => toNumber(r.cat) === cat)
        .sort((a, b) => toNumber(a.rn) - toNumber(b.rn))
        .flatMap((r) => {
          const row = Object.fromEntries(compared.map((c, i) => [c.name, toText(r[`s_${i}`])]));
          return Array.from({ length: Math.min(toNumber(r.excess), opts.samples) }, () => ({ ...row }));
        })
        .slice(0, opts.samples);
    md.samples.added = sample(2);
    md.samples.removed = sample(1);
  }
}

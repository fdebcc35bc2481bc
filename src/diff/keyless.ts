// Keyless comparison: the two sides as multisets of rows, in ONE aggregate (plus one bounded
// sample statement per category when samples are asked for).

import type { ColumnInfo, Relation } from '../engines/types';
import type { Compared, Plan } from './plan';
import { freshName, toNumber, whereClause } from './sql';
import type { ModelDiff } from './types';

export async function keyless(
  plan: Plan,
  md: ModelDiff,
  fromRel: Relation,
  toRel: Relation,
  compared: Compared[],
  fromCols: ColumnInfo[],
  toCols: ColumnInfo[],
): Promise<void> {
  const { d, engine, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const taken = [...fromCols, ...toCols].map((c) => c.name);
  const fn = q(freshName('__vde_from_n', taken));
  const tn = q(freshName('__vde_to_n', taken));
  // Grouping by every common column in one UNION ALL is the multiset comparison "group both sides,
  // full-join the groups" in a single hash aggregate, and GROUP BY treats NULLs as equal.
  const vs = compared.length > 0 ? compared.map((_c, i) => q(`v_${i}`)) : [q('v_0')];
  const branch = (rel: Relation, alias: string, side: 'from' | 'to') => {
    const exprs = compared.length > 0 ? compared.map((c, i) => `${c.expr(alias)} AS ${vs[i]}`) : [`0 AS ${vs[0]}`];
    return `SELECT ${exprs.join(', ')}, ${side === 'from' ? 1 : 0} AS ${fn}, ${side === 'to' ? 1 : 0} AS ${tn} FROM ${d.qualify(rel)} ${alias}${whereClause(opts.where)}`;
  };
  const grouped =
    `(SELECT ${vs.join(', ')}, SUM(${fn}) AS ${fn}, SUM(${tn}) AS ${tn}\n` +
    `FROM (\n${branch(fromRel, 'f', 'from')}\nUNION ALL\n${branch(toRel, 't', 'to')}\n) u\nGROUP BY ${vs.join(', ')}) g`;
  const sql = [
    'SELECT',
    `  COALESCE(SUM(g.${fn}), 0) AS ${q('n_from')},`,
    `  COALESCE(SUM(g.${tn}), 0) AS ${q('n_to')},`,
    `  COALESCE(SUM(CASE WHEN g.${tn} > g.${fn} THEN g.${tn} - g.${fn} ELSE 0 END), 0) AS ${q('added')},`,
    `  COALESCE(SUM(CASE WHEN g.${fn} > g.${tn} THEN g.${fn} - g.${tn} ELSE 0 END), 0) AS ${q('removed')},`,
    `  COALESCE(SUM(CASE WHEN g.${fn} < g.${tn} THEN g.${fn} ELSE g.${tn} END), 0) AS ${q('unchanged')}`,
    `FROM ${grouped}`,
  ].join('\n');
  const row = (await engine.query(sql)).rows[0] ?? {};
  md.rows = {
    from: toNumber(row.n_from),
    to: toNumber(row.n_to),
    added: toNumber(row.added),
    removed: toNumber(row.removed),
    changed: null,
    unchanged: toNumber(row.unchanged),
  };
  md.columns = [];
  if (compared.length === 0) {
    md.warnings.push('No common columns: only row counts were compared.');
    return;
  }
  if (md.on.length === 0) {
    md.warnings.push('No key: rows were compared as whole-row multisets (duplicates count); "changed" does not apply.');
  }
  if (opts.samples > 0) {
    const sample = async (cond: string) => {
      const sel = compared.map((_c, i) => `${d.castToText(`g.${vs[i]}`)} AS ${q(`s_${i}`)}`).join(', ');
      const order = vs.map((v) => `g.${v}`).join(', ');
      const res = await engine.query(`SELECT ${sel}\nFROM ${grouped}\nWHERE ${cond}\nORDER BY ${order}\nLIMIT ${opts.samples}`);
      return res.rows.map((r) => Object.fromEntries(compared.map((c, i) => [c.name, r[`s_${i}`] ?? null])));
    };
    const [added, removed] = await Promise.all([
      (md.rows.added ?? 0) > 0 ? sample(`g.${tn} > g.${fn}`) : [],
      (md.rows.removed ?? 0) > 0 ? sample(`g.${fn} > g.${tn}`) : [],
    ]);
    md.samples.added = added;
    md.samples.removed = removed;
  }
}

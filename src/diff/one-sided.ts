// A model present in only one environment (added or removed): every row is added or removed.
// One key check (which also counts the rows) or one COUNT(*), plus one bounded sample query.

import type { ColumnInfo, Relation } from '../engines/types';
import { keyCheck, recordKeyChecks } from './key-check';
import type { Plan } from './plan';
import { findColumn, toNumber, toText, whereClause } from './sql';
import type { ModelDiff, RowCounts } from './types';

export async function oneSided(plan: Plan, md: ModelDiff, side: 'from' | 'to', rel: Relation, cols: ColumnInfo[]): Promise<ModelDiff> {
  const { d, opts, target } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const schemaCols = cols.map((c) => ({ name: c.name, type: c.type }));
  if (side === 'to') md.schema.added = schemaCols;
  else md.schema.removed = schemaCols;

  const key: ColumnInfo[] = [];
  for (const k of target.on) {
    const c = findColumn(cols, k, d);
    if (c) key.push(c);
  }
  const haveKey = key.length === target.on.length && key.length > 0;
  let count: number;
  if (haveKey) {
    md.on = key.map((c) => c.name);
    const check = await keyCheck(plan, rel, key, cols);
    count = check.rows;
    recordKeyChecks(md, md.on, [{ side, check }]);
  } else {
    if (target.on.length > 0) md.warnings.push(`Key column(s) ${target.on.join(', ')} not found in ${side}.`);
    const r = await plan.q.query<Record<string, unknown>>(`SELECT COUNT(*) AS ${q('n')} FROM ${d.qualify(rel)}${whereClause(opts.where)}`);
    count = toNumber(r.rows[0]?.n);
  }
  const keyedDiff = target.on.length > 0;
  const rows: RowCounts =
    side === 'to'
      ? { from: null, to: count, added: count, removed: 0, changed: keyedDiff ? 0 : null, unchanged: 0 }
      : { from: count, to: null, added: 0, removed: count, changed: keyedDiff ? 0 : null, unchanged: 0 };
  md.rows = rows;
  md.warnings.push(side === 'to' ? 'New model: every row is added.' : 'Removed model: every row is removed.');

  if (opts.samples > 0 && count > 0 && cols.length > 0) {
    const texts = cols.map((c, i) => `${d.castToText(q(c.name))} AS ${q(`s_${i}`)}`);
    const order = [...(haveKey ? key : []).map((c) => q(c.name)), ...cols.map((_c, i) => q(`s_${i}`))].join(', ');
    const sql = `SELECT ${texts.join(', ')}\nFROM ${d.qualify(rel)}${whereClause(opts.where)}\nORDER BY ${order}\nLIMIT ${opts.samples}`;
    const list = (await plan.q.query<Record<string, unknown>>(sql)).rows.map((r) =>
      Object.fromEntries(cols.map((c, i) => [c.name, toText(r[`s_${i}`])])),
    );
    if (side === 'to') md.samples.added = list;
    else md.samples.removed = list;
  }
  return md;
}

// Sample rows of a keyed comparison: at most `samples` removed rows, added rows and changed values.
// The join pass (keyed.ts) returns the candidate keys in key order; this module picks the samples
// (changed values round-robin over the most changed columns) and reads their rows in ONE bounded
// statement: each side filtered on the few chosen keys, never the join again.

import type { ColumnInfo, Relation } from '../engines/types';
import { candidateDiffers, type Candidate, type JoinSpec } from './keyed';
import type { KeyPart, Plan } from './plan';
import { toNumber, toText, whereClause } from './sql';
import type { ModelDiff } from './types';

type Key = (string | null)[];
type Row = Record<string, string | null>;

const keyId = (k: Key) => JSON.stringify(k);

/** Rows of each side whose key is one of `keys`, grouped by key (at most `perKey` rows per key). */
async function lookup(plan: Plan, spec: JoinSpec, fromCols: ColumnInfo[], toCols: ColumnInfo[], fromKeys: Key[], toKeys: Key[]) {
  const { d, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const width = Math.max(fromCols.length, toCols.length);
  const nullText = d.castToText('NULL');
  const branch = (code: number, rel: Relation, cols: ColumnInfo[], keys: Key[], side: 'from' | 'to') => {
    const match = (key: Key) =>
      key.map((text, i) => {
        const part = spec.keys[i] as KeyPart;
        const e = part.expr('s', side);
        return text === null ? `${e} IS NULL` : `${e} = ${part.literal(text)}`;
      }).join(' AND ');
    const index = `CASE ${keys.map((k, i) => `WHEN ${match(k)} THEN ${i}`).join(' ')} END`;
    // One key column and no NULLs: an IN list the engine can hash; otherwise the conditions.
    const single = spec.keys.length === 1 && keys.every((k) => k[0] !== null);
    const filter = single
      ? `${(spec.keys[0] as KeyPart).expr('s', side)} IN (${keys.map((k) => (spec.keys[0] as KeyPart).literal(k[0] as string)).join(', ')})`
      : keys.map((k) => `(${match(k)})`).join(' OR ');
    const values = Array.from({ length: width }, (_v, i) => {
      const c = cols[i];
      return `${c ? d.castToText(`s.${q(c.name)}`) : nullText} AS ${q(`v_${i}`)}`;
    });
    const order = [q('ki'), ...values.map((_v, i) => q(`v_${i}`))].join(', ');
    // At most 10 rows per key: duplicate keys are shown, never all of them.
    return (
      `(SELECT ${code} AS ${q('side')}, ${index} AS ${q('ki')}, ${values.join(', ')}\n` +
      ` FROM ${d.qualify(rel)} s${whereClause(opts.where, `(${filter})`)}\n ORDER BY ${order}\n LIMIT ${10 * keys.length})`
    );
  };
  const branches: string[] = [];
  if (fromKeys.length > 0) branches.push(branch(1, spec.fromRel, fromCols, fromKeys, 'from'));
  if (toKeys.length > 0) branches.push(branch(2, spec.toRel, toCols, toKeys, 'to'));
  const found = { from: new Map<number, Row[]>(), to: new Map<number, Row[]>() };
  if (branches.length === 0) return found;
  const res = await plan.q.query<Record<string, unknown>>(branches.join('\nUNION ALL\n'));
  for (const r of res.rows) {
    const side = toNumber(r.side) === 1 ? 'from' : 'to';
    const cols = side === 'from' ? fromCols : toCols;
    const i = toNumber(r.ki);
    const row: Row = Object.fromEntries(cols.map((c, j) => [c.name, toText(r[`v_${j}`])]));
    const list = found[side].get(i) ?? [];
    list.push(row);
    found[side].set(i, list);
  }
  // ORDER BY inside a UNION ALL branch does not order the union: sort each key's rows again.
  const byText = (a: Row, b: Row) => {
    const ka = JSON.stringify(Object.values(a));
    const kb = JSON.stringify(Object.values(b));
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  for (const m of [found.from, found.to]) for (const list of m.values()) list.sort(byText);
  return found;
}

export async function keyedSamples(
  plan: Plan,
  md: ModelDiff,
  spec: JoinSpec,
  candidates: Candidate[],
  fromCols: ColumnInfo[],
  toCols: ColumnInfo[],
): Promise<void> {
  const n = plan.opts.samples;
  if (n <= 0 || candidates.length === 0) return;
  const removed = candidates.filter((c) => c.x[0] === -1n).slice(0, n);
  const added = candidates.filter((c) => c.x[0] === -2n).slice(0, n);
  // The most changed columns first (at most `samples` of them), a value each in turn.
  const ranked = spec.compared
    .map((c, i) => ({ name: c.name, i, changed: md.columns.find((m) => m.name === c.name)?.changed ?? 0 }))
    .filter((c) => c.changed > 0)
    .sort((a, b) => b.changed - a.changed || a.i - b.i)
    .slice(0, n);
  const perColumn = ranked.map((c) => ({ ...c, rows: candidates.filter((cand) => candidateDiffers(cand, c.i)) }));
  const changed: { key: Key; column: string }[] = [];
  for (let round = 0; changed.length < n; round++) {
    let took = false;
    for (const c of perColumn) {
      const cand = c.rows[round];
      if (!cand || changed.length >= n) continue;
      took = true;
      changed.push({ key: cand.key, column: c.name });
    }
    if (!took) break;
  }

  const unique = (keys: Key[]) => [...new Map(keys.map((k) => [keyId(k), k])).values()];
  const fromKeys = unique([...removed.map((c) => c.key), ...changed.map((c) => c.key)]);
  const toKeys = unique([...added.map((c) => c.key), ...changed.map((c) => c.key)]);
  const found = await lookup(plan, spec, fromCols, toCols, fromKeys, toKeys);
  const rowsOf = (side: 'from' | 'to', keys: Key[], key: Key) => found[side].get(keys.findIndex((k) => keyId(k) === keyId(key))) ?? [];

  md.samples.removed = removed.flatMap((c) => rowsOf('from', fromKeys, c.key).slice(0, c.n)).slice(0, n);
  md.samples.added = added.flatMap((c) => rowsOf('to', toKeys, c.key).slice(0, c.n)).slice(0, n);
  md.samples.changed = changed.flatMap(({ key, column }) => {
    const fromRows = rowsOf('from', fromKeys, key);
    const toRows = rowsOf('to', toKeys, key);
    if (fromRows.length === 0 || toRows.length === 0) return [];
    // One row per side unless the key is duplicated; then a pair that differs in this column.
    let pair: [Row, Row] = [fromRows[0] as Row, toRows[0] as Row];
    outer: for (const fr of fromRows) {
      for (const tr of toRows) {
        if (fr[column] !== tr[column]) {
          pair = [fr, tr];
          break outer;
        }
      }
    }
    const keyRecord = Object.fromEntries(spec.keys.map((k, i) => [k.name, key[i] ?? null]));
    return [{ key: keyRecord, column, from: pair[0][column] ?? null, to: pair[1][column] ?? null }];
  });
}

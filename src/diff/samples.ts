// Sample rows of a keyed comparison (at most `samples` removed rows, added rows and changed
// values) and the row count of each side, in ONE statement.
//
// The join pass (keyed.ts) returns the candidate keys in key order; `chooseSamples` picks the
// samples (changed values round-robin over the most changed columns). `sideScan` then counts each
// side and reads the chosen rows in one statement, one scan per side; the join never runs again.

import type { ColumnInfo, Relation } from '../engines/types';
import { candidateDiffers, type Candidate, type JoinSpec } from './keyed';
import type { KeyPart, Plan } from './plan';
import { toNumber, whereClause } from './sql';
import type { ModelDiff } from './types';

type Key = (string | null)[];
type Row = Record<string, string | null>;

const keyId = (k: Key) => JSON.stringify(k);

export interface Chosen {
  removed: Candidate[];
  added: Candidate[];
  changed: { key: Key; column: string }[];
  fromKeys: Key[];
  toKeys: Key[];
}

export function chooseSamples(n: number, md: ModelDiff, spec: JoinSpec, candidates: Candidate[]): Chosen {
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
  return {
    removed,
    added,
    changed,
    fromKeys: unique([...removed.map((c) => c.key), ...changed.map((c) => c.key)]),
    toKeys: unique([...added.map((c) => c.key), ...changed.map((c) => c.key)]),
  };
}

export interface SideScan {
  rows: { from: number; to: number };
  /** Rows of each side for each chosen key (by its index in Chosen.fromKeys / toKeys). */
  found: { from: Map<number, Row[]>; to: Map<number, Row[]> };
}

/** Values in one text: `v<length>:<text>` per value, `n` for NULL; rows simply follow each other. */
function encode(plan: Plan, texts: string[]): string {
  return texts.map((t) => `COALESCE('v' || ${plan.d.castToText(`LENGTH(${t})`)} || ':' || ${t}, 'n')`).join(' || ');
}

/** Decodes `encode`d rows of `width` values each: lengths count characters, as SQL LENGTH does. */
export function decodeRows(text: string, width: number): (string | null)[][] {
  const chars = Array.from(text);
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < chars.length) {
    if (chars[i] === 'n') {
      row.push(null);
      i++;
    } else {
      let j = i + 1;
      let len = '';
      while (j < chars.length && chars[j] !== ':') len += chars[j++];
      const n = Number(len);
      row.push(chars.slice(j + 1, j + 1 + n).join(''));
      i = j + 1 + n;
    }
    if (row.length === width) {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/**
 * Row counts of both sides and the rows of the chosen keys, in one statement that scans each
 * side once: COUNT(*) beside one text aggregate of the chosen rows (each as its key's index and
 * its values), so only the few chosen rows are ever turned into text.
 */
export async function sideScan(plan: Plan, spec: JoinSpec, fromCols: ColumnInfo[], toCols: ColumnInfo[], chosen?: Chosen): Promise<SideScan> {
  const { d, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const branch = (code: number, rel: Relation, cols: ColumnInfo[], keys: Key[], side: 'from' | 'to'): string => {
    const match = (key: Key) =>
      key
        .map((text, i) => {
          const part = spec.keys[i] as KeyPart;
          const e = part.expr('s', side);
          return text === null ? `${e} IS NULL` : `${e} = ${part.literal(text)}`;
        })
        .join(' AND ');
    let rows = d.castToText('NULL');
    if (keys.length > 0) {
      // One key column and no NULLs: an IN list the engine can hash, checked once per row.
      const single = spec.keys.length === 1 && keys.every((k) => k[0] !== null);
      const part0 = spec.keys[0] as KeyPart;
      const chosenRow = single
        ? `${part0.expr('s', side)} IN (${keys.map((k) => part0.literal(k[0] as string)).join(', ')})`
        : keys.map((k) => `(${match(k)})`).join(' OR ');
      const index = d.castToText(`CASE ${keys.map((k, i) => `WHEN ${match(k)} THEN ${i}`).join(' ')} END`);
      const values = cols.map((c) => d.castToText(`s.${q(c.name)}`));
      rows = d.diff.concatAgg(encode(plan, [index, ...values]), chosenRow);
    }
    return `SELECT ${code} AS ${q('side')}, COUNT(*) AS ${q('n')}, ${rows} AS ${q('p')}\n FROM ${d.qualify(rel)} s${whereClause(opts.where)}`;
  };
  const sql = [
    branch(1, spec.fromRel, fromCols, chosen?.fromKeys ?? [], 'from'),
    branch(2, spec.toRel, toCols, chosen?.toKeys ?? [], 'to'),
  ].join('\nUNION ALL\n');
  const res = await plan.q.query<Record<string, unknown>>(sql);
  const out: SideScan = { rows: { from: 0, to: 0 }, found: { from: new Map(), to: new Map() } };
  for (const r of res.rows) {
    const side = toNumber(r.side) === 1 ? 'from' : 'to';
    out.rows[side] = toNumber(r.n);
    const cols = side === 'from' ? fromCols : toCols;
    for (const values of decodeRows(typeof r.p === 'string' ? r.p : '', cols.length + 1)) {
      const ki = Number(values[0]);
      const row: Row = Object.fromEntries(cols.map((c, j) => [c.name, values[j + 1] ?? null]));
      const list = out.found[side].get(ki) ?? [];
      // At most 10 rows per key (a duplicated key is shown, never all of its rows).
      if (list.length < 10) list.push(row);
      out.found[side].set(ki, list);
    }
  }
  const byText = (a: Row, b: Row) => {
    const ka = JSON.stringify(Object.values(a));
    const kb = JSON.stringify(Object.values(b));
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  for (const m of [out.found.from, out.found.to]) for (const list of m.values()) list.sort(byText);
  return out;
}

/** Fills md.samples from the chosen candidates and the rows the side scan read. */
export function fillSamples(plan: Plan, md: ModelDiff, spec: JoinSpec, chosen: Chosen, found: SideScan['found']): void {
  const n = plan.opts.samples;
  const rowsOf = (side: 'from' | 'to', keys: Key[], key: Key) => found[side].get(keys.findIndex((k) => keyId(k) === keyId(key))) ?? [];
  md.samples.removed = chosen.removed.flatMap((c) => rowsOf('from', chosen.fromKeys, c.key).slice(0, c.n)).slice(0, n);
  md.samples.added = chosen.added.flatMap((c) => rowsOf('to', chosen.toKeys, c.key).slice(0, c.n)).slice(0, n);
  md.samples.changed = chosen.changed.flatMap(({ key, column }) => {
    const fromRows = rowsOf('from', chosen.fromKeys, key);
    const toRows = rowsOf('to', chosen.toKeys, key);
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

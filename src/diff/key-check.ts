// Key checks: NULL key parts and duplicate keys, always exact (issue: "Check the key first. Null or
// duplicate keys produce a warning and are counted in keyCheck").
//
// Two ways to get the same exact numbers:
//   - `keyCheck`: one GROUP BY-key aggregate over one side. Always exact, costs a hash aggregate
//     over every row (about as much as the join itself on 1M rows).
//   - `verifiedFromJoin`: read off the keyed join pass (keyed.ts), which already groups the rows
//     absent from the other side by their key, plus a COUNT(*) per side. Exact whenever the join
//     shows no fan-out (proof below); otherwise the caller runs `keyCheck` on both sides.

import type { ColumnInfo, Relation } from '../engines/types';
import type { Plan } from './plan';
import { freshName, listCounts, toNumber, whereClause } from './sql';
import type { KeySideCheck, ModelDiff } from './types';

/** The per-side key statistics of the rows one side has and the other lacks (from the join). */
export interface UnmatchedKeys {
  nullKeys: number;
  nullsByColumn: number[];
  duplicateKeys: number;
  duplicateRows: number;
}

/** One GROUP BY-key aggregate over one side: rows, NULL key parts, duplicate keys. */
export async function keyCheck(plan: Plan, rel: Relation, key: ColumnInfo[], cols: ColumnInfo[]): Promise<KeySideCheck> {
  const { d, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const n = q(freshName('__vde_n', cols.map((c) => c.name)));
  // Types without a usable `=` group by their text form.
  const keyList = key
    .map((c) => (d.diff.family(c.type) === 'textual' ? `${d.castToText(q(c.name))} AS ${q(c.name)}` : q(c.name)))
    .join(', ');
  const groupBy = key.map((_c, i) => String(i + 1)).join(', ');
  const anyNull = key.map((c) => `g.${q(c.name)} IS NULL`).join(' OR ');
  const select = [
    `COALESCE(SUM(g.${n}), 0) AS ${q('n_rows')}`,
    `COALESCE(SUM(CASE WHEN g.${n} > 1 THEN 1 ELSE 0 END), 0) AS ${q('dup_keys')}`,
    `COALESCE(SUM(CASE WHEN g.${n} > 1 THEN g.${n} - 1 ELSE 0 END), 0) AS ${q('dup_rows')}`,
    `COALESCE(SUM(CASE WHEN ${anyNull} THEN g.${n} ELSE 0 END), 0) AS ${q('null_rows')}`,
    ...key.map((c, i) => `COALESCE(SUM(CASE WHEN g.${q(c.name)} IS NULL THEN g.${n} ELSE 0 END), 0) AS ${q(`null_${i}`)}`),
  ];
  const sql =
    `SELECT\n  ${select.join(',\n  ')}\n` +
    `FROM (SELECT ${keyList}, COUNT(*) AS ${n} FROM ${d.qualify(rel)}${whereClause(opts.where)}\nGROUP BY ${groupBy}) g`;
  const row = (await plan.q.query<Record<string, unknown>>(sql)).rows[0] ?? {};
  return {
    rows: toNumber(row.n_rows),
    duplicateKeys: toNumber(row.dup_keys),
    duplicateRows: toNumber(row.dup_rows),
    nullKeys: toNumber(row.null_rows),
    nullsByColumn: key.map((_c, i) => toNumber(row[`null_${i}`])),
  };
}

/**
 * The exact key check of one side from a plain-equality join, or undefined when the join cannot
 * tell (the caller then runs `keyCheck`).
 *
 * Why it is exact. With plain equality a row whose key has a NULL part never matches, so every
 * such row is "unmatched" and grouped by its key: NULL counts are exact. `present` counts join rows
 * carrying a row of this side: each unmatched row once, each matched row once per row of the other
 * side with its key. So `present === rows` on both sides holds exactly when every matched key has
 * one row on each side (no duplicates among matched keys). A key is either matched or unmatched on
 * a side as a whole, and unmatched keys are grouped by the join aggregate, which counts their
 * duplicates as GROUP BY does (NULL parts equal). Hence the numbers equal `keyCheck`'s.
 * `nativeKeys` must be true: text-cast key equality (a key retyped to another kind of type) can
 * match rows that are equal as text but not as values, and vice versa.
 */
export function verifiedFromJoin(
  rows: number,
  present: number,
  otherRows: number,
  otherPresent: number,
  unmatched: UnmatchedKeys,
  nativeKeys: boolean,
): KeySideCheck | undefined {
  if (!nativeKeys || present !== rows || otherPresent !== otherRows) return undefined;
  return { rows, ...unmatched };
}

export function keyWarnings(md: ModelDiff, key: string[], checks: { side: 'from' | 'to'; check: KeySideCheck }[]): void {
  const keyText = `(${key.join(', ')})`;
  const nulls = checks.filter((c) => c.check.nullKeys > 0);
  if (nulls.length > 0) {
    md.warnings.push(
      `Key ${keyText} has NULL parts in ${nulls
        .map((c) => `${listCounts(c.check.nullKeys, 'row')} of ${c.side}`)
        .join(' and ')}. Rows are matched NULL-safely (a NULL key part equals NULL), ` +
        'so these rows are still compared.',
    );
  }
  const dups = checks.filter((c) => c.check.duplicateKeys > 0);
  if (dups.length > 0) {
    md.warnings.push(
      `Key ${keyText} is not unique: ${dups
        .map(
          (c) =>
            `${c.side} has ${listCounts(c.check.duplicateKeys, 'key value')} occurring more than once (${listCounts(c.check.duplicateRows, 'extra row')})`,
        )
        .join('; ')}. Rows with the same key are joined pairwise, so "changed" and "unchanged" count ` +
        'matched pairs (a key with m rows in from and n rows in to makes m×n pairs); they need not add up to the row counts. ' +
        '"added" and "removed" still count rows whose key is absent from the other side.',
    );
  }
}

/** Records both sides' checks on the model diff, with their warnings. */
export function recordKeyChecks(md: ModelDiff, key: string[], checks: { side: 'from' | 'to'; check: KeySideCheck }[]): void {
  md.keyCheck = {
    nullKeys: checks.reduce((s, c) => s + c.check.nullKeys, 0),
    duplicateKeys: checks.reduce((s, c) => s + c.check.duplicateKeys, 0),
  };
  md.keyCheckDetail = Object.fromEntries(checks.map((c) => [c.side, c.check]));
  keyWarnings(md, key, checks);
}

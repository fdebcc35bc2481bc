// Keyed comparison: ONE grouped aggregate over `from FULL OUTER JOIN to ON <key>`, run together
// with a COUNT(*) per side; the key check is read off the same aggregate (key-check.ts).
//
// The aggregate groups the join rows by a status code per row and by the key of unmatched rows:
//   x_0 = -1 (row only in from) | -2 (only in to) | bit mask of the first 30 compared columns that
//         differ (matched rows); x_c = the mask of the next 30 columns (matched rows only);
//   kf_i / kt_i = the key parts of a row only in from / only in to (NULL otherwise).
// Each column comparison runs once per row and the groups are few (one per change pattern plus one
// per unmatched key), so the outer aggregate is cheap. Grouping unmatched rows by key is what
// makes the key check exact without a GROUP BY over each whole side.
//
// Statements, normally: COUNT(*) ×2 and the join aggregate, concurrently (the Postgres pool runs
// them at once; PGlite serializes them). Then only when needed: the per-side GROUP BY key check
// (duplicates among matched keys, or a retyped key) and a re-run of the aggregate with the
// NULL-safe join (NULL key parts).

import type { ColumnInfo, Relation } from '../engines/types';
import { keyCheck, recordKeyChecks, verifiedFromJoin, type UnmatchedKeys } from './key-check';
import { differs, type Compared, type Plan } from './plan';
import { keyedSamples, type KeyJoin } from './samples';
import { heavyQuery } from './session';
import { countRows, freshName, pct, sideSubquery, toNumber } from './sql';
import type { ModelDiff } from './types';

const MASK_BITS = 30;

function keyJoin(plan: Plan, keyFrom: ColumnInfo[], keyTo: ColumnInfo[], nullable: boolean[], marker: string): KeyJoin {
  const { d } = plan;
  const empty = d.quoteLiteral('');
  const parts = keyFrom.map((kf, i) => {
    const kt = keyTo[i] as ColumnInfo;
    const q = d.quoteIdentifier(kf.name);
    // Postgres can only run a FULL JOIN on hash- or merge-joinable conditions, which
    // `IS NOT DISTINCT FROM` is not. Plain equality is equivalent when neither side has a NULL in
    // the column (the key check tells); otherwise match NULL-ness and the text representation.
    if (nullable[i]) {
      return (
        `(f.${q} IS NULL) = (t.${q} IS NULL) AND ` +
        `COALESCE(${d.castToText(`f.${q}`)}, ${empty}) = COALESCE(${d.castToText(`t.${q}`)}, ${empty})`
      );
    }
    if (!sameKeyType(plan, kf, kt)) return `${d.castToText(`f.${q}`)} = ${d.castToText(`t.${q}`)}`;
    return `f.${q} = t.${q}`;
  });
  return { on: parts.join('\n  AND '), marker };
}

function sameKeyType(plan: Plan, kf: ColumnInfo, kt: ColumnInfo): boolean {
  return kf.type === kt.type || (plan.d.isNumericType(kf.type) && plan.d.isNumericType(kt.type));
}

interface JoinCounts {
  added: number;
  removed: number;
  matched: number;
  changed: number;
  columns: number[];
  /** Join rows carrying a from-row / a to-row. */
  fromPresent: number;
  toPresent: number;
  unmatchedFrom: UnmatchedKeys;
  unmatchedTo: UnmatchedKeys;
}

async function joinAggregate(
  plan: Plan,
  fromRel: Relation,
  toRel: Relation,
  keyNames: string[],
  compared: Compared[],
  join: KeyJoin,
): Promise<JoinCounts> {
  const { d } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const m = q(join.marker);
  const cols = [...keyNames, ...compared.map((c) => c.name)];
  const both = `f.${m} IS NOT NULL AND t.${m} IS NOT NULL`;
  const chunks: Compared[][] = [];
  for (let i = 0; i < compared.length; i += MASK_BITS) chunks.push(compared.slice(i, i + MASK_BITS));
  if (chunks.length === 0) chunks.push([]);
  const mask = (chunk: Compared[]) =>
    chunk.length === 0 ? '0' : chunk.map((c, j) => `CASE WHEN ${differs(c)} THEN ${2 ** j} ELSE 0 END`).join(' + ');
  const x = chunks.map((_c, i) => q(`x_${i}`));
  const kf = keyNames.map((_k, i) => q(`kf_${i}`));
  const kt = keyNames.map((_k, i) => q(`kt_${i}`));
  const n = q('n');
  const inner = [
    `CASE WHEN t.${m} IS NULL THEN -1 WHEN f.${m} IS NULL THEN -2 ELSE ${mask(chunks[0] as Compared[])} END AS ${x[0]}`,
    ...chunks.slice(1).map((c, i) => `CASE WHEN ${both} THEN ${mask(c)} END AS ${x[i + 1]}`),
    ...keyNames.map((k, i) => `CASE WHEN t.${m} IS NULL THEN f.${q(k)} END AS ${kf[i]}`),
    ...keyNames.map((k, i) => `CASE WHEN f.${m} IS NULL THEN t.${q(k)} END AS ${kt[i]}`),
  ];
  const groupBy = inner.map((_e, i) => String(i + 1)).join(', ');
  const sum = (cond: string, value = `g.${n}`) => `COALESCE(SUM(CASE WHEN ${cond} THEN ${value} ELSE 0 END), 0)`;
  const matched = `g.${x[0]} >= 0`;
  const side = (code: number, ks: string[], p: string) => [
    `${sum(`g.${x[0]} = ${code} AND (${ks.map((k) => `g.${k} IS NULL`).join(' OR ')})`)} AS ${q(`${p}_null`)}`,
    ...ks.map((k, i) => `${sum(`g.${x[0]} = ${code} AND g.${k} IS NULL`)} AS ${q(`${p}_null_${i}`)}`),
    `${sum(`g.${x[0]} = ${code} AND g.${n} > 1`, '1')} AS ${q(`${p}_dup_keys`)}`,
    `${sum(`g.${x[0]} = ${code} AND g.${n} > 1`, `g.${n} - 1`)} AS ${q(`${p}_dup_rows`)}`,
  ];
  const select = [
    `${sum(`g.${x[0]} = -2`)} AS ${q('added')}`,
    `${sum(`g.${x[0]} = -1`)} AS ${q('removed')}`,
    `${sum(matched)} AS ${q('matched')}`,
    `${sum(`${matched} AND (${x.map((c) => `g.${c} > 0`).join(' OR ')})`)} AS ${q('changed')}`,
    // Bit j of chunk c of the non-negative mask, with MOD and subtraction only: `/` truncates on
    // Postgres but not on Snowflake (5 / 4 is 1.25 there), so no division.
    ...compared.map((_c, i) => {
      const c = `g.${x[Math.floor(i / MASK_BITS)] as string}`;
      const p = 2 ** (i % MASK_BITS);
      return `${sum(`${matched} AND MOD(${c} - MOD(${c}, ${p}), ${2 * p}) = ${p}`)} AS ${q(`c_${i}`)}`;
    }),
    ...side(-1, kf, 'f'),
    ...side(-2, kt, 't'),
  ];
  const sql =
    `SELECT\n  ${select.join(',\n  ')}\nFROM (SELECT\n  ${inner.join(',\n  ')},\n  COUNT(*) AS ${n}\n` +
    `FROM ${sideSubquery(plan, fromRel, cols, join.marker)} f\nFULL OUTER JOIN ${sideSubquery(plan, toRel, cols, join.marker)} t\n` +
    `  ON ${join.on}\nGROUP BY ${groupBy}) g`;
  const row = (await heavyQuery(plan.engine, sql)).rows[0] ?? {};
  const num = (name: string) => toNumber(row[name]);
  const unmatched = (p: string): UnmatchedKeys => ({
    nullKeys: num(`${p}_null`),
    nullsByColumn: keyNames.map((_k, i) => num(`${p}_null_${i}`)),
    duplicateKeys: num(`${p}_dup_keys`),
    duplicateRows: num(`${p}_dup_rows`),
  });
  const r = { added: num('added'), removed: num('removed'), matched: num('matched') };
  return {
    ...r,
    changed: num('changed'),
    columns: compared.map((_c, i) => num(`c_${i}`)),
    fromPresent: r.removed + r.matched,
    toPresent: r.added + r.matched,
    unmatchedFrom: unmatched('f'),
    unmatchedTo: unmatched('t'),
  };
}

export async function keyed(
  plan: Plan,
  md: ModelDiff,
  fromRel: Relation,
  toRel: Relation,
  keyFrom: ColumnInfo[],
  keyTo: ColumnInfo[],
  compared: Compared[],
  fromCols: ColumnInfo[],
  toCols: ColumnInfo[],
): Promise<void> {
  const keyNames = keyFrom.map((c) => c.name);
  const marker = freshName('__vde_present', [...fromCols, ...toCols].map((c) => c.name));
  const nativeKeys = keyFrom.every((kf, i) => sameKeyType(plan, kf, keyTo[i] as ColumnInfo));

  // Speculative: plain equality (NULL key parts never match) plus the row counts, at once.
  const plain = keyJoin(plan, keyFrom, keyTo, keyFrom.map(() => false), marker);
  const [first, nf, nt] = await Promise.all([
    joinAggregate(plan, fromRel, toRel, keyNames, compared, plain),
    countRows(plan, fromRel),
    countRows(plan, toRel),
  ]);
  let fc = verifiedFromJoin(nf, first.fromPresent, nt, first.toPresent, first.unmatchedFrom, nativeKeys);
  let tc = verifiedFromJoin(nt, first.toPresent, nf, first.fromPresent, first.unmatchedTo, nativeKeys);
  if (!fc || !tc) {
    [fc, tc] = await Promise.all([keyCheck(plan, fromRel, keyFrom, fromCols), keyCheck(plan, toRel, keyTo, toCols)]);
  }
  recordKeyChecks(md, keyNames, [
    { side: 'from', check: fc },
    { side: 'to', check: tc },
  ]);

  // NULL key parts: match them NULL-safely (on their text) and count again. Duplicates alone keep
  // the plain join's pairwise counts.
  const nullable = keyFrom.map((_c, i) => (fc.nullsByColumn[i] ?? 0) + (tc.nullsByColumn[i] ?? 0) > 0);
  const join = nullable.some(Boolean) ? keyJoin(plan, keyFrom, keyTo, nullable, marker) : plain;
  const agg = join === plain ? first : await joinAggregate(plan, fromRel, toRel, keyNames, compared, join);

  md.rows = { from: nf, to: nt, added: agg.added, removed: agg.removed, changed: agg.changed, unchanged: agg.matched - agg.changed };
  md.columns = compared.map((c, i) => {
    const n = agg.columns[i] ?? 0;
    return { name: c.name, changed: n, matchPct: pct(agg.matched - n, agg.matched) };
  });
  if (compared.length === 0) md.warnings.push('No common non-key columns: only keys were compared.');
  if (plan.opts.samples > 0) await keyedSamples(plan, md, fromRel, toRel, keyNames, compared, fromCols, toCols, join);
}

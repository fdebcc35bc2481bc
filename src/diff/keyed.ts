// Keyed comparison in ONE pass over `from FULL OUTER JOIN to ON <key>` (DESIGN "Table diff").
//
// One statement computes every count, the key check and the sample candidates:
//   r: per join row, a status and change mask x_0 (-1: only in from, -2: only in to, else a bit
//      mask of the first 62 compared columns that differ; x_1, x_2, ... the next 62 each) and the
//      key as matched (k_i);
//   g: r grouped by the masks and, for rows that differ, the key. Unchanged rows collapse into one
//      group per pattern, so g holds about one row per differing row; Postgres aggregates it in
//      its parallel workers (r carries the dialect's subquery fence for that, see DiffDialect);
//   the result: the totals over g, and the first `samples` differing keys of every category and of
//      every compared column (running counts over g in key order), as text.
// Bits are read with MOD(x, 2^(j+1)) >= 2^j, which is exact integer arithmetic on any engine (no
// division). Grouping unmatched rows by key makes the key check exact without a GROUP BY over
// each side: see key-check.ts for when a per-side check still runs.
//
// Statements per model: this one; a re-run with the NULL-safe join only when both sides have NULL
// parts in a key column (plain equality never matches NULLs, so the first run counts them); one
// scan per side for the row counts and the chosen sample rows (samples.ts); a per-side key check
// only when the join cannot prove the key check (key-check.ts); the profile (profile.ts).

import type { ColumnInfo, Relation } from '../engines/types';
import type { UnmatchedKeys } from './key-check';
import type { Compared, KeyPart, Plan } from './plan';
import { freshName, sideSubquery, toNumber, toText } from './sql';

/** Compared columns per mask chunk: 62 bits keep every sum within a signed 64-bit integer. */
export const MASK_BITS = 62;

export interface JoinSpec {
  fromRel: Relation;
  toRel: Relation;
  keys: KeyPart[];
  compared: Compared[];
  /** Key parts matched NULL-safely (NULL equals NULL) instead of with plain equality. */
  nullSafe: boolean[];
  marker: string;
}

/** A differing row (or group of rows with one key) that may be shown as a sample. */
export interface Candidate {
  /** The status and mask chunks, exact (BigInt). */
  x: bigint[];
  /** The key as matched, as text (null for NULL parts). */
  key: (string | null)[];
  /** Rows with this key and this change pattern (more than 1 only with duplicate keys). */
  n: number;
}

export interface JoinCounts {
  added: number;
  removed: number;
  matched: number;
  changed: number;
  /** Per compared column: matched rows where it differs. */
  columns: number[];
  /** Join rows carrying a from-row / a to-row. */
  fromPresent: number;
  toPresent: number;
  unmatchedFrom: UnmatchedKeys;
  unmatchedTo: UnmatchedKeys;
  /** In key order: enough rows to show `samples` of every category and every compared column. */
  candidates: Candidate[];
}

export function joinSpec(fromRel: Relation, toRel: Relation, keys: KeyPart[], compared: Compared[], cols: ColumnInfo[]): JoinSpec {
  const marker = freshName('__vde_present', cols.map((c) => c.name));
  return { fromRel, toRel, keys, compared, nullSafe: keys.map(() => false), marker };
}

/** Is bit `j` of the mask chunk `x` set: exact on integers, no division. */
export function bitTest(x: string, j: number): string {
  return `MOD(${x}, ${2n ** BigInt(j + 1)}) >= ${2n ** BigInt(j)}`;
}

export function joinCondition(spec: JoinSpec): string {
  return spec.keys
    .map((k, i) => {
      const f = k.expr('f', 'from');
      const t = k.expr('t', 'to');
      // FULL JOIN needs hash- or merge-joinable conditions: `IS NOT DISTINCT FROM` is neither.
      if (spec.nullSafe[i]) return `(${f} IS NULL) = (${t} IS NULL) AND COALESCE(${f}, ${k.filler}) = COALESCE(${t}, ${k.filler})`;
      return `${f} = ${t}`;
    })
    .join('\n  AND ');
}

export async function joinPass(plan: Plan, spec: JoinSpec): Promise<JoinCounts> {
  const { d, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const m = q(spec.marker);
  const { keys, compared } = spec;
  const chunks: Compared[][] = [];
  for (let i = 0; i < compared.length; i += MASK_BITS) chunks.push(compared.slice(i, i + MASK_BITS));
  if (chunks.length === 0) chunks.push([]);
  const mask = (chunk: Compared[]) =>
    chunk.length === 0 ? '0' : chunk.map((c, j) => `CASE WHEN ${c.differs('f', 't')} THEN ${2n ** BigInt(j)} ELSE 0 END`).join('\n    + ');
  const x = chunks.map((_c, i) => q(`x_${i}`));
  const k = keys.map((_k, i) => q(`k_${i}`));
  const n = q('n');
  const unmatched = `t.${m} IS NULL OR f.${m} IS NULL`;
  const rSelect = [
    `CASE WHEN t.${m} IS NULL THEN -1 WHEN f.${m} IS NULL THEN -2 ELSE ${mask(chunks[0] as Compared[])} END AS ${x[0]}`,
    ...chunks.slice(1).map((c, i) => `CASE WHEN ${unmatched} THEN 0 ELSE ${mask(c)} END AS ${x[i + 1]}`),
    ...keys.map((kp, i) => `COALESCE(${kp.expr('f', 'from')}, ${kp.expr('t', 'to')}) AS ${k[i]}`),
    ...(d.diff.subqueryFence ? [`${d.diff.subqueryFence} AS ${q(freshName('__vde_fence', [spec.marker]))}`] : []),
  ];
  const cols = [...keys.map((kp) => kp.name), ...compared.map((c) => c.name)];
  const r =
    `SELECT\n  ${rSelect.join(',\n  ')}\n` +
    `FROM ${sideSubquery(plan, spec.fromRel, cols, spec.marker)} f\n` +
    `FULL OUTER JOIN ${sideSubquery(plan, spec.toRel, cols, spec.marker)} t\n  ON ${joinCondition(spec)}`;
  const differing = (a: string) => x.map((c) => `${a}.${c} <> 0`).join(' OR ');
  const g =
    `SELECT ${x.map((c) => `r.${c} AS ${c}`).join(', ')}` +
    `${k.map((c) => `, CASE WHEN ${differing('r')} THEN r.${c} END AS ${c}`).join('')}, COUNT(*) AS ${n}\n` +
    `FROM (${r}) r\nGROUP BY ${[...x, ...k].map((_c, i) => String(i + 1)).join(', ')}`;

  const sum = (cond: string, value = `g.${n}`) => `COALESCE(SUM(CASE WHEN ${cond} THEN ${value} ELSE 0 END), 0)`;
  const bit = (i: number) => bitTest(`g.${x[Math.floor(i / MASK_BITS)]}`, i % MASK_BITS);
  const matched = `g.${x[0]} >= 0`;
  const side = (code: number, p: string) => [
    `${sum(`g.${x[0]} = ${code} AND (${k.map((c) => `g.${c} IS NULL`).join(' OR ')})`)} AS ${q(`${p}_null`)}`,
    ...k.map((c, i) => `${sum(`g.${x[0]} = ${code} AND g.${c} IS NULL`)} AS ${q(`${p}_null_${i}`)}`),
    `${sum(`g.${x[0]} = ${code} AND g.${n} > 1`, '1')} AS ${q(`${p}_dup_keys`)}`,
    `${sum(`g.${x[0]} = ${code} AND g.${n} > 1`, `g.${n} - 1`)} AS ${q(`${p}_dup_rows`)}`,
  ];
  const totals = [
    `${sum(`g.${x[0]} = -2`)} AS ${q('added')}`,
    `${sum(`g.${x[0]} = -1`)} AS ${q('removed')}`,
    `${sum(matched)} AS ${q('matched')}`,
    `${sum(`${matched} AND (${x.map((c) => `g.${c} > 0`).join(' OR ')})`)} AS ${q('changed')}`,
    ...compared.map((_c, i) => `${sum(`${matched} AND ${bit(i)}`)} AS ${q(`c_${i}`)}`),
    ...side(-1, 'f'),
    ...side(-2, 't'),
  ];
  let sql = `WITH ${q('g')} AS (\n${g}\n)\n`;
  if (opts.samples > 0) {
    // Running counts in key order; a row is a candidate while it is among the first `samples`
    // rows of its category, or of a column that differs in it.
    const order = [...k.map((c) => `g.${c}`), ...x.map((c) => `g.${c}`)].join(', ');
    const w = `OVER (ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    const running = [
      `SUM(CASE WHEN g.${x[0]} = -1 THEN 1 ELSE 0 END) ${w} AS ${q('r_removed')}`,
      `SUM(CASE WHEN g.${x[0]} = -2 THEN 1 ELSE 0 END) ${w} AS ${q('r_added')}`,
      ...compared.map((_c, i) => `SUM(CASE WHEN ${matched} AND ${bit(i)} THEN 1 ELSE 0 END) ${w} AS ${q(`r_${i}`)}`),
      `ROW_NUMBER() ${w} AS ${q('rn')}`,
    ];
    const bitS = (i: number) => bitTest(`s.${x[Math.floor(i / MASK_BITS)]}`, i % MASK_BITS);
    const keep = [
      `(s.${x[0]} = -1 AND s.${q('r_removed')} <= ${opts.samples})`,
      `(s.${x[0]} = -2 AND s.${q('r_added')} <= ${opts.samples})`,
      ...compared.map((_c, i) => `(s.${x[0]} >= 0 AND ${bitS(i)} AND s.${q(`r_${i}`)} <= ${opts.samples})`),
    ];
    const cand: [string, string][] = [
      ...x.map((c, i): [string, string] => [d.castToText(`s.${c}`), `sx_${i}`]),
      ...k.map((c, i): [string, string] => [d.castToText(`s.${c}`), `sk_${i}`]),
      [`s.${n}`, 'sn'],
      [`s.${q('rn')}`, 'srn'],
    ];
    sql +=
      `SELECT tot.*, ${cand.map(([, name]) => `smp.${q(name)}`).join(', ')}\n` +
      `FROM (SELECT\n  ${totals.join(',\n  ')}\nFROM ${q('g')} g) tot\n` +
      `LEFT JOIN (SELECT ${cand.map(([e, name]) => `${e} AS ${q(name)}`).join(', ')}\n` +
      `  FROM (SELECT g.*,\n    ${running.join(',\n    ')}\n    FROM ${q('g')} g WHERE ${differing('g')}) s\n` +
      `  WHERE ${keep.join('\n     OR ')}) smp ON 1 = 1`;
  } else {
    sql += `SELECT\n  ${totals.join(',\n  ')}\nFROM ${q('g')} g`;
  }
  const res = await plan.q.query<Record<string, unknown>>(sql);
  const row = res.rows[0] ?? {};
  const num = (name: string) => toNumber(row[name]);
  const unmatchedKeys = (p: string): UnmatchedKeys => ({
    nullKeys: num(`${p}_null`),
    nullsByColumn: keys.map((_k, i) => num(`${p}_null_${i}`)),
    duplicateKeys: num(`${p}_dup_keys`),
    duplicateRows: num(`${p}_dup_rows`),
  });
  const counts = { added: num('added'), removed: num('removed'), matched: num('matched') };
  const candidates: Candidate[] = res.rows
    .filter((rw) => rw.sx_0 !== null && rw.sx_0 !== undefined)
    .sort((a, b) => toNumber(a.srn) - toNumber(b.srn))
    .map((rw) => ({
      x: x.map((_c, i) => BigInt(String(rw[`sx_${i}`]))),
      key: keys.map((_k, i) => toText(rw[`sk_${i}`])),
      n: toNumber(rw.sn),
    }));
  return {
    ...counts,
    changed: num('changed'),
    columns: compared.map((_c, i) => num(`c_${i}`)),
    fromPresent: counts.removed + counts.matched,
    toPresent: counts.added + counts.matched,
    unmatchedFrom: unmatchedKeys('f'),
    unmatchedTo: unmatchedKeys('t'),
    candidates,
  };
}

/** Does compared column `i` differ in a candidate row (a matched row)? */
export function candidateDiffers(c: Candidate, i: number): boolean {
  const chunk = c.x[Math.floor(i / MASK_BITS)] ?? 0n;
  return (c.x[0] ?? 0n) >= 0n && ((chunk >> BigInt(i % MASK_BITS)) & 1n) === 1n;
}

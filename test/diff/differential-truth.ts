// The ground truth of the differential check (differential.ts): every count the table diff
// reports, computed in JavaScript from the rows read back as text, on exact decimals (BigInt). It
// implements the documented comparison rules (docs/diff.md) and uses nothing of vde's.

import type { ModelDiff } from '../../src/diff/types';
import { KINDS, type Column, type Kind, type Pair } from './differential';

// ---------------------------------------------------------------------------------------------
// Exact decimals (BigInt), independent of vde

interface Dec {
  /** NaN, Infinity or -Infinity, else undefined. */
  special?: string;
  /** value = n / 10^scale */
  n: bigint;
  scale: number;
}

export function dec(text: string): Dec {
  const t = text.trim();
  if (/^(nan|\+?infinity|-infinity)$/i.test(t)) return { special: t.toLowerCase().replace('+', ''), n: 0n, scale: 0 };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(t);
  if (!m) throw new Error(`not a number: ${text}`);
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  let n = BigInt(`${int}${frac}` || '0');
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n: sign === '-' ? -n : n, scale };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale), s];
}

function decEqual(a: Dec, b: Dec): boolean {
  if (a.special || b.special) return a.special === b.special;
  const [x, y] = align(a, b);
  return x === y;
}

/** |a - b| < 0.5 * 10^-d, with NaN equal to NaN and infinities equal to themselves. */
function decClose(a: Dec, b: Dec, d: number): boolean {
  if (a.special || b.special) return a.special === b.special;
  const [x, y, s] = align(a, b);
  const diff = x > y ? x - y : y - x;
  // diff / 10^s < 5 / 10^(d+1)  <=>  diff * 10^(d+1) < 5 * 10^s
  return diff * 10n ** BigInt(d + 1) < 5n * 10n ** BigInt(s);
}

/** A canonical string of a number's value (so equal values give equal strings). */
export function decKey(a: Dec): string {
  if (a.special) return a.special;
  let { n, scale } = a;
  while (scale > 0 && n % 10n === 0n) {
    n /= 10n;
    scale--;
  }
  return `${n}e-${scale}`;
}

/** Round half away from zero to d places (keyless comparisons with --decimals). */
function decRound(a: Dec, d: number): Dec {
  if (a.special || a.scale <= d) return a;
  const f = 10n ** BigInt(a.scale - d);
  const neg = a.n < 0n;
  const abs = neg ? -a.n : a.n;
  let q = abs / f;
  if ((abs % f) * 2n >= f) q += 1n;
  return { n: neg ? -q : q, scale: d };
}

// ---------------------------------------------------------------------------------------------
// Ground truth

export interface Truth {
  rows: ModelDiff['rows'];
  columns: Map<string, number>;
  keyCheck: ModelDiff['keyCheck'];
  schema: { added: string[]; removed: string[]; typeChanged: string[] };
  /** Canonical keys of removed / added rows; for changed: key -> columns that differ. */
  removedKeys: Set<string>;
  addedKeys: Set<string>;
  changedCells: Set<string>;
  profileMoved: Map<string, string[]>;
}

export const isNum = (kind: string | undefined) => kind !== undefined && (KINDS[kind] as Kind).family === 'number';

export function truthOf(p: Pair, from: (string | null)[][], to: (string | null)[][], samples: number): Truth {
  void samples;
  const idx = new Map(p.columns.map((c, i) => [c.name, i]));
  const common = p.columns.filter((c) => c.from && c.to && !p.keys.includes(c.name));
  const keyCols = p.columns.filter((c) => p.keys.includes(c.name));
  // A key part's canonical value: numbers by value, the rest by text; NULL equals NULL.
  const canon = (kindFrom: string | undefined, kindTo: string | undefined, v: string | null) => {
    if (v === null) return '\u0000null';
    if (isNum(kindFrom) && isNum(kindTo)) return decKey(dec(v));
    return `t:${v}`;
  };
  const keyOf = (row: (string | null)[]) => JSON.stringify(keyCols.map((c) => canon(c.from, c.to, row[idx.get(c.name) as number] ?? null)));
  const differs = (c: Column, a: string | null, b: string | null): boolean => {
    if (a === null || b === null) return (a === null) !== (b === null);
    if (isNum(c.from) && isNum(c.to)) {
      const x = dec(a);
      const y = dec(b);
      const bothInt = (c.from === 'int' || c.from === 'bigint') && (c.to === 'int' || c.to === 'bigint');
      if (p.decimals !== undefined && !bothInt) return !(decEqual(x, y) || decClose(x, y, p.decimals));
      return !decEqual(x, y);
    }
    return a !== b;
  };
  const schema = {
    added: p.columns.filter((c) => c.to && !c.from).map((c) => c.name),
    removed: p.columns.filter((c) => c.from && !c.to).map((c) => c.name),
    typeChanged: p.columns.filter((c) => c.from && c.to && (KINDS[c.from] as Kind).type !== (KINDS[c.to] as Kind).type).map((c) => c.name),
  };
  const columns = new Map(common.map((c) => [c.name, 0]));
  const removedKeys = new Set<string>();
  const addedKeys = new Set<string>();
  const changedCells = new Set<string>();
  let added = 0;
  let removed = 0;
  let changed = 0;
  let unchanged = 0;
  const nullKey = (row: (string | null)[]) => keyCols.some((c) => row[idx.get(c.name) as number] === null);
  const dupCount = (rows: (string | null)[][]) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + 1);
    return [...counts.values()].filter((n) => n > 1).length;
  };
  let keyCheck = { nullKeys: 0, duplicateKeys: 0 };
  if (p.keys.length > 0) {
    const byKey = (rows: (string | null)[][]) => {
      const m = new Map<string, (string | null)[][]>();
      for (const row of rows) m.set(keyOf(row), [...(m.get(keyOf(row)) ?? []), row]);
      return m;
    };
    const f = byKey(from);
    const t = byKey(to);
    for (const [k, fr] of f) {
      const tr = t.get(k);
      if (!tr) {
        removed += fr.length;
        removedKeys.add(k);
        continue;
      }
      for (const a of fr) {
        for (const b of tr) {
          let any = false;
          for (const c of common) {
            const i = idx.get(c.name) as number;
            if (differs(c, a[i] ?? null, b[i] ?? null)) {
              any = true;
              columns.set(c.name, (columns.get(c.name) ?? 0) + 1);
              changedCells.add(`${k}|${c.name}`);
            }
          }
          if (any) changed++;
          else unchanged++;
        }
      }
    }
    for (const [k, tr] of t) {
      if (!f.has(k)) {
        added += tr.length;
        addedKeys.add(k);
      }
    }
    keyCheck = {
      nullKeys: from.filter(nullKey).length + to.filter(nullKey).length,
      duplicateKeys: dupCount(from) + dupCount(to),
    };
  } else {
    // Multisets of the common columns (numbers by value, rounded with --decimals).
    const value = (c: Column, v: string | null) => {
      if (v === null) return '\u0000null';
      if (isNum(c.from) && isNum(c.to)) {
        const bothInt = (c.from === 'int' || c.from === 'bigint') && (c.to === 'int' || c.to === 'bigint');
        const x = dec(v);
        return decKey(p.decimals !== undefined && !bothInt ? decRound(x, p.decimals) : x);
      }
      return `t:${v}`;
    };
    const tuple = (row: (string | null)[]) => JSON.stringify(common.map((c) => value(c, row[idx.get(c.name) as number] ?? null)));
    const counts = new Map<string, [number, number]>();
    for (const row of from) counts.set(tuple(row), [(counts.get(tuple(row))?.[0] ?? 0) + 1, counts.get(tuple(row))?.[1] ?? 0]);
    for (const row of to) counts.set(tuple(row), [counts.get(tuple(row))?.[0] ?? 0, (counts.get(tuple(row))?.[1] ?? 0) + 1]);
    for (const [fn, tn] of counts.values()) {
      added += Math.max(0, tn - fn);
      removed += Math.max(0, fn - tn);
      unchanged += Math.min(fn, tn);
    }
  }
  // Profile: per common column and side, nulls, distinct values (GROUP BY equality) and min/max.
  const profileMoved = new Map<string, string[]>();
  if (added + removed + changed > 0) {
    for (const c of common) {
      const i = idx.get(c.name) as number;
      const stats = (rows: (string | null)[][], kind: string) => {
        const vals = rows.map((r) => r[i] ?? null);
        const present = vals.filter((v): v is string => v !== null);
        const num = isNum(kind);
        const keys = new Set(present.map((v) => (num ? decKey(dec(v)) : v)));
        let min: string | null = null;
        let max: string | null = null;
        if (num) {
          // Postgres orders NaN above every number.
          const cmp = (a: string, b: string) => {
            const x = dec(a);
            const y = dec(b);
            const rank = (d: Dec) => (d.special === 'nan' ? 2 : d.special === 'infinity' ? 1 : d.special === '-infinity' ? -1 : 0);
            if (rank(x) !== rank(y)) return rank(x) - rank(y);
            if (rank(x) !== 0) return 0;
            const [u, w] = align(x, y);
            return u < w ? -1 : u > w ? 1 : 0;
          };
          for (const v of present) {
            if (min === null || cmp(v, min) < 0) min = v;
            if (max === null || cmp(v, max) > 0) max = v;
          }
        }
        if (kind === 'date' || kind === 'ts') {
          // ISO text orders like the dates and timestamps it writes.
          for (const v of present) {
            if (min === null || v < min) min = v;
            if (max === null || v > max) max = v;
          }
        }
        return { rows: vals.length, nulls: vals.length - present.length, distinct: keys.size, min, max, num, range: num || kind === 'date' || kind === 'ts' };
      };
      const a = stats(from, c.from as string);
      const b = stats(to, c.to as string);
      const moved: string[] = [];
      const nullsMoved = a.rows === 0 || b.rows === 0 ? a.nulls !== b.nulls : a.nulls * b.rows !== b.nulls * a.rows;
      if (nullsMoved) moved.push('nulls');
      if (a.distinct !== b.distinct) moved.push('distinct');
      if (a.range && b.range) {
        const same = (x: string | null, y: string | null) =>
          x === null || y === null ? x === y : a.num && b.num ? decKey(dec(x)) === decKey(dec(y)) : x === y;
        if (!same(a.min, b.min)) moved.push('min');
        if (!same(a.max, b.max)) moved.push('max');
      }
      if (moved.length > 0) profileMoved.set(c.name, moved);
    }
  }
  return {
    rows: { from: from.length, to: to.length, added, removed, changed: p.keys.length > 0 ? changed : null, unchanged },
    columns,
    keyCheck,
    schema,
    removedKeys,
    addedKeys,
    changedCells,
    profileMoved,
  };
}


// A differential check of the table diff: random table pairs on a real Postgres, and every count
// vde reports compared with a ground truth computed in JavaScript (differential-truth.ts) from the
// rows read back as text. Nothing here uses vde's SQL or its helpers; the comparison rules are the
// documented ones (docs/diff.md), implemented independently on exact decimals (BigInt).
//
// Used by differential.test.ts (a bounded, seeded slice in `npm test`) and differential.soak.ts
// (`npm run soak`). Trials and seed: VDE_DIFF_TRIALS, VDE_DIFF_SEED.

import { expect } from '@jest/globals';
import pg from 'pg';
import { createEngine } from '../../src/engines/index';
import type { Engine } from '../../src/engines/types';
import { diffModels } from '../../src/diff/table-diff';
import type { DiffTarget, ModelDiff } from '../../src/diff/types';
import { dec, decKey, isNum, truthOf } from './differential-truth';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rand, p: number) => r() < p;

// ---------------------------------------------------------------------------------------------
// Value kinds: a Postgres type and a generator of SQL text values (null = SQL NULL)

type Family = 'number' | 'text';
export interface Kind {
  type: string;
  family: Family;
  gen(r: Rand): string | null;
}

const TEXTS = ['a', 'A', "O'Brien", 'say "hi"', 'back\\slash', '', ' ', 'naïve', '日本語', '🙂', 'e\u0301', '<b>|x|</b>', '@here', 'line\nbreak'];
const FLOATS = ['0', '-0', '0.1', '0.10000000000000002', '1', '1.004', '1.005', '1.006', '1e15', '123456789.12345678', '123456789.12345726', 'NaN', 'Infinity', '-2.5', '0.3333333333333333'];
const NUMERICS = ['0', '0.0', '1', '1.0', '1.00', '1.004', '1.005', '2.5', '-2.5', '123456789012345678901234.5', '0.000000000000000000001'];

export const KINDS: Record<string, Kind> = {
  int: { type: 'integer', family: 'number', gen: (r) => String(Math.floor(r() * 7) - 3) },
  bigint: { type: 'bigint', family: 'number', gen: (r) => pick(r, ['9007199254740993', '9007199254740992', '-1', '4611686018427387904', '0']) },
  numeric: { type: 'numeric', family: 'number', gen: (r) => pick(r, NUMERICS) },
  float: { type: 'double precision', family: 'number', gen: (r) => pick(r, FLOATS) },
  real: { type: 'real', family: 'number', gen: (r) => pick(r, ['0.1', '1.5', '-0', '3.4028235e38']) },
  text: { type: 'text', family: 'text', gen: (r) => pick(r, TEXTS) },
  bool: { type: 'boolean', family: 'text', gen: (r) => pick(r, ['true', 'false']) },
  date: { type: 'date', family: 'text', gen: (r) => pick(r, ['2024-01-01', '2024-02-29', '1999-12-31', '2024-01-02']) },
  ts: { type: 'timestamp', family: 'text', gen: (r) => pick(r, ['2024-01-01 00:00:00', '2024-01-01 00:00:00.5', '2024-06-30 23:59:59.999999']) },
};

// Retypings a PR may do, and how a value of the old type is written in the new one.
const RETYPES: { from: string; to: string; carry(v: string): string }[] = [
  { from: 'int', to: 'numeric', carry: (v) => `${v}.00` },
  { from: 'int', to: 'float', carry: (v) => v },
  { from: 'bigint', to: 'float', carry: (v) => v },
  { from: 'real', to: 'float', carry: (v) => v },
  { from: 'int', to: 'text', carry: (v) => v },
  { from: 'float', to: 'numeric', carry: (v) => (v === 'NaN' || v === 'Infinity' || v === '-0' ? '0' : v) },
];

// ---------------------------------------------------------------------------------------------
// A random pair

export interface Column {
  name: string;
  from?: string; // kind name on the from-side (absent: added column)
  to?: string; // kind name on the to-side (absent: removed column)
  carry?: (v: string) => string;
}

export interface Pair {
  name: string;
  keys: string[];
  columns: Column[];
  fromRows: (string | null)[][];
  toRows: (string | null)[][];
  decimals?: number;
}

function genValue(r: Rand, kind: string, nulls: number): string | null {
  return chance(r, nulls) ? null : (KINDS[kind] as Kind).gen(r);
}

export function randomPair(r: Rand, name: string): Pair {
  const keyMode = pick(r, ['single', 'single', 'composite', 'none'] as const);
  const keyKinds = keyMode === 'none' ? [] : keyMode === 'single' ? [pick(r, ['int', 'numeric', 'float', 'text'])] : [pick(r, ['int', 'text']), pick(r, ['date', 'int', 'bool'])];
  const keys = keyKinds.map((_k, i) => `k${i}`);
  const columns: Column[] = keyKinds.map((k, i) => ({ name: `k${i}`, from: k, to: k }));
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.12) {
      const t = pick(r, RETYPES);
      columns.push({ name: `c${i}`, from: t.from, to: t.to, carry: t.carry });
    } else if (roll < 0.2) columns.push({ name: `c${i}`, to: pick(r, Object.keys(KINDS)) });
    else if (roll < 0.28) columns.push({ name: `c${i}`, from: pick(r, Object.keys(KINDS)) });
    else {
      const k = pick(r, Object.keys(KINDS));
      columns.push({ name: `c${i}`, from: k, to: k });
    }
  }
  if (!columns.some((c) => c.from) || !columns.some((c) => c.to)) columns.push({ name: `c${n}`, from: 'int', to: 'int' });
  const nulls = pick(r, [0, 0.1, 0.3]);
  const rows = Math.floor(r() * 30);
  const fromRows: (string | null)[][] = [];
  for (let i = 0; i < rows; i++) {
    fromRows.push(
      columns.map((c, j) => {
        if (!c.from) return null;
        if (j < keys.length) {
          // Mostly distinct keys, some NULL parts and some duplicates.
          if (chance(r, nulls / 3)) return null;
          if (c.from === 'int' && chance(r, 0.9)) return String(chance(r, 0.1) ? Math.floor(r() * rows) : i);
          return genValue(r, c.from, 0);
        }
        return genValue(r, c.from, nulls);
      }),
    );
  }
  const toRows: (string | null)[][] = [];
  const toValue = (c: Column, v: string | null, j: number): string | null => {
    if (!c.to) return null;
    if (!c.from) return genValue(r, c.to, nulls);
    if (v === null) return chance(r, 0.2) ? genValue(r, c.to, 0) : null;
    if (j >= keys.length && chance(r, 0.15)) return genValue(r, c.to, nulls);
    return c.carry ? c.carry(v) : v;
  };
  for (const row of fromRows) {
    if (chance(r, 0.15)) continue; // removed
    const copies = chance(r, 0.05) ? 2 : 1; // a duplicate
    for (let k = 0; k < copies; k++) toRows.push(columns.map((c, j) => toValue(c, row[j] ?? null, j)));
  }
  const added = Math.floor(r() * 5);
  for (let i = 0; i < added; i++) {
    toRows.push(columns.map((c, j) => (c.to ? (j < keys.length && c.to === 'int' ? String(100 + i) : genValue(r, c.to, nulls)) : null)));
  }
  const decimals = chance(r, 0.25) ? pick(r, [0, 2, 8, 16]) : undefined;
  return { name, keys, columns, fromRows, toRows, ...(decimals !== undefined ? { decimals } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Running trials

export interface Warehouse {
  engine: Engine;
  client: pg.Client;
}

export async function openWarehouse(url: string): Promise<Warehouse> {
  const engine = await createEngine({ type: 'postgres', url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET extra_float_digits = 1');
  await client.query('CREATE SCHEMA IF NOT EXISTS da');
  await client.query('CREATE SCHEMA IF NOT EXISTS db');
  return { engine, client };
}

async function load(client: pg.Client, schema: string, p: Pair, side: 'from' | 'to', rows: (string | null)[][]): Promise<void> {
  const cols = p.columns.filter((c) => c[side]);
  const table = `${schema}."${p.name}"`;
  await client.query(`CREATE TABLE ${table} (${cols.map((c) => `"${c.name}" ${(KINDS[c[side] as string] as Kind).type}`).join(', ')})`);
  const at = cols.map((c) => p.columns.indexOf(c));
  for (const row of rows) {
    const params = at.map((i) => row[i] ?? null);
    await client.query(`INSERT INTO ${table} VALUES (${params.map((_v, i) => `$${i + 1}`).join(', ')})`, params);
  }
}

/** The table as the warehouse holds it, as text (what the truth is computed from). */
async function readBack(client: pg.Client, schema: string, p: Pair, side: 'from' | 'to'): Promise<(string | null)[][]> {
  const cols = p.columns.filter((c) => c[side]);
  const r = await client.query<Record<string, string | null>>(
    `SELECT ${cols.map((c, i) => `"${c.name}"::text AS v${i}`).join(', ')} FROM ${schema}."${p.name}"`,
  );
  return r.rows.map((row) => p.columns.map((c) => (c[side] ? (row[`v${cols.indexOf(c)}`] ?? null) : null)));
}

export async function runTrial(w: Warehouse, r: Rand, trial: number, samples: number): Promise<void> {
  const p = randomPair(r, `t${trial}`);
  await load(w.client, 'da', p, 'from', p.fromRows);
  await load(w.client, 'db', p, 'to', p.toRows);
  const from = await readBack(w.client, 'da', p, 'from');
  const to = await readBack(w.client, 'db', p, 'to');
  const truth = truthOf(p, from, to, samples);
  const target: DiffTarget = { model: p.name, category: 'breaking', from: { schema: 'da', name: p.name }, to: { schema: 'db', name: p.name }, on: p.keys };
  const result = await diffModels(w.engine, 'prod', 'pr', [target], { samples, ...(p.decimals !== undefined ? { decimals: p.decimals } : {}) });
  const m = result.models[0] as ModelDiff;
  const check = (what: string, actual: unknown, expected: unknown) => {
    try {
      expect(actual).toEqual(expected);
    } catch {
      const show = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (v instanceof Set ? [...v] : v instanceof Map ? Object.fromEntries(v) : v));
      throw new Error(
        `trial ${trial}: ${what}: vde says ${show(actual)}, the truth is ${show(expected)}\n` +
          `pair: ${show({ ...p, columns: p.columns.map((c) => ({ ...c, carry: c.carry ? 'yes' : undefined })) })}\n` +
          `from: ${show(from)}\nto: ${show(to)}\nvde: ${show(m)}`,
      );
    }
  };

  check('error', m.error, undefined);
  check('rows', m.rows, truth.rows);
  check('schema', {
    added: m.schema.added.map((c) => c.name),
    removed: m.schema.removed.map((c) => c.name),
    typeChanged: m.schema.typeChanged.map((c) => c.name),
  }, truth.schema);
  if (p.keys.length > 0) {
    check('columns', Object.fromEntries(m.columns.map((c) => [c.name, c.changed])), Object.fromEntries(truth.columns));
    check('keyCheck', m.keyCheck, truth.keyCheck);
  }
  check('profile', Object.fromEntries((m.profile ?? []).map((c) => [c.column, c.moved])), Object.fromEntries(truth.profileMoved));
  // Samples: bounded, and each one is a real removed / added row or a real changed value.
  const keyed = p.keys.length > 0;
  check('removed samples', m.samples.removed.length, Math.min(samples, truth.rows.removed ?? 0));
  check('added samples', m.samples.added.length, Math.min(samples, truth.rows.added ?? 0));
  if (keyed) {
    const keyOfSample = (row: Record<string, unknown>) =>
      JSON.stringify(p.keys.map((k) => {
        const c = p.columns.find((x) => x.name === k) as Column;
        const v = row[k] as string | null;
        return v === null ? '\u0000null' : isNum(c.from) && isNum(c.to) ? decKey(dec(v)) : `t:${v}`;
      }));
    for (const s of m.samples.removed) check('removed sample key', truth.removedKeys.has(keyOfSample(s)), true);
    for (const s of m.samples.added) check('added sample key', truth.addedKeys.has(keyOfSample(s)), true);
    for (const s of m.samples.changed) check('changed sample', truth.changedCells.has(`${keyOfSample(s.key)}|${s.column}`), true);
    check('changed samples present', m.samples.changed.length > 0, samples > 0 && (truth.rows.changed ?? 0) > 0);
    expect(m.samples.changed.length).toBeLessThanOrEqual(samples);
  }
}

export function trialsFromEnv(fallback: number): { trials: number; seed: number } {
  const trials = Number(process.env.VDE_DIFF_TRIALS ?? fallback);
  const seed = Number(process.env.VDE_DIFF_SEED ?? 20260101);
  if (!Number.isInteger(trials) || trials < 0) throw new Error('VDE_DIFF_TRIALS must be a whole number');
  if (!Number.isInteger(seed)) throw new Error('VDE_DIFF_SEED must be a whole number');
  return { trials, seed };
}

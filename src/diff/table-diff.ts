// Cross-environment table diff, pushed down to the warehouse (DESIGN "Table diff").
//
// Per model, at most these statements run, all through Engine.query and the Dialect:
//   1. listColumns on each side (schema diff);
//   2. keyed: one key-check aggregate per side (row count, NULL key parts, duplicate keys);
//   3. keyed: ONE aggregate over `from FULL OUTER JOIN to ON <key>` (added, removed, changed,
//      unchanged and per-column changed counts); keyless: ONE aggregate over the multiset of rows;
//   4. only when samples > 0: bounded (`LIMIT n`) sample queries ordered by the key.
// No table is ever read into Node; only counts and at most `samples` rows per category.
//
// SQL conventions (portable across Postgres and Snowflake, engine specifics come from the Dialect):
// `CASE WHEN ... THEN 1 ELSE 0 END` sums instead of FILTER, `IS DISTINCT FROM` for NULL-safe value
// comparison, every identifier and every output alias quoted by the dialect.
//
// `DiffOptions.where` is user SQL by design: it is inserted verbatim, in parentheses and on its own
// lines (so a trailing `--` comment cannot swallow the closing parenthesis), into both sides' WHERE.
// It is exactly as trusted as the model SQL the same user writes.

import type { ColumnInfo, Dialect, Engine, Relation } from '../engines/types';
import { VdeError, WarehouseError } from '../errors';
import type { DiffOptions, DiffResult, DiffTarget, KeySideCheck, ModelDiff, RowCounts, SchemaDiff } from './types';

export type { KeySideCheck };

export async function diffModels(
  engine: Engine,
  from: string,
  to: string,
  targets: DiffTarget[],
  opts: DiffOptions,
): Promise<DiffResult> {
  if (!Number.isInteger(opts.samples) || opts.samples < 0) {
    throw new VdeError(`samples must be a non-negative integer (got ${opts.samples})`);
  }
  if (opts.decimals !== undefined && (!Number.isInteger(opts.decimals) || opts.decimals < 0)) {
    throw new VdeError(`decimals must be a non-negative integer (got ${opts.decimals})`);
  }
  const models: ModelDiff[] = [];
  for (const target of targets) {
    try {
      models.push(await diffTarget(engine, target, opts));
    } catch (err) {
      if (err instanceof WarehouseError && !err.model) {
        throw new WarehouseError(err.detail, err.statement, target.model, err.environment, { cause: err });
      }
      throw err;
    }
  }
  return { from, to, models };
}

// ---------------------------------------------------------------------------------------------
// Helpers

export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const n = Number(value);
    if (Number.isNaN(n)) throw new VdeError(`expected a number from the warehouse, got ${JSON.stringify(value)}`);
    return n;
  }
  throw new VdeError(`expected a number from the warehouse, got ${typeof value}`);
}

function sameRelation(a: Relation, b: Relation): boolean {
  return a.schema === b.schema && a.name === b.name;
}

function pct(equal: number, total: number): number {
  if (total === 0) return 100;
  return Math.round((10000 * equal) / total) / 100;
}

function emptySchema(): SchemaDiff {
  return { added: [], removed: [], typeChanged: [] };
}

/** Finds a column by exact name, else by the dialect's folding of the name (e.g. `--on ID`). */
function findColumn(cols: ColumnInfo[], name: string, dialect: Dialect): ColumnInfo | undefined {
  return cols.find((c) => c.name === name) ?? cols.find((c) => c.name === dialect.normalizeIdentifier(name));
}

/** A name for a helper column that no real column uses. */
function freshName(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  let name = base;
  for (let i = 1; set.has(name); i++) name = `${base}_${i}`;
  return name;
}

function whereClause(where: string | undefined): string {
  return where !== undefined && where.trim() !== '' ? `\nWHERE (\n${where}\n)` : '';
}

function listCounts(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// One target

interface Plan {
  engine: Engine;
  d: Dialect;
  opts: DiffOptions;
  target: DiffTarget;
}

/** A compared (common) column and the SQL that compares its two sides. */
interface Compared {
  name: string;
  fromType: string;
  toType: string;
  /** Expression for side alias `a` (used in both sides of the join / in the multiset). */
  expr(alias: string, side: 'from' | 'to'): string;
}

function comparedColumn(d: Dialect, opts: DiffOptions, f: ColumnInfo, t: ColumnInfo): Compared {
  const q = d.quoteIdentifier(f.name);
  const numericBoth = d.isNumericType(f.type) && d.isNumericType(t.type);
  let expr: (alias: string) => string;
  if (opts.decimals !== undefined && numericBoth) {
    expr = (a) => d.round(`${a}.${q}`, opts.decimals as number);
  } else if (f.type !== t.type && !numericBoth) {
    // Type changed (e.g. integer -> text): compare the text representations.
    expr = (a) => d.castToText(`${a}.${q}`);
  } else {
    expr = (a) => `${a}.${q}`;
  }
  return { name: f.name, fromType: f.type, toType: t.type, expr: (a) => expr(a) };
}

async function diffTarget(engine: Engine, target: DiffTarget, opts: DiffOptions): Promise<ModelDiff> {
  const d = engine.dialect;
  const plan: Plan = { engine, d, opts, target };
  const md: ModelDiff = {
    model: target.model,
    category: target.category,
    on: [...target.on],
    schema: emptySchema(),
    rows: { from: null, to: null, added: null, removed: null, changed: null, unchanged: null },
    columns: [],
    keyCheck: { nullKeys: 0, duplicateKeys: 0 },
    samples: { added: [], removed: [], changed: [] },
    warnings: [],
  };

  if (!target.from && !target.to) {
    md.warnings.push('Neither environment has this model; nothing to compare.');
    return md;
  }

  if (target.from && target.to && sameRelation(target.from, target.to)) {
    // Both environments read the same physical table: identical by construction, no query needed.
    md.rows = { from: null, to: null, added: 0, removed: 0, changed: target.on.length > 0 ? 0 : null, unchanged: null };
    md.warnings.push('Both environments use the same physical table; the data is identical (not counted).');
    return md;
  }

  if (!target.from || !target.to) {
    return oneSided(plan, md, target.from ? 'from' : 'to', (target.from ?? target.to) as Relation);
  }
  const fromRel = target.from;
  const toRel = target.to;

  const [fromCols, toCols] = await Promise.all([engine.listColumns(fromRel), engine.listColumns(toRel)]);
  if (fromCols.length === 0) md.warnings.push(`The from-relation ${d.qualify(fromRel)} has no columns (does it exist?).`);
  if (toCols.length === 0) md.warnings.push(`The to-relation ${d.qualify(toRel)} has no columns (does it exist?).`);

  // Schema diff.
  const toByName = new Map(toCols.map((c) => [c.name, c]));
  const fromByName = new Map(fromCols.map((c) => [c.name, c]));
  md.schema.removed = fromCols.filter((c) => !toByName.has(c.name)).map((c) => ({ name: c.name, type: c.type }));
  md.schema.added = toCols.filter((c) => !fromByName.has(c.name)).map((c) => ({ name: c.name, type: c.type }));
  md.schema.typeChanged = fromCols
    .filter((c) => toByName.has(c.name) && (toByName.get(c.name) as ColumnInfo).type !== c.type)
    .map((c) => ({ name: c.name, fromType: c.type, toType: (toByName.get(c.name) as ColumnInfo).type }));

  // Resolve the key on both sides.
  let keyFrom: ColumnInfo[] = [];
  let keyTo: ColumnInfo[] = [];
  if (target.on.length > 0) {
    const missing: string[] = [];
    for (const k of target.on) {
      const f = findColumn(fromCols, k, d);
      const t = findColumn(toCols, k, d);
      if (!f || !t || f.name !== t.name) missing.push(k);
      else {
        keyFrom.push(f);
        keyTo.push(t);
      }
    }
    if (missing.length > 0) {
      md.warnings.push(
        `Key column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing on one side; compared whole rows as multisets instead.`,
      );
      keyFrom = [];
      keyTo = [];
    } else {
      md.on = keyFrom.map((c) => c.name);
    }
  }

  const keyNames = new Set(keyFrom.map((c) => c.name));
  const compared = fromCols
    .filter((c) => toByName.has(c.name) && !keyNames.has(c.name))
    .map((c) => comparedColumn(d, opts, c, toByName.get(c.name) as ColumnInfo));

  if (keyFrom.length === 0) {
    await keyless(plan, md, fromRel, toRel, compared, fromCols, toCols);
  } else {
    await keyed(plan, md, fromRel, toRel, keyFrom, keyTo, compared, fromCols, toCols);
  }
  return md;
}

// ---------------------------------------------------------------------------------------------
// Key check

async function keyCheck(plan: Plan, rel: Relation, key: ColumnInfo[], cols: ColumnInfo[]): Promise<KeySideCheck> {
  const { d, engine, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const taken = cols.map((c) => c.name);
  const n = q(freshName('__vde_n', taken));
  const keyList = key.map((c) => q(c.name)).join(', ');
  const anyNull = key.map((c) => `g.${q(c.name)} IS NULL`).join(' OR ');
  const perColumn = key.map(
    (c, i) => `COALESCE(SUM(CASE WHEN g.${q(c.name)} IS NULL THEN g.${n} ELSE 0 END), 0) AS ${q(`null_${i}`)}`,
  );
  const sql = [
    'SELECT',
    `  COALESCE(SUM(g.${n}), 0) AS ${q('n_rows')},`,
    `  COALESCE(SUM(CASE WHEN g.${n} > 1 THEN 1 ELSE 0 END), 0) AS ${q('dup_keys')},`,
    `  COALESCE(SUM(CASE WHEN g.${n} > 1 THEN g.${n} - 1 ELSE 0 END), 0) AS ${q('dup_rows')},`,
    `  COALESCE(SUM(CASE WHEN ${anyNull} THEN g.${n} ELSE 0 END), 0) AS ${q('null_rows')}${perColumn.length ? ',' : ''}`,
    perColumn.map((s) => `  ${s}`).join(',\n'),
    `FROM (SELECT ${keyList}, COUNT(*) AS ${n} FROM ${d.qualify(rel)}${whereClause(opts.where)}`,
    `GROUP BY ${keyList}) g`,
  ].join('\n');
  const r = await engine.query(sql);
  const row = r.rows[0] ?? {};
  return {
    rows: toNumber(row.n_rows),
    duplicateKeys: toNumber(row.dup_keys),
    duplicateRows: toNumber(row.dup_rows),
    nullKeys: toNumber(row.null_rows),
    nullsByColumn: key.map((_c, i) => toNumber(row[`null_${i}`])),
  };
}

function keyWarnings(md: ModelDiff, key: string[], checks: { side: 'from' | 'to'; check: KeySideCheck }[]): void {
  const keyText = `(${key.join(', ')})`;
  const nulls = checks.filter((c) => c.check.nullKeys > 0);
  if (nulls.length > 0) {
    md.warnings.push(
      `Key ${keyText} has NULL parts in ${nulls
        .map((c) => `${listCounts(c.check.nullKeys, 'row')} of ${c.side}`)
        .join(' and ')}. Rows are matched NULL-safely (a NULL key part equals NULL), ` +
        'so these rows are still compared; key columns containing NULLs are matched on their text representation.',
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

// ---------------------------------------------------------------------------------------------
// Keyed comparison

interface KeyJoin {
  /** ON condition between aliases f and t. */
  on: string;
  /** Marker column name present in both side subqueries. */
  marker: string;
}

function keyJoin(plan: Plan, keyFrom: ColumnInfo[], keyTo: ColumnInfo[], nullable: boolean[], taken: string[]): KeyJoin {
  const { d } = plan;
  const marker = freshName('__vde_present', taken);
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
    if (kf.type !== kt.type && !(d.isNumericType(kf.type) && d.isNumericType(kt.type))) {
      return `${d.castToText(`f.${q}`)} = ${d.castToText(`t.${q}`)}`;
    }
    return `f.${q} = t.${q}`;
  });
  return { on: parts.join('\n  AND '), marker };
}

function sideSubquery(plan: Plan, rel: Relation, columns: string[], marker: string): string {
  const { d, opts } = plan;
  const list = [...columns.map((c) => d.quoteIdentifier(c)), `1 AS ${d.quoteIdentifier(marker)}`].join(', ');
  return `(SELECT ${list} FROM ${d.qualify(rel)}${whereClause(opts.where)})`;
}

async function keyed(
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
  const { d, engine, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const keyNames = keyFrom.map((c) => c.name);

  const taken = [...fromCols, ...toCols].map((c) => c.name);
  const cols = [...keyNames, ...compared.map((c) => c.name)];
  const diffs = compared.map((c) => `${c.expr('f', 'from')} IS DISTINCT FROM ${c.expr('t', 'to')}`);

  /** The one aggregate over the FULL OUTER JOIN. */
  const aggregate = async (join: KeyJoin) => {
    const m = q(join.marker);
    const from = `${sideSubquery(plan, fromRel, cols, join.marker)} f`;
    const to = `${sideSubquery(plan, toRel, cols, join.marker)} t`;
    const both = `f.${m} IS NOT NULL AND t.${m} IS NOT NULL`;
    const ds = diffs;
    const nullF = keyNames.map((k) => `f.${q(k)} IS NULL`).join(' OR ');
    const nullT = keyNames.map((k) => `t.${q(k)} IS NULL`).join(' OR ');
    const select = [
      `COALESCE(SUM(CASE WHEN f.${m} IS NULL THEN 1 ELSE 0 END), 0) AS ${q('added')}`,
      `COALESCE(SUM(CASE WHEN t.${m} IS NULL THEN 1 ELSE 0 END), 0) AS ${q('removed')}`,
      `COALESCE(SUM(CASE WHEN ${both} THEN 1 ELSE 0 END), 0) AS ${q('matched')}`,
      ds.length > 0
        ? `COALESCE(SUM(CASE WHEN ${both} AND (${ds.join(' OR ')}) THEN 1 ELSE 0 END), 0) AS ${q('changed')}`
        : `0 AS ${q('changed')}`,
      ...ds.map((e, i) => `COALESCE(SUM(CASE WHEN ${both} AND ${e} THEN 1 ELSE 0 END), 0) AS ${q(`c_${i}`)}`),
      // Validation for the fast key check: NULL key parts per side (with plain equality such rows
      // never match, so each appears exactly once).
      `COALESCE(SUM(CASE WHEN f.${m} IS NOT NULL AND (${nullF}) THEN 1 ELSE 0 END), 0) AS ${q('f_null')}`,
      `COALESCE(SUM(CASE WHEN t.${m} IS NOT NULL AND (${nullT}) THEN 1 ELSE 0 END), 0) AS ${q('t_null')}`,
    ];
    const sql = `SELECT\n  ${select.join(',\n  ')}\nFROM ${from}\nFULL OUTER JOIN ${to}\n  ON ${join.on}`;
    const row = (await engine.query(sql)).rows[0] ?? {};
    const added = toNumber(row.added);
    const removed = toNumber(row.removed);
    const matched = toNumber(row.matched);
    return {
      added,
      removed,
      matched,
      changed: toNumber(row.changed),
      columns: compared.map((_c, i) => toNumber(row[`c_${i}`])),
      /** Join rows carrying a from-row / a to-row. */
      fromPresent: removed + matched,
      toPresent: added + matched,
      nullKeys: toNumber(row.f_null) + toNumber(row.t_null),
    };
  };
  const count = async (rel: Relation) => {
    const r = await engine.query(`SELECT COUNT(*) AS ${q('n')} FROM ${d.qualify(rel)}${whereClause(opts.where)}`);
    return toNumber(r.rows[0]?.n);
  };
  const fullCheck = async () => {
    const [fc, tc] = await Promise.all([keyCheck(plan, fromRel, keyFrom, fromCols), keyCheck(plan, toRel, keyTo, toCols)]);
    md.keyCheck = { nullKeys: fc.nullKeys + tc.nullKeys, duplicateKeys: fc.duplicateKeys + tc.duplicateKeys };
    md.keyCheckDetail = { from: fc, to: tc, mode: 'full' };
    keyWarnings(md, keyNames, [
      { side: 'from', check: fc },
      { side: 'to', check: tc },
    ]);
    return { fc, tc };
  };
  const plainJoin = () => keyJoin(plan, keyFrom, keyTo, keyFrom.map(() => false), taken);

  let agg: Awaited<ReturnType<typeof aggregate>> | undefined;
  let join: KeyJoin;
  let fromRows: number;
  let toRows: number;
  if ((opts.keyCheck ?? 'full') === 'fast') {
    // Optimistic: plain equality join plus a row count per side. Keys are unique and NULL-free on
    // both sides exactly when no key part is NULL, every from-row appears once (to has no
    // duplicate among matched keys) and every to-row appears once (likewise for from).
    join = plainJoin();
    const [a, nf, nt] = await Promise.all([aggregate(join), count(fromRel), count(toRel)]);
    fromRows = nf;
    toRows = nt;
    if (a.nullKeys === 0 && a.fromPresent === nf && a.toPresent === nt) {
      agg = a;
      md.keyCheck = { nullKeys: 0, duplicateKeys: 0 };
      md.keyCheckDetail = { mode: 'fast' };
    } else {
      const { fc, tc } = await fullCheck();
      const nullable = keyFrom.map((_c, i) => (fc.nullsByColumn[i] ?? 0) + (tc.nullsByColumn[i] ?? 0) > 0);
      if (nullable.some(Boolean)) join = keyJoin(plan, keyFrom, keyTo, nullable, taken);
      else agg = a; // duplicates only: the plain join's pairwise counts stand
    }
  } else {
    const { fc, tc } = await fullCheck();
    fromRows = fc.rows;
    toRows = tc.rows;
    const nullable = keyFrom.map((_c, i) => (fc.nullsByColumn[i] ?? 0) + (tc.nullsByColumn[i] ?? 0) > 0);
    join = keyJoin(plan, keyFrom, keyTo, nullable, taken);
  }
  agg ??= await aggregate(join);
  const m = q(join.marker);
  const from = `${sideSubquery(plan, fromRel, cols, join.marker)} f`;
  const to = `${sideSubquery(plan, toRel, cols, join.marker)} t`;
  const matched = agg.matched;
  const changed = agg.changed;
  md.rows = { from: fromRows, to: toRows, added: agg.added, removed: agg.removed, changed, unchanged: matched - changed };
  const colCounts = agg.columns;
  md.columns = compared.map((c, i) => {
    const n = colCounts[i] ?? 0;
    return { name: c.name, changed: n, matchPct: pct(matched - n, matched) };
  });
  if (compared.length === 0) md.warnings.push('No common non-key columns: only keys were compared.');

  if (opts.samples > 0) {
    const keyOrderF = keyNames.map((k) => `f.${q(k)}`).join(', ');
    const keyOrderT = keyNames.map((k) => `t.${q(k)}`).join(', ');
    const fromKeys = `${sideSubquery(plan, fromRel, keyNames, join.marker)} f`;
    const toKeys = `${sideSubquery(plan, toRel, keyNames, join.marker)} t`;
    if ((md.rows.added ?? 0) > 0) {
      md.samples.added = await sampleRows(
        plan,
        toCols,
        't',
        `FROM (SELECT * FROM ${d.qualify(toRel)}${whereClause(opts.where)}) t\nLEFT JOIN ${fromKeys}\n  ON ${join.on}\nWHERE f.${m} IS NULL`,
        keyOrderT,
      );
    }
    if ((md.rows.removed ?? 0) > 0) {
      md.samples.removed = await sampleRows(
        plan,
        fromCols,
        'f',
        `FROM (SELECT * FROM ${d.qualify(fromRel)}${whereClause(opts.where)}) f\nLEFT JOIN ${toKeys}\n  ON ${join.on}\nWHERE t.${m} IS NULL`,
        keyOrderF,
      );
    }
    const changedCols = md.columns
      .map((c, i) => ({ ...c, i }))
      .filter((c) => c.changed > 0)
      .sort((a, b) => b.changed - a.changed || a.i - b.i)
      .slice(0, opts.samples);
    if (changedCols.length > 0) {
      const branches = changedCols.map((c) => {
        const col = compared[c.i] as Compared;
        const qc = q(col.name);
        const sel = [
          `${c.i} AS ${q('col')}`,
          ...keyNames.map((k, j) => `${d.castToText(`f.${q(k)}`)} AS ${q(`k_${j}`)}`),
          `${d.castToText(`f.${qc}`)} AS ${q('v_from')}`,
          `${d.castToText(`t.${qc}`)} AS ${q('v_to')}`,
        ];
        return (
          `SELECT * FROM (SELECT ${sel.join(', ')}\nFROM ${from}\nJOIN ${to}\n  ON ${join.on}\n` +
          `WHERE ${col.expr('f', 'from')} IS DISTINCT FROM ${col.expr('t', 'to')}\nORDER BY ${keyOrderF}\nLIMIT ${opts.samples}) s${c.i}`
        );
      });
      const res = await engine.query(branches.join('\nUNION ALL\n'));
      const byCol = new Map<number, Record<string, unknown>[]>();
      for (const r of res.rows) {
        const i = toNumber(r.col);
        const list = byCol.get(i) ?? [];
        list.push(r);
        byCol.set(i, list);
      }
      // Round-robin over the changed columns (most changed first) so each gets a sample.
      const out: ModelDiff['samples']['changed'] = [];
      for (let round = 0; out.length < opts.samples; round++) {
        let took = false;
        for (const c of changedCols) {
          const r = byCol.get(c.i)?.[round];
          if (!r || out.length >= opts.samples) continue;
          took = true;
          const key: Record<string, unknown> = {};
          keyNames.forEach((k, j) => (key[k] = r[`k_${j}`] ?? null));
          out.push({ key, column: (compared[c.i] as Compared).name, from: r.v_from ?? null, to: r.v_to ?? null });
        }
        if (!took) break;
      }
      // Stable order for the report: by column (most changed first), then by key as returned.
      md.samples.changed = out;
    }
  }
}

/** Runs a bounded sample query selecting every column of `cols` (as text) from alias `alias`. */
async function sampleRows(
  plan: Plan,
  cols: ColumnInfo[],
  alias: string,
  fromClause: string,
  orderBy: string,
): Promise<Record<string, unknown>[]> {
  const { d, engine, opts } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  if (cols.length === 0) return [];
  const sel = cols.map((c, i) => `${d.castToText(`${alias}.${q(c.name)}`)} AS ${q(`s_${i}`)}`).join(', ');
  const sql = `SELECT ${sel}\n${fromClause}\nORDER BY ${orderBy}\nLIMIT ${opts.samples}`;
  const r = await engine.query(sql);
  return r.rows.map((row) => {
    const out: Record<string, unknown> = {};
    cols.forEach((c, i) => (out[c.name] = row[`s_${i}`] ?? null));
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Keyless (multiset) comparison

async function keyless(
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
    const exprs = compared.length > 0 ? compared.map((c, i) => `${c.expr(alias, side)} AS ${vs[i]}`) : [`0 AS ${vs[0]}`];
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
  const r = await engine.query(sql);
  const row = r.rows[0] ?? {};
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
      const sel = compared.map((c, i) => `${d.castToText(`g.${vs[i]}`)} AS ${q(`s_${i}`)}`).join(', ');
      const order = vs.map((v) => `g.${v}`).join(', ');
      const res = await engine.query(`SELECT ${sel}\nFROM ${grouped}\nWHERE ${cond}\nORDER BY ${order}\nLIMIT ${opts.samples}`);
      return res.rows.map((row2) => {
        const out: Record<string, unknown> = {};
        compared.forEach((c, i) => (out[c.name] = row2[`s_${i}`] ?? null));
        return out;
      });
    };
    if ((md.rows.added ?? 0) > 0) md.samples.added = await sample(`g.${tn} > g.${fn}`);
    if ((md.rows.removed ?? 0) > 0) md.samples.removed = await sample(`g.${fn} > g.${tn}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Added / removed models

async function oneSided(plan: Plan, md: ModelDiff, side: 'from' | 'to', rel: Relation): Promise<ModelDiff> {
  const { d, engine, opts, target } = plan;
  const q = (n: string) => d.quoteIdentifier(n);
  const cols = await engine.listColumns(rel);
  const schemaCols = cols.map((c) => ({ name: c.name, type: c.type }));
  if (side === 'to') md.schema.added = schemaCols;
  else md.schema.removed = schemaCols;

  const key: ColumnInfo[] = [];
  for (const k of target.on) {
    const c = findColumn(cols, k, d);
    if (c) key.push(c);
  }
  let count: number;
  if (key.length === target.on.length && key.length > 0) {
    md.on = key.map((c) => c.name);
    const check = await keyCheck(plan, rel, key, cols);
    count = check.rows;
    md.keyCheck = { nullKeys: check.nullKeys, duplicateKeys: check.duplicateKeys };
    md.keyCheckDetail = side === 'from' ? { from: check } : { to: check };
    keyWarnings(md, md.on, [{ side, check }]);
  } else {
    if (target.on.length > 0) md.warnings.push(`Key column(s) ${target.on.join(', ')} not found in ${side}.`);
    const r = await engine.query(`SELECT COUNT(*) AS ${q('n')} FROM ${d.qualify(rel)}${whereClause(opts.where)}`);
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
    const alias = side === 'to' ? 't' : 'f';
    const order = (key.length === target.on.length && key.length > 0 ? key : cols.slice(0, 1))
      .map((c) => `${alias}.${q(c.name)}`)
      .join(', ');
    const list = await sampleRows(
      plan,
      cols,
      alias,
      `FROM (SELECT * FROM ${d.qualify(rel)}${whereClause(opts.where)}) ${alias}`,
      order,
    );
    if (side === 'to') md.samples.added = list;
    else md.samples.removed = list;
  }
  return md;
}

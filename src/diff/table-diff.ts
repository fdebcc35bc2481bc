// Cross-environment table diff, pushed down to the warehouse (DESIGN "Table diff"; the comparison
// semantics are in docs/diff.md).
//
// Per diff: ONE catalog query for every relation of every model (catalog.ts), and the `--on`
// columns resolved against it before any data is read. Per model, in its own read-only
// transaction (session.ts), so a `--where` can only read and a failing model aborts nothing else:
//   - keyed (keyed.ts): ONE pass over `from FULL OUTER JOIN to ON <key>` for every count, the key
//     check and the sample candidates; then the row counts of both sides in one statement, which
//     for a model whose data changed also profiles its columns (profile.ts); then one bounded
//     lookup of the sample rows (samples.ts). A NULL-safe re-run of the join only when both sides
//     have NULL key parts, a per-side key check only when the join cannot prove the key unique;
//   - keyless (keyless.ts): ONE multiset aggregate, then the counts (and profile);
//   - added / removed models (one-sided.ts): a key check or a count, and one sample query.
// No table is ever read into Node; only counts and at most `samples` rows per category.

import type { ColumnInfo, Engine, Relation } from '../engines/types';
import { RefusedError, VdeError, WarehouseError } from '../errors';
import { readCatalog, type Catalog } from './catalog';
import { keyCheck, recordKeyChecks, verifiedFromJoin } from './key-check';
import { joinPass, joinSpec } from './keyed';
import { keyless } from './keyless';
import { oneSided } from './one-sided';
import { comparedColumn, isNumber, keyPart, type Compared, type KeyPart, type Plan } from './plan';
import { profileBoth } from './profile';
import { chooseSamples, fillSamples, sideScan } from './samples';
import { readOnly } from './session';
import { countBoth, findColumn, pct, sameRelation } from './sql';
import type { DiffOptions, DiffResult, DiffTarget, KeySideCheck, ModelDiff } from './types';

/** `profile: 'auto'` profiles a changed model when neither side has more rows than this. */
export const PROFILE_MAX_ROWS = 100_000;

export type { KeySideCheck };
export { toNumber } from './sql';

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
  const d = engine.dialect;
  const writes = opts.where !== undefined ? (d.diff.writingFilter?.(opts.where) ?? null) : null;
  if (writes !== null) throw new RefusedError(`--where: ${writes}`);
  const queried = targets.filter((t) => !shortCircuit(t, emptyDiff(t)));
  const relations = queried.flatMap((t) => [t.from, t.to].filter((r): r is Relation => r !== undefined));
  // vde's own catalog query (no user SQL in it): one statement, outside the read-only sessions.
  const catalog = relations.length > 0 ? await readCatalog(engine, d, relations) : { columns: () => [] };
  for (const target of queried) checkKeyFlag(engine, catalog, target, from, to);

  const models: ModelDiff[] = [];
  for (const [index, target] of targets.entries()) {
    const t0 = performance.now();
    const md = emptyDiff(target);
    try {
      if (!shortCircuit(target, md)) {
        await readOnly(engine, (q) => diffTarget({ engine, d, q, opts: windowed(opts, target), target, envs: { from, to } }, md, catalog));
      }
    } catch (err) {
      md.error = err instanceof WarehouseError ? err.detail : err instanceof Error ? err.message : String(err);
    }
    models.push(md);
    opts.onModel?.({ index, total: targets.length, model: md, ms: performance.now() - t0 });
  }
  return { from, to, models, ...(opts.decimals !== undefined ? { decimals: opts.decimals } : {}) };
}

/** `--on` names a column the model has on neither side: bad input, refused before any query. */
function checkKeyFlag(engine: Engine, catalog: Catalog, target: DiffTarget, from: string, to: string): void {
  if (target.keySource !== 'on') return;
  const sides = [
    { env: from, rel: target.from },
    { env: to, rel: target.to },
  ].filter((s) => s.rel !== undefined);
  const cols = sides.map((s) => catalog.columns(s.rel as Relation));
  if (cols.every((c) => c.length === 0)) return; // the relations are missing: reported per model
  for (const name of target.on) {
    if (cols.some((c) => findColumn(c, name, engine.dialect))) continue;
    const known = [...new Set(cols.flat().map((c) => c.name))];
    const where = sides.length === 2 ? `neither in ${from} nor in ${to}` : `in ${(sides[0] as { env: string }).env}`;
    throw new RefusedError(
      `--on ${name}: model ${target.model} has no column ${JSON.stringify(name)} (${where}; its columns: ${known.join(', ')})`,
    );
  }
}

/** The options for one target: its window's filter ANDed with the user's. */
function windowed(opts: DiffOptions, target: DiffTarget): DiffOptions {
  if (!target.window) return opts;
  const user = opts.where !== undefined && opts.where.trim() !== '' ? `(\n${opts.where}\n) AND ` : '';
  return { ...opts, where: `${user}(${target.window.where})` };
}

function emptyDiff(target: DiffTarget): ModelDiff {
  return {
    ...(target.window ? { window: { start: target.window.start, end: target.window.end, label: target.window.label } } : {}),
    model: target.model,
    category: target.category,
    on: [...target.on],
    schema: { added: [], removed: [], typeChanged: [] },
    rows: { from: null, to: null, added: null, removed: null, changed: null, unchanged: null },
    columns: [],
    keyCheck: { nullKeys: 0, duplicateKeys: 0 },
    samples: { added: [], removed: [], changed: [] },
    warnings: [...(target.notes ?? [])],
  };
}

/** Fills `md` and returns true when the target needs no query at all. */
function shortCircuit(target: DiffTarget, md: ModelDiff): boolean {
  if (!target.from && !target.to) {
    md.warnings.push('Neither environment has this model; nothing to compare.');
    return true;
  }
  if (target.from && target.to && sameRelation(target.from, target.to)) {
    // Both environments read the same physical table: identical by construction, no query needed.
    md.rows = { from: null, to: null, added: 0, removed: 0, changed: target.on.length > 0 ? 0 : null, unchanged: null };
    md.warnings.push('Both environments use the same physical table; the data is identical (not counted).');
    return true;
  }
  return false;
}

async function diffTarget(plan: Plan, md: ModelDiff, catalog: Catalog): Promise<void> {
  const { d, target } = plan;
  if (!target.from || !target.to) {
    const side = target.from ? 'from' : 'to';
    const rel = (target.from ?? target.to) as Relation;
    const cols = catalog.columns(rel);
    numericColumns(plan, md, cols, []);
    await oneSided(plan, md, side, rel, cols);
    return;
  }
  const fromRel = target.from;
  const toRel = target.to;
  const fromCols = catalog.columns(fromRel);
  const toCols = catalog.columns(toRel);
  if (fromCols.length === 0) md.warnings.push(`The from-relation ${d.qualify(fromRel)} has no columns (does it exist?).`);
  if (toCols.length === 0) md.warnings.push(`The to-relation ${d.qualify(toRel)} has no columns (does it exist?).`);
  numericColumns(plan, md, fromCols, toCols);

  // Schema diff.
  const toByName = new Map(toCols.map((c) => [c.name, c]));
  const fromByName = new Map(fromCols.map((c) => [c.name, c]));
  md.schema.removed = fromCols.filter((c) => !toByName.has(c.name)).map((c) => ({ name: c.name, type: c.type }));
  md.schema.added = toCols.filter((c) => !fromByName.has(c.name)).map((c) => ({ name: c.name, type: c.type }));
  md.schema.typeChanged = fromCols
    .filter((c) => toByName.has(c.name) && (toByName.get(c.name) as ColumnInfo).type !== c.type)
    .map((c) => ({ name: c.name, fromType: c.type, toType: (toByName.get(c.name) as ColumnInfo).type }));

  // Resolve the key on both sides (exact name first, then the engine's folding of it).
  const keys: KeyPart[] = [];
  const keyFrom: ColumnInfo[] = [];
  const keyTo: ColumnInfo[] = [];
  const missing: string[] = [];
  for (const k of target.on) {
    const f = findColumn(fromCols, k, d);
    const t = findColumn(toCols, k, d);
    if (f && t && f.name === t.name) {
      keyFrom.push(f);
      keyTo.push(t);
      keys.push(keyPart(d, f, t));
    } else {
      const { from, to } = plan.envs;
      missing.push(
        !f && !t
          ? `${k} (in neither ${from} nor ${to})`
          : !f
            ? `${k} (missing in ${from})`
            : !t
              ? `${k} (missing in ${to})`
              : `${k} (${f.name} in ${from}, ${t.name} in ${to})`,
      );
    }
  }
  if (missing.length > 0) {
    md.warnings.push(
      `Key column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: compared whole rows as multisets instead.`,
    );
    keys.length = 0;
  } else {
    md.on = keyFrom.map((c) => c.name);
  }

  const keyNames = new Set(keys.map((k) => k.name));
  const compared = fromCols
    .filter((c) => toByName.has(c.name) && !keyNames.has(c.name))
    .map((c) => comparedColumn(d, plan.opts, c, toByName.get(c.name) as ColumnInfo));

  if (keys.length === 0) {
    await keylessDiff(plan, md, fromRel, toRel, compared, fromCols, toCols);
    return;
  }
  await keyedDiff(plan, md, fromRel, toRel, keys, keyFrom, keyTo, compared, fromCols, toCols);
}

function numericColumns(plan: Plan, md: ModelDiff, fromCols: ColumnInfo[], toCols: ColumnInfo[]): void {
  const names = [...fromCols, ...toCols].filter((c) => isNumber(plan.d.diff.family(c.type))).map((c) => c.name);
  if (names.length > 0) md.numericColumns = [...new Set(names)];
}

/** Profiles the compared columns when the data changed and the options (and size) allow it. */
async function maybeProfile(plan: Plan, md: ModelDiff, fromRel: Relation, toRel: Relation, compared: Compared[], rows: { from: number; to: number }) {
  const changed = (md.rows.added ?? 0) + (md.rows.removed ?? 0) + (md.rows.changed ?? 0) > 0;
  const mode = plan.opts.profile ?? 'auto';
  if (!changed || mode === 'never' || compared.length === 0) return;
  if (mode === 'auto' && Math.max(rows.from, rows.to) > PROFILE_MAX_ROWS) {
    md.profileSkipped = `more than ${PROFILE_MAX_ROWS.toLocaleString('en-US')} rows on a side (vde diff --profile always computes it)`;
    return;
  }
  const p = await profileBoth(plan, fromRel, toRel, compared);
  if (p.changes.length > 0) md.profile = p.changes;
}

async function keylessDiff(
  plan: Plan,
  md: ModelDiff,
  fromRel: Relation,
  toRel: Relation,
  compared: Compared[],
  fromCols: ColumnInfo[],
  toCols: ColumnInfo[],
): Promise<void> {
  const rows = await countBoth(plan, fromRel, toRel);
  await keyless(plan, md, fromRel, toRel, compared, fromCols, toCols, rows);
  await maybeProfile(plan, md, fromRel, toRel, compared, rows);
}

async function keyedDiff(
  plan: Plan,
  md: ModelDiff,
  fromRel: Relation,
  toRel: Relation,
  keys: KeyPart[],
  keyFrom: ColumnInfo[],
  keyTo: ColumnInfo[],
  compared: Compared[],
  fromCols: ColumnInfo[],
  toCols: ColumnInfo[],
): Promise<void> {
  const spec = joinSpec(fromRel, toRel, keys, compared, [...fromCols, ...toCols]);
  // Plain equality first: NULL key parts never match, so this pass counts them exactly.
  const plain = await joinPass(plan, spec);
  const nullable = keys.map((_k, i) => (plain.unmatchedFrom.nullsByColumn[i] ?? 0) > 0 && (plain.unmatchedTo.nullsByColumn[i] ?? 0) > 0);
  let agg = plain;
  if (nullable.some(Boolean)) {
    // NULL key parts on both sides: match them NULL-safely (NULL equals NULL) and count again.
    spec.nullSafe = nullable;
    agg = await joinPass(plan, spec);
  }
  md.rows = { from: null, to: null, added: agg.added, removed: agg.removed, changed: agg.changed, unchanged: agg.matched - agg.changed };
  md.columns = compared
    .map((c, i) => {
      const n = agg.columns[i] ?? 0;
      return { name: c.name, changed: n, matchPct: pct(agg.matched - n, agg.matched), i };
    })
    .sort((a, b) => b.changed - a.changed || a.i - b.i)
    .map(({ name, changed: n, matchPct }) => ({ name, changed: n, matchPct }));
  if (compared.length === 0) md.warnings.push('No common non-key columns: only keys were compared.');

  // One scan of each side: its row count, and the rows of the chosen samples.
  const chosen = plan.opts.samples > 0 && agg.candidates.length > 0 ? chooseSamples(plan.opts.samples, md, spec, agg.candidates) : undefined;
  const scan = await sideScan(plan, spec, fromCols, toCols, chosen);
  const rows = scan.rows;
  md.rows.from = rows.from;
  md.rows.to = rows.to;
  if (chosen) fillSamples(plan, md, spec, chosen, scan.found);

  const nativeKeys = keys.every((k) => !k.byText);
  let fc = verifiedFromJoin(rows.from, plain.fromPresent, rows.to, plain.toPresent, plain.unmatchedFrom, nativeKeys);
  let tc = verifiedFromJoin(rows.to, plain.toPresent, rows.from, plain.fromPresent, plain.unmatchedTo, nativeKeys);
  if (!fc || !tc) {
    fc = await keyCheck(plan, fromRel, keyFrom, fromCols);
    tc = await keyCheck(plan, toRel, keyTo, toCols);
  }
  recordKeyChecks(md, keys.map((k) => k.name), [
    { side: 'from', check: fc },
    { side: 'to', check: tc },
  ]);
  await maybeProfile(plan, md, fromRel, toRel, compared, rows);
}

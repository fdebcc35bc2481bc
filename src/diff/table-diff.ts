// Cross-environment table diff, pushed down to the warehouse (DESIGN "Table diff").
//
// Per model, these statements run, all through Engine.query and the Dialect:
//   1. listColumns on each side (schema diff);
//   2. keyed (keyed.ts): ONE grouped aggregate over `from FULL OUTER JOIN to ON <key>` (added,
//      removed, changed, unchanged, per-column changed counts, and the key check read off the same
//      rows) together with a COUNT(*) per side; a per-side GROUP BY key check and a NULL-safe
//      re-run only when the key turns out to have duplicates among matched keys or NULL parts;
//      keyless (keyless.ts): ONE aggregate over the multiset of rows;
//   3. only when samples > 0: bounded, key-ordered samples (samples.ts: one statement).
// No table is ever read into Node; only counts and at most `samples` rows per category.
// The key check numbers are always exact (key-check.ts).
//
// SQL conventions (portable across Postgres and Snowflake, engine specifics come from the Dialect):
// `CASE WHEN ... THEN 1 ELSE 0 END` sums instead of FILTER, `IS DISTINCT FROM` for NULL-safe value
// comparison, every identifier and every output alias quoted by the dialect. `DiffOptions.where` is
// user SQL, see `whereClause` in sql.ts.
//
// Modules: plan.ts (shared plan and compared columns), sql.ts (helpers), session.ts (transaction-
// local settings for the heavy statements), key-check.ts, keyed.ts, samples.ts, keyless.ts,
// one-sided.ts.

import type { ColumnInfo, Engine, Relation } from '../engines/types';
import { VdeError, WarehouseError } from '../errors';
import { keyed } from './keyed';
import { keyless } from './keyless';
import { oneSided } from './one-sided';
import { comparedColumn, type Plan } from './plan';
import { findColumn, sameRelation } from './sql';
import type { DiffOptions, DiffResult, DiffTarget, KeySideCheck, ModelDiff } from './types';

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
  const models: ModelDiff[] = [];
  for (const target of targets) {
    try {
      models.push(await diffTarget({ engine, d: engine.dialect, opts, target }));
    } catch (err) {
      if (err instanceof WarehouseError && !err.model) {
        throw new WarehouseError(err.detail, err.statement, target.model, err.environment, { cause: err });
      }
      throw err;
    }
  }
  return { from, to, models };
}

async function diffTarget(plan: Plan): Promise<ModelDiff> {
  const { engine, d, opts, target } = plan;
  const md: ModelDiff = {
    model: target.model,
    category: target.category,
    on: [...target.on],
    schema: { added: [], removed: [], typeChanged: [] },
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

  if (keyFrom.length === 0) await keyless(plan, md, fromRel, toRel, compared, fromCols, toCols);
  else await keyed(plan, md, fromRel, toRel, keyFrom, keyTo, compared, fromCols, toCols);
  return md;
}

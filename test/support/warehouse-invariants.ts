// The invariants of issue 7 §4, checked against the Postgres catalog and vde's state after any
// kill, race or lifecycle step (crash, concurrency and property tests), and a fingerprint of the
// whole warehouse to tell whether two runs converged on the same result.
//
// Always (even right after a SIGKILL):
//   - every table an environment references (or, while unfinalized, may still point at) exists;
//   - every view of every unexpired environment answers;
//   - a finalized environment's views read exactly the tables its record names; an unfinalized
//     one's read its new or its previous tables (never something else);
//   - no view outside the physical layer reads a physical table unless an environment claims it;
//   - no physical table without its state row (the row is written before the table).
// After convergence (`converged`), also:
//   - no state row without its table, no version row without its built record, no built record
//     without its table, no temporary table left over, no unfinalized environment.
import { viewRelation } from '../../src/core/naming';
import type { EnvironmentRecord, SnapshotRef } from '../../src/core/types';
import type { Engine } from '../../src/engines/types';
import { StateStore } from '../../src/state/store';

export interface WarehouseReport {
  environments: string[];
  unfinalized: string[];
  /** model → the relation (schema.name) each prod view reads now. */
  prodReads: Map<string, string>;
}

interface Catalog {
  /** schema.name → kind, every table and view outside the system schemas. */
  relations: Map<string, 'table' | 'view'>;
  /** view (schema.name) → the relations it reads. */
  reads: Map<string, string[]>;
}

const key = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;

export async function readCatalog(engine: Engine): Promise<Catalog> {
  const rels = await engine.query<{ s: string; n: string; k: string }>(
    `SELECT n.nspname AS s, c.relname AS n, c.relkind AS k FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'v', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
  );
  const relations = new Map(rels.rows.map((r) => [`${r.s}.${r.n}`, r.k === 'v' ? ('view' as const) : ('table' as const)]));
  const deps = await engine.query<{ vs: string; vn: string; ts: string; tn: string }>(
    `SELECT DISTINCT vn.nspname AS vs, v.relname AS vn, tn.nspname AS ts, t.relname AS tn
       FROM pg_rewrite r
       JOIN pg_class v ON v.oid = r.ev_class AND v.relkind = 'v'
       JOIN pg_namespace vn ON vn.oid = v.relnamespace
       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
       JOIN pg_class t ON t.oid = d.refobjid AND t.oid <> v.oid
       JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE vn.nspname NOT IN ('pg_catalog', 'information_schema') AND vn.nspname NOT LIKE 'pg\\_%'`,
  );
  const reads = new Map<string, string[]>();
  for (const d of deps.rows) {
    const v = `${d.vs}.${d.vn}`;
    reads.set(v, [...(reads.get(v) ?? []), `${d.ts}.${d.tn}`].sort());
  }
  return { relations, reads };
}

function viewOf(engine: Engine, env: string, ref: SnapshotRef): string {
  const [schema = '', table = ''] = ref.name.split('.');
  return key(viewRelation(engine.dialect, { schema, table }, env));
}

const isPhysical = (rel: string) => rel.startsWith('vde__');
const isTemporary = (rel: string) => /\.vde_tmp_/.test(rel);

export async function checkWarehouse(
  engine: Engine,
  opts: { converged?: boolean; stateSchema?: string; now?: Date } = {},
): Promise<WarehouseReport> {
  const stateSchema = opts.stateSchema ?? 'vde_state';
  const state = await new StateStore(engine, stateSchema).open();
  const problems: string[] = [];
  const cat = await readCatalog(engine);
  const envs = await state.listEnvironments();
  const snapshots = await state.listSnapshots();
  const built = await state.builtVersions([...new Set(snapshots.map((s) => s.name))]);
  const now = (opts.now ?? new Date()).getTime();
  const report: WarehouseReport = { environments: envs.map((e) => e.name), unfinalized: [], prodReads: new Map() };
  const claimed = new Set<string>();

  for (const env of envs) {
    if (env.finalizedAt === null) report.unfinalized.push(env.name);
    const unexpired = env.expiresAt === null || env.expiresAt.getTime() > now;
    const previous = new Map<string, Set<string>>();
    for (const r of env.previousSnapshots ?? []) {
      previous.set(r.name, (previous.get(r.name) ?? new Set()).add(key(r.physicalTable)));
      claimed.add(viewOf(engine, env.name, r));
    }
    for (const r of [...env.snapshots, ...(env.previousSnapshots ?? [])]) {
      if (!cat.relations.has(key(r.physicalTable))) problems.push(`${env.name}: ${r.name}'s table ${key(r.physicalTable)} is missing`);
    }
    for (const r of env.snapshots) {
      const view = viewOf(engine, env.name, r);
      claimed.add(view);
      const reads = cat.reads.get(view);
      if (env.name === 'prod' && reads) report.prodReads.set(r.name, reads.join(','));
      if (!reads) {
        // A view may be missing only while its environment is unfinalized (views not yet
        // created) or expired (the janitor was dropping them).
        if (env.finalizedAt !== null && unexpired) problems.push(`${env.name}: view ${view} of ${r.name} is missing`);
        continue;
      }
      const target = key(r.physicalTable);
      const allowed = env.finalizedAt === null ? new Set([target, ...(previous.get(r.name) ?? [])]) : new Set([target]);
      if (reads.length !== 1 || !allowed.has(reads[0]!)) {
        problems.push(`${env.name}: view ${view} reads ${reads.join(', ')}, expected ${[...allowed].join(' or ')}`);
      }
      if (unexpired) {
        try {
          await engine.query(`SELECT count(*) FROM ${view.split('.').map((p) => engine.dialect.quoteIdentifier(p)).join('.')}`);
        } catch (err) {
          problems.push(`${env.name}: view ${view} does not answer: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }
  }

  // A view outside the physical layer that reads a physical table belongs to some environment.
  for (const [view, reads] of cat.reads) {
    if (isPhysical(view) || claimed.has(view)) continue;
    if (reads.some(isPhysical)) problems.push(`view ${view} reads ${reads.join(', ')} but no environment claims it`);
  }

  // Physical tables and state rows agree.
  const rowTables = new Set(snapshots.map((s) => key(s.physicalTable)));
  for (const [rel] of cat.relations) {
    if (!isPhysical(rel)) continue;
    if (isTemporary(rel)) {
      if (opts.converged) problems.push(`temporary table ${rel} left behind`);
      continue;
    }
    if (!rowTables.has(rel)) problems.push(`physical ${rel} has no state row`);
  }
  for (const s of snapshots) {
    const exists = cat.relations.has(key(s.physicalTable));
    // The janitor drops a table, then forgets it (docs/engines.md): killed in between, a version no
    // environment uses stays recorded as built without its table until its re-run (an apply
    // verifies a table it reuses exists). An environment's tables are checked above, always.
    if (built.has(`${s.name}@${s.version}`) && !exists && opts.converged) problems.push(`${s.name}@${s.version} is recorded as built but ${key(s.physicalTable)} is missing`);
    if (opts.converged && !exists) problems.push(`state row ${s.name}@${s.version} (${s.fingerprint}) has no table ${key(s.physicalTable)}`);
    if (opts.converged && !built.has(`${s.name}@${s.version}`)) problems.push(`state row ${s.name}@${s.version} is not recorded as built`);
  }
  if (opts.converged && report.unfinalized.length) problems.push(`unfinalized after convergence: ${report.unfinalized.join(', ')}`);
  if (problems.length) throw new Error(`warehouse invariants violated:\n  ${problems.join('\n  ')}`);
  return report;
}

/**
 * What a converged run leaves, to compare two runs: the environments (models, versions, tables,
 * whether finalized or expired), the state's versions, every relation and what each view reads,
 * and the rows behind every environment view. Plan ids and timestamps are left out.
 */
export async function warehouseFingerprint(engine: Engine, stateSchema = 'vde_state'): Promise<Record<string, unknown>> {
  const state = await new StateStore(engine, stateSchema).open();
  const cat = await readCatalog(engine);
  const now = Date.now();
  const envs: Record<string, unknown> = {};
  const data: Record<string, string> = {};
  for (const e of await state.listEnvironments()) {
    envs[e.name] = {
      finalized: e.finalizedAt !== null,
      expired: e.expiresAt !== null && e.expiresAt.getTime() <= now,
      models: e.snapshots.map((r) => `${r.name}@${r.version} ${key(r.physicalTable)}`).sort(),
    };
    for (const r of e.snapshots) {
      const view = viewOf(engine, e.name, r);
      if (!cat.relations.has(view)) continue;
      data[view] = await rowsDigest(engine, view);
    }
  }
  const snapshots = (await state.listSnapshots()).map((s) => `${s.name}@${s.version} ${s.fingerprint}`).sort();
  const built = [...(await state.builtVersions([...new Set((await state.listSnapshots()).map((s) => s.name))]))].sort();
  const relations = [...cat.relations]
    .filter(([rel]) => !rel.startsWith(`${stateSchema}.`))
    .map(([rel, kind]) => `${rel} ${kind}${cat.reads.has(rel) ? ` -> ${cat.reads.get(rel)!.join(',')}` : ''}`)
    .sort();
  return { envs, snapshots, built, relations, data };
}

/** An order-independent digest of a relation's rows. */
export async function rowsDigest(engine: Engine, relation: string): Promise<string> {
  const q = relation.split('.').map((p) => engine.dialect.quoteIdentifier(p)).join('.');
  const r = await engine.query<{ n: string; d: string | null }>(
    `SELECT count(*)::text AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS d FROM ${q} AS t`,
  );
  return `${r.rows[0]!.n}:${r.rows[0]!.d}`;
}

/** Whether prod's views of the models that differ between `old` and `next` read the old tables, the new ones, or a mix. */
export function promotionSide(report: WarehouseReport, old: EnvironmentRecord, next: EnvironmentRecord): 'old' | 'new' | 'mixed' | 'none' {
  const oldTables = new Map(old.snapshots.map((r) => [r.name, key(r.physicalTable)]));
  const sides = new Set<string>();
  for (const r of next.snapshots) {
    const before = oldTables.get(r.name);
    const after = key(r.physicalTable);
    if (before === undefined || before === after) continue;
    const reads = report.prodReads.get(r.name);
    sides.add(reads === before ? 'old' : reads === after ? 'new' : 'other');
  }
  if (sides.has('other')) throw new Error('a prod view reads neither its old nor its new table');
  if (sides.size === 0) return 'none';
  return sides.size === 1 ? ([...sides][0] as 'old' | 'new') : 'mixed';
}

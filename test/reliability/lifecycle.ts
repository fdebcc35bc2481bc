// The property test of the PR lifecycle (issue 7 §4): random sequences of edits (breaking, add a
// column, revert, add a model, remove a model) on up to 5 PR branches, and apply / invalidate /
// janitor / promote over their environments, through the core API on a real Postgres (a sequence
// runs in one engine mode, alternating). After every step the warehouse invariants hold
// (test/support/warehouse-invariants.ts, converged: nothing here is killed) and every environment
// holds exactly the models of the version last applied to it; on a sample of steps, every
// unexpired environment's data equals a from-scratch build of the same project version (in a
// second database). Used by lifecycle.test.ts (bounded) and lifecycle.soak.ts (300+ sequences).
//
// Reproduce a failure: the error names the seed, the sequence and the steps; run
// VDE_PROPERTY_SEED=<seed> VDE_PROPERTY_FIRST=<sequence> VDE_PROPERTY_SEQUENCES=1
// npm test -- test/reliability/lifecycle.test.ts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyEnvironment, invalidateEnvironment, openWorkspace, runJanitor } from '../../src/core/api';
import { viewRelation } from '../../src/core/naming';
import type { Engine } from '../../src/engines/types';
import { StateStore } from '../../src/state/store';
import { rng } from '../diff/differential';
import { postgresEngine, type EngineMode } from '../support/modes';
import type { TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, type TestProject } from '../support/project';
import { checkWarehouse, rowsDigest } from '../support/warehouse-invariants';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

// ---------------------------------------------------------------------------------------------
// Project versions: each model is a template with variants (a breaking edit switches variant) and
// optional extra columns (a non-breaking edit adds the next one).

interface Spec {
  /** Template name (a model of the shop project, or an added model's flavour). */
  template: string;
  variant: number;
  extras: number;
  /** Added models: the model they read. */
  parent?: string;
}

/** A project version: model name → spec. */
export type Version = Record<string, Spec>;

interface Template {
  variants: number;
  extras: number;
  parents(spec: Spec): string[];
  render(name: string, spec: Spec): Record<string, string>;
}

const CUSTOMER_ROWS = ['1,Ada,UK', '2,"Grace, Admiral",US', '3,Linus,FI', '4,Margaret,US'];
const MORE_CUSTOMERS = ['5,Edsger,NL', '6,Barbara,US'];
const ORDER_ROWS = [
  '10,1,20.50,paid,2024-01-01',
  '11,1,5.00,cancelled,2024-01-01',
  '12,2,99.99,paid,2024-01-02',
  '13,3,15.25,paid,2024-01-02',
  '14,3,7.75,returned,2024-01-03',
  '15,4,42.00,paid,2024-01-03',
  '16,2,1.00,cancelled,2024-01-03',
];
const MORE_ORDERS = ['17,5,12.00,paid,2024-01-04', '18,6,3.50,returned,2024-01-04'];

const extrasOf = (list: string[], n: number) => list.slice(0, n).map((e) => `, ${e}`).join('');

const TEMPLATES: Record<string, Template> = {
  'raw.customers': {
    variants: 3,
    extras: 0,
    parents: () => [],
    render: (_n, s) => ({
      'models/seeds/customers.csv': ['id,name,country', ...CUSTOMER_ROWS, ...MORE_CUSTOMERS.slice(0, s.variant)].join('\n') + '\n',
      'models/seeds/raw_customers.sql': "MODEL (name raw.customers, kind SEED (path 'customers.csv'), columns (id int, name text, country text), grain id);\n",
    }),
  },
  'raw.orders': {
    variants: 3,
    extras: 0,
    parents: () => [],
    render: (_n, s) => ({
      'models/seeds/orders.csv': ['id,customer_id,amount,status,ordered_on', ...ORDER_ROWS, ...MORE_ORDERS.slice(0, s.variant)].join('\n') + '\n',
      'models/seeds/raw_orders.sql':
        "MODEL (\n  name raw.orders,\n  kind SEED (path 'orders.csv'),\n  columns (id int, customer_id int, amount numeric(10,2), status text, ordered_on date),\n  grain id\n);\n",
    }),
  },
  'stg.orders': {
    variants: 3,
    extras: 2,
    parents: () => ['raw.orders'],
    render: (_n, s) => ({
      'models/stg/orders.sql':
        'MODEL (name stg.orders, kind FULL, grain order_id);\n\n' +
        `SELECT id AS order_id, customer_id, amount, status, ordered_on${extrasOf(['amount * 100 AS cents', 'upper(status) AS status_code'], s.extras)}\nFROM raw.orders\n` +
        ['-- every order counts\n', "WHERE status <> 'cancelled'\n", 'WHERE amount > 10\n'][s.variant],
    }),
  },
  'stg.customers': {
    variants: 2,
    extras: 2,
    parents: () => ['raw.customers'],
    render: (_n, s) => ({
      'models/stg/customers.sql':
        'MODEL (name stg.customers, kind FULL, grain customer_id);\n\n' +
        `SELECT id AS customer_id, name, country${extrasOf(['upper(country) AS country_code', 'length(name) AS name_length'], s.extras)}\nFROM raw.customers\n` +
        ['', "WHERE country <> 'FI'\n"][s.variant],
    }),
  },
  'marts.customer_orders': {
    variants: 2,
    extras: 1,
    parents: () => ['stg.customers', 'stg.orders'],
    render: (_n, s) => ({
      'models/marts/customer_orders.sql':
        "MODEL (name marts.customer_orders, kind FULL, grain customer_id, description 'orders per customer');\n\n" +
        `SELECT c.customer_id, c.name, count(o.order_id) AS orders, coalesce(sum(o.amount), 0) AS revenue${extrasOf(['max(o.amount) AS biggest'], s.extras)}\n` +
        'FROM stg.customers AS c\nLEFT JOIN stg.orders AS o ON o.customer_id = c.customer_id\nGROUP BY c.customer_id, c.name\n' +
        ['', 'HAVING count(o.order_id) > 1\n'][s.variant],
    }),
  },
  'marts.daily_revenue': {
    variants: 2,
    extras: 1,
    parents: () => ['stg.orders'],
    render: (_n, s) => ({
      'models/marts/daily_revenue.sql':
        'MODEL (name marts.daily_revenue, kind FULL, grain order_date);\n\n' +
        `SELECT ordered_on AS order_date, ${['sum(amount)', 'sum(amount) * 2'][s.variant]} AS revenue${extrasOf(['count(*) AS n_orders'], s.extras)}\nFROM stg.orders\nGROUP BY ordered_on\n`,
    }),
  },
  'marts.top_customers': {
    variants: 2,
    extras: 1,
    parents: () => ['marts.customer_orders'],
    render: (_n, s) => ({
      'models/marts/top_customers.sql':
        `MODEL (name marts.top_customers, kind VIEW);\n\nSELECT customer_id, name, revenue${extrasOf(['revenue * 2 AS double_revenue'], s.extras)} FROM marts.customer_orders WHERE revenue > ${[10, 50][s.variant]}\n`,
    }),
  },
  // Added models, reading any model: a count (FULL or VIEW), or all its columns (`*`).
  count_full: added('FULL', (p, s) => `SELECT ${['count(*)', 'count(*) * 2'][s.variant]} AS n${extrasOf(['count(*) + 1 AS n_plus'], s.extras)} FROM ${p}`),
  count_view: added('VIEW', (p, s) => `SELECT ${['count(*)', 'count(*) * 3'][s.variant]} AS n${extrasOf(['count(*) + 1 AS n_plus'], s.extras)} FROM ${p}`),
  star_full: added('FULL', (p, s) => `SELECT *${extrasOf(['1 AS one'], s.extras)} FROM ${p}${['', ' WHERE 1 = 1'][s.variant]}`),
  star_view: added('VIEW', (p, s) => `SELECT *${extrasOf(['2 AS two'], s.extras)} FROM ${p}${['', ' WHERE 2 = 2'][s.variant]}`),
};

function added(kind: 'FULL' | 'VIEW', sql: (parent: string, s: Spec) => string): Template {
  return {
    variants: 2,
    extras: 1,
    parents: (s) => [s.parent!],
    render: (name, s) => ({ [`models/${name.replace('.', '/')}.sql`]: `MODEL (name ${name}, kind ${kind});\n\n${sql(s.parent!, s)}\n` }),
  };
}

export function mainVersion(): Version {
  const v: Version = {};
  for (const name of Object.keys(TEMPLATES).filter((t) => t.includes('.'))) v[name] = { template: name, variant: 0, extras: 0 };
  return v;
}

export function filesOf(v: Version): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, spec] of Object.entries(v)) Object.assign(files, TEMPLATES[spec.template]!.render(name, spec));
  return files;
}

function children(v: Version, name: string): string[] {
  return Object.entries(v)
    .filter(([, s]) => TEMPLATES[s.template]!.parents(s).includes(name))
    .map(([n]) => n);
}

const copy = (v: Version): Version => JSON.parse(JSON.stringify(v)) as Version;
const sameSpec = (a: Spec | undefined, b: Spec | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** One random edit of a branch (in place); returns what it did. */
function edit(r: Rand, v: Version, main: Version, history: Version[], counter: { n: number }): string {
  const names = Object.keys(v);
  const kinds = ['breaking', 'add column', 'revert', 'add model', 'remove model'] as const;
  for (let attempt = 0; attempt < 20; attempt++) {
    const kind = pick(r, kinds);
    if (kind === 'breaking') {
      const name = pick(r, names.filter((n) => TEMPLATES[v[n]!.template]!.variants > 1));
      const t = TEMPLATES[v[name]!.template]!;
      v[name]!.variant = (v[name]!.variant + 1 + Math.floor(r() * (t.variants - 1))) % t.variants;
      return `breaking edit of ${name} (variant ${v[name]!.variant})`;
    }
    if (kind === 'add column') {
      const open = names.filter((n) => v[n]!.extras < TEMPLATES[v[n]!.template]!.extras);
      if (!open.length) continue;
      const name = pick(r, open);
      v[name]!.extras++;
      return `column added to ${name}`;
    }
    if (kind === 'revert') {
      // One model back to main's (re-adding or removing it), else the whole branch to an earlier state.
      const differs = [...new Set([...names, ...Object.keys(main)])].filter((n) => !sameSpec(v[n], main[n]));
      const revertible = differs.filter((n) => {
        if (main[n]) return TEMPLATES[main[n].template]!.parents(main[n]).every((p) => v[p]);
        return children(v, n).length === 0;
      });
      if (revertible.length) {
        const name = pick(r, revertible);
        if (main[name]) v[name] = copy(main)[name]!;
        else delete v[name];
        return `revert of ${name} to main's`;
      }
      if (history.length < 2) continue;
      const back = pick(r, history.slice(0, -1));
      for (const n of Object.keys(v)) delete v[n];
      Object.assign(v, copy(back));
      return 'revert of the branch to an earlier state';
    }
    if (kind === 'add model') {
      const name = `marts.extra_${++counter.n}`;
      const template = pick(r, ['count_full', 'count_view', 'star_full', 'star_view']);
      v[name] = { template, variant: 0, extras: 0, parent: pick(r, names) };
      return `model ${name} added (${template} of ${v[name].parent})`;
    }
    const leaves = names.filter((n) => !n.startsWith('raw.') && children(v, n).length === 0);
    if (!leaves.length) continue;
    const name = pick(r, leaves);
    delete v[name];
    return `model ${name} removed`;
  }
  return 'no edit';
}

// ---------------------------------------------------------------------------------------------
// Running sequences.

export interface PropertyOptions {
  seed: number;
  first: number;
  sequences: number;
  steps: number;
  /** Every how many steps (on average) the data is compared with a from-scratch build. */
  dataEvery: number;
}

export function propertyOptionsFromEnv(defaults: { sequences: number; steps: number }): PropertyOptions {
  const env = process.env;
  const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);
  return {
    seed: num(env.VDE_PROPERTY_SEED, 20240601),
    first: num(env.VDE_PROPERTY_FIRST, 0),
    sequences: num(env.VDE_PROPERTY_SEQUENCES, defaults.sequences),
    steps: num(env.VDE_PROPERTY_STEPS, defaults.steps),
    dataEvery: Math.max(1, num(env.VDE_PROPERTY_DATA_EVERY, 3)),
  };
}

export interface PropertyTotals {
  sequences: number;
  steps: number;
  dataChecks: number;
  /** Count of each kind of step. */
  kinds: Record<string, number>;
}

interface Ctx {
  mode: EngineMode;
  db: TestDatabase;
  scratch: TestDatabase;
  engine: Engine;
  scratchEngine: Engine;
  dirs: Map<string, TestProject>;
  /** version JSON → model → rows digest of a from-scratch build. */
  built: Map<string, Map<string, string>>;
}

const ENVS = ['pr_1', 'pr_2', 'pr_3', 'pr_4', 'pr_5'];

export async function runSequences(
  modes: EngineMode[],
  dbs: { main: (mode: EngineMode) => Promise<TestDatabase>; scratch: () => Promise<TestDatabase> },
  opts: PropertyOptions,
  totals: PropertyTotals,
  log: (line: string) => void = () => {},
): Promise<void> {
  const contexts = new Map<EngineMode, Ctx>();
  const scratch = await dbs.scratch();
  const scratchEngine = postgresEngine(scratch.url, modes[0]!);
  const built = new Map<string, Map<string, string>>();
  try {
    for (let i = opts.first; i < opts.first + opts.sequences; i++) {
      const mode = modes[i % modes.length]!;
      let ctx = contexts.get(mode);
      if (!ctx) {
        const db = await dbs.main(mode);
        ctx = { mode, db, scratch, engine: postgresEngine(db.url, mode), scratchEngine, dirs: new Map(), built };
        contexts.set(mode, ctx);
      }
      await runSequence(ctx, opts, i, totals);
      totals.sequences++;
      log(`lifecycle: sequence ${i} (${mode.label}) passed; ${totals.sequences} sequences, ${totals.steps} steps, ${totals.dataChecks} data checks so far`);
    }
  } finally {
    for (const c of contexts.values()) {
      await c.engine.close();
      for (const d of c.dirs.values()) d.cleanup();
      await c.db.drop();
    }
    await scratchEngine.close();
    await scratch.drop();
  }
}

/** Drops everything but the system schemas (a new sequence starts from an empty warehouse). */
async function emptyWarehouse(engine: Engine): Promise<void> {
  const schemas = await engine.query<{ s: string }>(
    "SELECT nspname AS s FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND nspname NOT LIKE 'pg\\_%'",
  );
  for (const { s } of schemas.rows) await engine.query(`DROP SCHEMA ${engine.dialect.quoteIdentifier(s)} CASCADE`);
}

function dirFor(ctx: Ctx, env: string, v: Version): string {
  let p = ctx.dirs.get(env);
  if (!p) {
    p = makeProject({ 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') });
    ctx.dirs.set(env, p);
  }
  rmSync(join(p.dir, 'models'), { recursive: true, force: true });
  for (const [path, text] of Object.entries(filesOf(v))) {
    mkdirSync(dirname(join(p.dir, path)), { recursive: true });
    writeFileSync(join(p.dir, path), text);
  }
  return p.dir;
}

async function runSequence(ctx: Ctx, opts: PropertyOptions, index: number, totals: PropertyTotals): Promise<void> {
  const r = rng((opts.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  await emptyWarehouse(ctx.engine);
  const env = { ...process.env, VDE_DATABASE_URL: ctx.db.url };
  const ws = (dir: string, engine = ctx.engine) => openWorkspace({ projectDir: dir, engine, env });
  let main = mainVersion();
  const branches = new Map<string, { v: Version; history: Version[] }>();
  /** What each existing environment was last applied with, and whether it was invalidated. */
  const applied = new Map<string, { v: Version; invalidated: boolean }>();
  const counter = { n: 0 };
  const log: string[] = [];
  const fail = (err: unknown) =>
    new Error(
      `lifecycle property violated (seed ${opts.seed}, sequence ${index}, ${ctx.mode.label}) at step ${log.length}: ${(err as Error).message}\n` +
        `reproduce: VDE_PROPERTY_SEED=${opts.seed} VDE_PROPERTY_FIRST=${index} VDE_PROPERTY_SEQUENCES=1 VDE_PROPERTY_STEPS=${opts.steps} npm test -- test/reliability/lifecycle.test.ts\n` +
        `steps:\n  ${log.join('\n  ')}`,
      { cause: err },
    );
  const branch = (name: string) => {
    let b = branches.get(name);
    if (!b) {
      b = { v: copy(main), history: [copy(main)] };
      branches.set(name, b);
    }
    return b;
  };

  const step = async (what: () => Promise<string>) => {
    try {
      const line = await what();
      log.push(line);
      const kind = line.startsWith('edit') ? `edit: ${/: (breaking|column added|revert|model \S+ added|model \S+ removed|no edit)/.exec(line)?.[1]?.replace(/ \S+ /, ' ')}` : line.split(/[ :]/)[0]!;
      totals.kinds[kind] = (totals.kinds[kind] ?? 0) + 1;
      totals.steps++;
      await checkAfterStep(ctx, applied);
      if (r() * opts.dataEvery < 1) {
        await checkData(ctx, applied);
        totals.dataChecks++;
      }
    } catch (err) {
      throw fail(err);
    }
  };
  // Every sequence starts with prod applied from main.
  await step(async () => {
    await applyEnvironment(await ws(dirFor(ctx, 'prod', main)), 'prod');
    applied.set('prod', { v: copy(main), invalidated: false });
    return 'apply prod (main)';
  });
  for (let s = 1; s < opts.steps; s++) {
    const envName = pick(r, ENVS);
    const roll = r();
    await step(async () => {
      if (roll < 0.35) {
        const b = branch(envName);
        const did = edit(r, b.v, main, b.history, counter);
        b.history.push(copy(b.v));
        return `edit ${envName}: ${did}`;
      }
      if (roll < 0.65) {
        const b = branch(envName);
        await applyEnvironment(await ws(dirFor(ctx, envName, b.v)), envName);
        applied.set(envName, { v: copy(b.v), invalidated: false });
        return `apply ${envName}`;
      }
      if (roll < 0.75) {
        if (!applied.has(envName)) return `invalidate ${envName}: skipped (never applied)`;
        await invalidateEnvironment(await ws(dirFor(ctx, 'any', main)), envName);
        applied.get(envName)!.invalidated = true;
        return `invalidate ${envName}`;
      }
      if (roll < 0.87) {
        const ignoreTtl = r() < 0.5;
        const result = await runJanitor(await ws(dirFor(ctx, 'any', main)), { ignoreTtl });
        for (const e of result.environments) applied.delete(e.name);
        return `janitor${ignoreTtl ? ' --ignore-ttl' : ''}: ${result.environments.length} environments, ${result.physicalTables.length} tables`;
      }
      // Promote: the branch becomes main and prod; the PR closes (its environment is invalidated).
      const b = branch(envName);
      main = copy(b.v);
      await applyEnvironment(await ws(dirFor(ctx, 'prod', main)), 'prod');
      applied.set('prod', { v: copy(main), invalidated: false });
      branches.delete(envName);
      if (applied.has(envName)) {
        await invalidateEnvironment(await ws(dirFor(ctx, 'any', main)), envName);
        applied.get(envName)!.invalidated = true;
      }
      return `promote ${envName}`;
    });
  }
}

async function checkAfterStep(ctx: Ctx, applied: Map<string, { v: Version; invalidated: boolean }>): Promise<void> {
  await checkWarehouse(ctx.engine, { converged: true });
  const state = await new StateStore(ctx.engine, 'vde_state').open();
  const records = new Map((await state.listEnvironments()).map((e) => [e.name, e]));
  for (const [name, a] of applied) {
    const record = records.get(name);
    if (!record) throw new Error(`${name} was applied and not removed by the janitor, but has no record`);
    const models = record.snapshots.map((s) => s.name).sort();
    const expected = Object.keys(a.v).sort();
    if (JSON.stringify(models) !== JSON.stringify(expected)) throw new Error(`${name} holds models ${models.join(', ')}; its version has ${expected.join(', ')}`);
  }
  for (const name of records.keys()) if (!applied.has(name)) throw new Error(`${name} exists but was removed (or never applied)`);
}

async function checkData(ctx: Ctx, applied: Map<string, { v: Version; invalidated: boolean }>): Promise<void> {
  for (const [name, a] of applied) {
    if (a.invalidated) continue;
    const expected = await fromScratch(ctx, a.v);
    for (const [model, digest] of expected) {
      const [schema = '', table = ''] = model.split('.');
      const view = viewRelation(ctx.engine.dialect, { schema, table }, name);
      const actual = await rowsDigest(ctx.engine, `${view.schema}.${view.name}`);
      if (actual !== digest) throw new Error(`${name}: ${model} holds ${actual} (rows:md5), a from-scratch build of its version holds ${digest}`);
    }
  }
}

/** Each model's rows after applying `v` to prod of an empty warehouse (cached per version). */
async function fromScratch(ctx: Ctx, v: Version): Promise<Map<string, string>> {
  const key = JSON.stringify(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
  const cached = ctx.built.get(key);
  if (cached) return cached;
  await emptyWarehouse(ctx.scratchEngine);
  const dir = dirFor(ctx, 'scratch', v);
  await applyEnvironment(await openWorkspace({ projectDir: dir, engine: ctx.scratchEngine, env: { ...process.env, VDE_DATABASE_URL: ctx.scratch.url } }), 'prod');
  const out = new Map<string, string>();
  for (const model of Object.keys(v).sort()) out.set(model, await rowsDigest(ctx.scratchEngine, model));
  ctx.built.set(key, out);
  return out;
}

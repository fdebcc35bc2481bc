// Crash safety with real processes (issue 7 §4): the bundled CLI (dist/cli.js) is killed with
// SIGKILL just before its N-th statement (VDE_TEST_SIGKILL_AT, src/engines/kill-switch.ts), for
// every N of a scenario (or every stride-th N), each on a fresh copy of the same starting warehouse
// (CREATE DATABASE ... TEMPLATE). After each kill the invariants are checked
// (test/support/warehouse-invariants.ts), the same command is re-run, and the warehouse it then
// holds must be exactly what an uninterrupted run leaves. Used by crash.test.ts (a bounded slice)
// and crash.soak.ts (every point).
import pg from 'pg';
import type { EnvironmentRecord } from '../../src/core/types';
import { StateStore } from '../../src/state/store';
import { spawnCli, vde } from '../support/cli';
import { postgresEngine, type EngineMode } from '../support/modes';
import { freshDatabase, serverUrl, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, shopFiles, type TestProject } from '../support/project';
import { checkWarehouse, promotionSide, warehouseFingerprint } from '../support/warehouse-invariants';


type Files = Record<string, string | null>;

/** Project versions: v1 breaks stg.orders, adds a model and removes one; v2 edits v1 further. */
export function versions(): { v0: Files; v1: Files; v2: Files } {
  const v0: Files = shopFiles();
  const v1: Files = {
    ...v0,
    'models/stg/orders.sql': v0['models/stg/orders.sql']!.replace('-- every order counts for now', "WHERE status <> 'cancelled'"),
    'models/marts/big_orders.sql': 'MODEL (name marts.big_orders, kind FULL, grain order_id);\nSELECT order_id, amount FROM stg.orders WHERE amount > 10\n',
    'models/marts/top_customers.sql': null,
  };
  const v2: Files = {
    ...v1,
    'models/stg/customers.sql': v1['models/stg/customers.sql']!.replace('name, country', 'name, country, upper(country) AS country_code'),
    'models/marts/big_orders.sql': v1['models/marts/big_orders.sql']!.replace('amount > 10', 'amount > 30'),
  };
  return { v0, v1, v2 };
}

export interface CrashScenario {
  name: string;
  /** Commands (and the project version each runs with) that build the starting warehouse. */
  setup: [Files, string[]][];
  /** The project version the command runs with. */
  files: Files;
  args: string[];
  /** Prod's views move: check they read all-old or all-new tables. */
  promotion?: boolean;
  /** The command never loads the models (no SQL parser): a kill point costs a fraction. */
  light?: boolean;
}

export function scenarios(): CrashScenario[] {
  const { v0, v1, v2 } = versions();
  const prod: [Files, string[]] = [v0, ['apply', 'prod']];
  const pr1: [Files, string[]] = [v1, ['apply', 'pr_1']];
  return [
    { name: 'apply of a new environment', setup: [prod], files: v1, args: ['apply', 'pr_1'] },
    { name: 're-apply of an environment', setup: [prod, pr1], files: v2, args: ['apply', 'pr_1'] },
    { name: 'promotion with builds', setup: [prod], files: v1, args: ['apply', 'prod'], promotion: true },
    { name: 'promotion with reuse', setup: [prod, pr1], files: v1, args: ['apply', 'prod'], promotion: true },
    { name: 'invalidate', setup: [prod, pr1], files: v1, args: ['invalidate', 'pr_1'], light: true },
    {
      name: 'janitor --ignore-ttl',
      setup: [prod, pr1, [v2, ['apply', 'pr_2']], [v1, ['apply', 'prod']], [v1, ['invalidate', 'pr_1']]],
      files: v1,
      args: ['janitor', '--ignore-ttl'],
      light: true,
    },
    {
      name: 'janitor',
      setup: [prod, pr1, [v1, ['invalidate', 'pr_1']]],
      files: v1,
      args: ['janitor'],
      light: true,
    },
  ];
}

export interface PointResult {
  point: number;
  /** The statement the process was about to send when it died. */
  statement: string;
  unfinalized: string[];
  prod?: 'old' | 'new' | 'mixed' | 'none';
}

export interface ScenarioResult {
  scenario: string;
  /** The first N at which the process ran to the end (every N below it is a kill point). */
  statements: number;
  points: PointResult[];
}

/**
 * Which kill points run: 1+offset, 1+offset+stride, ... (VDE_CRASH_STRIDE, VDE_CRASH_OFFSET; the light
 * scenarios' stride VDE_CRASH_LIGHT_STRIDE, else VDE_CRASH_STRIDE), or
 * exactly VDE_CRASH_POINTS (e.g. `41` or `3,17`, to reproduce a failure), in the scenarios whose
 * name contains VDE_CRASH_ONLY (and, with VDE_CRASH_MODE=transactional or autocommit, in that DDL mode only).
 */
export interface Selection {
  stride: number;
  /** The stride of light scenarios (janitor, invalidate). */
  lightStride: number;
  offset: number;
  /** The light scenarios' offset (default: `offset`). */
  lightOffset?: number;
  points?: number[];
  only?: string;
  mode?: string;
}

export function selectionFromEnv(defaultStride: number, defaultLightStride: number): Selection {
  const env = process.env;
  const stride = Math.max(1, Number(env.VDE_CRASH_STRIDE ?? '') || defaultStride);
  const lightStride = Math.max(1, Number(env.VDE_CRASH_LIGHT_STRIDE ?? env.VDE_CRASH_STRIDE ?? '') || defaultLightStride);
  const offset = Math.max(0, Number(env.VDE_CRASH_OFFSET ?? '') || 0);
  const points = env.VDE_CRASH_POINTS ? env.VDE_CRASH_POINTS.split(',').map(Number).filter((n) => n > 0) : undefined;
  return { stride, lightStride, offset, ...(points ? { points } : {}), ...(env.VDE_CRASH_ONLY ? { only: env.VDE_CRASH_ONLY } : {}), ...(env.VDE_CRASH_MODE ? { mode: env.VDE_CRASH_MODE } : {}) };
}

/** The next kill point after `point` (null: none left). */
function nextPoint(sel: Selection, light: boolean, point: number | null): number | null {
  if (sel.points) {
    const sorted = [...sel.points].sort((a, b) => a - b);
    return point === null ? (sorted[0] ?? null) : (sorted.find((p) => p > point) ?? null);
  }
  const stride = light ? sel.lightStride : sel.stride;
  return point === null ? 1 + ((light ? (sel.lightOffset ?? sel.offset) : sel.offset) % stride) : point + stride;
}

/** One admin connection that clones and drops databases. */
class Databases {
  private admin: pg.Client | null = null;
  private readonly made: string[] = [];

  private async client(): Promise<pg.Client> {
    if (!this.admin) {
      this.admin = new pg.Client({ connectionString: serverUrl() });
      await this.admin.connect();
    }
    return this.admin;
  }

  async clone(template: TestDatabase, label: string): Promise<TestDatabase> {
    const c = await this.client();
    const name = `${template.name}_${label}`;
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    // The template's last sessions may take a moment to go away.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
        break;
      } catch (err) {
        if (attempt > 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    this.made.push(name);
    const url = new URL(serverUrl());
    url.pathname = `/${name}`;
    return { url: url.toString(), name, drop: () => this.drop(name) };
  }

  async drop(name: string): Promise<void> {
    await (await this.client()).query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }

  async close(): Promise<void> {
    for (const name of this.made) await this.drop(name).catch(() => {});
    await this.admin?.end();
  }
}

function setFiles(project: TestProject, current: Files, next: Files): Files {
  for (const [path, text] of Object.entries(next)) {
    if (text === null) {
      if (current[path] !== undefined && current[path] !== null) project.remove(path);
    } else if (current[path] !== text) project.write(path, text);
  }
  for (const path of Object.keys(current)) if (!(path in next) && current[path] !== null) project.remove(path);
  return next;
}

async function prodRecord(url: string, mode: EngineMode): Promise<EnvironmentRecord | null> {
  const engine = postgresEngine(url, mode);
  try {
    return await (await new StateStore(engine, 'vde_state').open()).getEnvironment('prod');
  } finally {
    await engine.close();
  }
}

/** Runs every kill point of each scenario in one engine mode; throws on the first violation. */
export async function runCrashScenarios(
  mode: EngineMode,
  list: CrashScenario[],
  sel: Selection,
  log: (line: string) => void = () => {},
): Promise<ScenarioResult[]> {
  if (sel.mode && sel.mode !== (mode.env.VDE_POSTGRES_DDL ?? 'transactional')) return [];
  const chosen = list.filter((s) => !sel.only || s.name.includes(sel.only));
  const dbs = new Databases();
  const project = makeProject({ 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') });
  let files: Files = {};
  const results: ScenarioResult[] = [];
  const envFor = (url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    ...mode.env,
    VDE_DATABASE_URL: url,
    // Crash safety is under test, not the connect timeout: a loaded CI machine may take longer than
    // the default 10 s to accept a connection.
    PGCONNECT_TIMEOUT: '120',
    ...extra,
  });
  // Scenarios with the same setup share one starting warehouse (a template database).
  const templates = new Map<string, TestDatabase>();
  const templateFor = async (s: CrashScenario): Promise<TestDatabase> => {
    const key = JSON.stringify(s.setup);
    let template = templates.get(key);
    if (!template) {
      template = await freshDatabase(`crash_${templates.size}`);
      templates.set(key, template);
      for (const [version, args] of s.setup) {
        files = setFiles(project, files, version);
        const r = await vde(['--project', project.dir, '--quiet', ...args], envFor(template.url));
        if (r.code !== 0) throw new Error(`${s.name}: setup vde ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      }
    }
    return template;
  };
  try {
    for (const s of chosen) {
      const template = await templateFor(s);
      let upcoming: Promise<TestDatabase> | null = null;
      try {
        files = setFiles(project, files, s.files);
        const oldProd = s.promotion ? await prodRecord(template.url, mode) : null;
        const args = ['--project', project.dir, ...s.args];

        // The uninterrupted run (the same CLI code, in this process): what every
        // killed-then-re-run copy must end up as.
        const ref = await dbs.clone(template, 'ref');
        const clean = await vde(args, envFor(ref.url));
        if (clean.code !== 0) throw new Error(`${s.name}: the uninterrupted run exited ${clean.code}: ${clean.stderr}`);
        const refEngine = postgresEngine(ref.url, mode);
        let expected: Record<string, unknown>;
        try {
          await checkWarehouse(refEngine, { converged: true });
          expected = await warehouseFingerprint(refEngine);
        } finally {
          await refEngine.close();
        }
        const newProd = s.promotion ? await prodRecord(ref.url, mode) : null;
        await ref.drop();

        const result: ScenarioResult = { scenario: s.name, statements: 0, points: [] };
        // The next point's copy is made while the current point's process runs.
        const label = (p: number | null) => (p === null ? null : dbs.clone(template, `k${p}`));
        let point = nextPoint(sel, !!s.light, null);
        upcoming = label(point);
        for (; point !== null && upcoming !== null; point = nextPoint(sel, !!s.light, point)) {
          const t = [Date.now()];
          const copy = await upcoming;
          upcoming = label(nextPoint(sel, !!s.light, point));
          const engine = postgresEngine(copy.url, mode);
          try {
            t.push(Date.now());
            const run = await spawnCli(args, { env: envFor(copy.url, { VDE_TEST_SIGKILL_AT: String(point) }), timeoutMs: 120_000 });
            const where = `${s.name}, ${mode.label}, kill point ${point}`;
            if (run.signal !== 'SIGKILL') {
              // The process got to the end before its N-th statement: every kill point is done.
              if (run.code !== 0) throw new Error(`${where}: exited ${run.code ?? run.signal}: ${run.stderr}`);
              expectSame(await warehouseFingerprint(engine), expected, `${where} (ran to the end)`);
              result.statements = point;
              break;
            }
            const statement = /vde-test: SIGKILL before statement \d+: (.*)/.exec(run.stderr)?.[1] ?? '(unknown)';
            let pr: PointResult;
            try {
              const report = await checkWarehouse(engine);
              pr = { point, statement, unfinalized: report.unfinalized };
              if (engine.capabilities.transactionalDdl && report.unfinalized.length) {
                throw new Error(`unfinalized with transactional DDL: ${report.unfinalized.join(', ')}`);
              }
              if (oldProd && newProd) {
                pr.prod = promotionSide(report, oldProd, newProd);
                // Never a mix, except (without transactional DDL) while prod's record says unfinalized.
                if (pr.prod === 'mixed' && !report.unfinalized.includes('prod')) throw new Error('prod reads a mix of old and new tables and its record says finalized');
              }
            } catch (err) {
              throw new Error(`${where} (before: ${statement}): ${(err as Error).message}`);
            }
            t.push(Date.now());
            const again = await vde(args, envFor(copy.url));
            t.push(Date.now());
            if (again.code !== 0) throw new Error(`${where} (before: ${statement}): the re-run exited ${again.code}: ${again.stderr}`);
            try {
              await checkWarehouse(engine, { converged: true });
              expectSame(await warehouseFingerprint(engine), expected, 'after the re-run');
            } catch (err) {
              throw new Error(`${where} (before: ${statement}): ${(err as Error).message}`);
            }
            result.points.push(pr);
            t.push(Date.now());
            const ms = t.slice(1).map((x, j) => x - t[j]!).join('/');
            log(`${mode.label} | ${s.name} | ${point} | ${statement.slice(0, 70)}${pr.unfinalized.length ? ` | unfinalized: ${pr.unfinalized.join(',')}` : ''}${pr.prod ? ` | prod: ${pr.prod}` : ''} | ms clone/kill/rerun/check ${ms}`);
          } finally {
            await engine.close();
            await copy.drop();
          }
        }
        results.push(result);
      } finally {
        // A copy made for a point that did not run (the process had already run to the end).
        await (upcoming as Promise<TestDatabase> | null)?.then((c) => c.drop(), () => {});
      }
    }
  } finally {
    for (const t of templates.values()) await t.drop().catch(() => {});
    await dbs.close();
    project.cleanup();
  }
  return results;
}

function expectSame(actual: Record<string, unknown>, expected: Record<string, unknown>, what: string): void {
  const a = JSON.stringify(actual, null, 1);
  const e = JSON.stringify(expected, null, 1);
  if (a === e) return;
  const al = a.split('\n');
  const el = e.split('\n');
  const diff = [...new Set([...al.filter((l) => !el.includes(l)).map((l) => `+ ${l}`), ...el.filter((l) => !al.includes(l)).map((l) => `- ${l}`)])];
  throw new Error(`${what}: the warehouse differs from an uninterrupted run's:\n${diff.join('\n')}`);
}

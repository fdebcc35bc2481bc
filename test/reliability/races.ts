// Concurrency with real processes (issue 7 §4). Each round starts, at once, as separate `vde`
// processes (dist/cli.js): 8 PR applies (pr_7 and pr_8 with the same change), 2 promotions of
// different versions, an invalidate of one PR, and a janitor loop (alternately with and without
// --ignore-ttl) that runs until the others are done. Then:
//   - every command exited 0, or 3 with a conflict message (an invalidate of an environment that
//     did not exist when the round started may say so);
//   - the warehouse invariants hold, converged (test/support/warehouse-invariants.ts): no state row
//     without its table, no table without its state row;
//   - the last successful promotion is what prod shows (its plan id is prod's; an earlier successful
//     one is prod's previous plan), and prod's views read that promotion's tables;
//   - every PR apply that exited 0 left its environment pointing at its plan's tables, unless it
//     was invalidated and the janitor removed it.
// Used by races.test.ts (a bounded number of rounds) and races.soak.ts (more).
import { StateStore } from '../../src/state/store';
import { spawnCli } from '../support/cli';
import { postgresEngine, type EngineMode } from '../support/modes';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, shopFiles, type TestProject } from '../support/project';
import { checkWarehouse, readCatalog } from '../support/warehouse-invariants';

const CONFLICT = /^error: .*(another run|invalidated|changed by|lost its lock|could not renew)/m;

export interface Run {
  label: string;
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  endedAt: number;
}

export interface RoundResult {
  round: number;
  fromEmpty: boolean;
  runs: Run[];
  promotions: { succeeded: number; conflicts: number };
  janitorRuns: number;
}

type Files = Record<string, string | null>;

/** The PR branches of round `r`: each a change on top of the shop project; pr_7 and pr_8 share one. */
function prChanges(r: number): Files[] {
  const base = shopFiles();
  const same: Files = {
    'models/marts/customer_orders.sql': base['models/marts/customer_orders.sql']!.replace('GROUP BY c.customer_id, c.name', `GROUP BY c.customer_id, c.name\nHAVING count(o.order_id) >= ${r % 3}`),
  };
  return [
    { 'models/stg/orders.sql': base['models/stg/orders.sql']!.replace('-- every order counts for now', `WHERE amount > ${r}`) },
    { 'models/stg/customers.sql': base['models/stg/customers.sql']!.replace('name, country', `name, country, ${r} AS round_${r}`) },
    { [`models/marts/pr3_${r}.sql`]: `MODEL (name marts.pr3_${r}, kind FULL);\nSELECT customer_id, revenue * ${r} AS scaled FROM marts.customer_orders\n` },
    { 'models/marts/daily_revenue.sql': base['models/marts/daily_revenue.sql']!.replace('sum(amount) AS revenue', `sum(amount) + ${r} AS revenue`) },
    { 'models/seeds/customers.csv': `${base['models/seeds/customers.csv']!}${10 + r},Round ${r},DE\n` },
    { 'models/marts/top_customers.sql': null },
    same,
    same,
  ];
}

/** The two versions promoted at once in round `r`. */
function promotionChanges(r: number): Files[] {
  const base = shopFiles();
  return [
    { 'models/stg/orders.sql': base['models/stg/orders.sql']!.replace('-- every order counts for now', `WHERE amount > ${r}`) },
    { 'models/marts/daily_revenue.sql': base['models/marts/daily_revenue.sql']!.replace('sum(amount) AS revenue', `sum(amount) + ${100 + r} AS revenue`) },
  ];
}

function projectWith(change: Files): TestProject {
  const files: Record<string, string> = { ...shopFiles(), 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') };
  for (const [path, text] of Object.entries(change)) {
    if (text === null) delete files[path];
    else files[path] = text;
  }
  return makeProject(files);
}

async function start(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const { code, stdout, stderr } = await spawnCli(args, { env, timeoutMs: 300_000 });
  return { label, args, code, stdout, stderr, endedAt: Date.now() };
}

interface ApplyJson {
  id: string;
  noop: boolean;
  views: { name: string; view: string; physicalTable: string }[];
}

export async function runRounds(
  mode: EngineMode,
  opts: { rounds: number; emptyEvery: number; log?: (line: string) => void },
): Promise<RoundResult[]> {
  const results: RoundResult[] = [];
  let db: TestDatabase | null = null;
  const projects: TestProject[] = [];
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      const fromEmpty = db === null || (opts.emptyEvery > 0 && (round - 1) % opts.emptyEvery === 0);
      if (fromEmpty) {
        await db?.drop();
        db = await freshDatabase('races');
      }
      const url = db!.url;
      // Conflicts are under test, not the connect timeout (a loaded machine may take longer than 10 s).
      const env = { ...process.env, ...mode.env, VDE_DATABASE_URL: url, PGCONNECT_TIMEOUT: '120' };
      const engine = postgresEngine(url, mode);
      try {
        const before = new Set((await (await new StateStore(engine, 'vde_state').open()).listEnvironments()).map((e) => e.name));
        const prs = prChanges(round).map(projectWith);
        const promos = promotionChanges(round).map(projectWith);
        const neutral = projectWith({});
        projects.push(...prs, ...promos, neutral);
        const target = `pr_${((round - 1) % 8) + 1}`;

        let done = false;
        let janitorRuns = 0;
        const janitorLoop = (async () => {
          const runs: Run[] = [];
          // At least twice: once without and once with --ignore-ttl.
          while (!done || runs.length < 2) {
            const args = ['--project', neutral.dir, 'janitor', ...(janitorRuns % 2 === 1 ? ['--ignore-ttl'] : [])];
            runs.push(await start(`janitor #${++janitorRuns}`, args, env));
          }
          return runs;
        })();
        const others = Promise.all([
          ...prs.map((p, i) => start(`apply pr_${i + 1}`, ['--project', p.dir, 'apply', `pr_${i + 1}`, '--json'], env)),
          ...promos.map((p, i) => start(`promotion ${'AB'[i]}`, ['--project', p.dir, 'apply', 'prod', '--json'], env)),
          start(`invalidate ${target}`, ['--project', neutral.dir, 'invalidate', target], env),
        ]);
        const finished = await others;
        done = true;
        const runs = [...finished, ...(await janitorLoop)];
        const where = `${mode.label}, round ${round}${fromEmpty ? ' (from an empty warehouse)' : ''}`;

        for (const r of runs) {
          const ok =
            r.code === 0 ||
            (r.code === 3 && CONFLICT.test(r.stderr)) ||
            (r.label.startsWith('invalidate') && r.code === 1 && !before.has(target) && /no environment named/.test(r.stderr));
          if (!ok) throw new Error(`${where}: ${r.label} (vde ${r.args.slice(2).join(' ')}) exited ${r.code}:\n${r.stderr}`);
        }
        try {
          await checkWarehouse(engine, { converged: true });
        } catch (err) {
          throw new Error(`${where}: ${(err as Error).message}\n${summary(runs)}`);
        }

        const state = await new StateStore(engine, 'vde_state').open();
        const envs = new Map((await state.listEnvironments()).map((e) => [e.name, e]));
        const catalog = await readCatalog(engine);
        // The last successful promotion is what prod shows.
        const promotions = runs.filter((r) => r.label.startsWith('promotion'));
        const succeeded = promotions.filter((r) => r.code === 0).map((r) => ({ run: r, plan: JSON.parse(r.stdout) as ApplyJson }));
        const prod = envs.get('prod');
        if (succeeded.length) {
          if (!prod) throw new Error(`${where}: promotions succeeded but prod does not exist`);
          const last = succeeded.find((s) => s.plan.id === prod.planId);
          if (!last) throw new Error(`${where}: prod's plan ${prod.planId} is none of the successful promotions' (${succeeded.map((s) => s.plan.id).join(', ')})`);
          for (const s of succeeded) {
            // A successful promotion that is not prod's came earlier and was built on.
            if (s !== last && prod.previousPlanId !== s.plan.id) throw new Error(`${where}: ${s.run.label} succeeded but is neither prod's plan nor its previous one`);
          }
          expectViews(catalog.reads, last.plan, `${where}: prod after ${last.run.label}`);
        }
        // Every PR apply that succeeded shows its plan, unless its environment was invalidated and removed.
        for (const r of runs.filter((x) => x.label.startsWith('apply') && x.code === 0)) {
          const name = r.args[r.args.length - 2]!;
          const plan = JSON.parse(r.stdout) as ApplyJson;
          const record = envs.get(name);
          if (!record) {
            if (name === target) continue;
            throw new Error(`${where}: ${r.label} exited 0 but ${name} does not exist\n${summary(runs)}`);
          }
          // A no-op apply (the change was applied before) keeps the record's plan.
          if (!plan.noop && record.planId !== plan.id) throw new Error(`${where}: ${name}'s plan is ${record.planId}, not the one ${r.label} applied (${plan.id})`);
          // An invalidated environment's views may be half dropped by a janitor that then found it changed.
          if (record.expiresAt !== null && record.expiresAt.getTime() <= Date.now()) continue;
          expectViews(catalog.reads, plan, `${where}: ${name}`);
        }
        const result: RoundResult = {
          round,
          fromEmpty,
          runs,
          promotions: { succeeded: succeeded.length, conflicts: promotions.filter((r) => r.code === 3).length },
          janitorRuns,
        };
        results.push(result);
        opts.log?.(`${where}: ${summary(runs)}`);
      } finally {
        await engine.close();
      }
      for (const p of projects.splice(0)) p.cleanup();
    }
  } finally {
    for (const p of projects) p.cleanup();
    await db?.drop();
  }
  return results;
}

function expectViews(reads: Map<string, string[]>, plan: ApplyJson, what: string): void {
  for (const v of plan.views) {
    const actual = reads.get(v.view);
    if (actual?.length !== 1 || actual[0] !== v.physicalTable) {
      throw new Error(`${what}: view ${v.view} reads ${actual?.join(', ') ?? 'nothing (missing)'}, expected ${v.physicalTable}`);
    }
  }
}

function summary(runs: Run[]): string {
  const count = (code: number) => runs.filter((r) => r.code === code).length;
  return `${runs.length} runs: ${count(0)} exit 0, ${count(3)} exit 3 (${runs.filter((r) => r.code === 3).map((r) => r.label).join(', ')}), ${count(1)} exit 1`;
}

// `vde demo`: the whole pull-request lifecycle on the bundled example project, in embedded PGlite,
// with no server and no credentials. Each step says in one line what it shows.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  applyEnvironment,
  describeEnvironment,
  diffEnvironments,
  invalidateEnvironment,
  listEnvironments,
  openWorkspace,
  runJanitor,
} from '../core/api';
import { renderMarkdown } from '../diff/report/markdown';
import { VdeError } from '../errors';
import { applyText, envsText, envText, janitorText } from './format';

/** The examples folder ships beside dist/ (and beside src/ when run from source). */
function examplesDir(): string {
  const starts = [typeof __dirname === 'string' ? __dirname : process.cwd(), process.cwd()];
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'examples', 'vde.yaml'))) return join(dir, 'examples');
      if (dirname(dir) === dir) break;
    }
  }
  throw new VdeError('cannot find the bundled examples/ folder next to vde');
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new VdeError(`demo: ${file} does not contain the text the demo edits`);
  writeFileSync(file, text.replace(from, to));
}

export async function runDemo(opts: { keep: boolean }): Promise<void> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const step = (n: number, text: string, command: string) => out(`\n== ${n}. ${text}\n   $ ${command}`);
  const dir = mkdtempSync(join(tmpdir(), 'vde-demo-'));
  cpSync(examplesDir(), dir, { recursive: true, filter: (src) => !src.includes(`${join('examples', '.vde')}`) });
  rmSync(join(dir, '.vde'), { recursive: true, force: true });
  out(`vde demo: a copy of the example project in ${dir}, on embedded PGlite (${join(dir, '.vde', 'pglite')})`);
  const progress = (m: string) => process.stderr.write(`   ${m}\n`);
  try {
    // PGlite's data directory belongs to one open database at a time: close before reopening.
    const ws = await openWorkspace({ projectDir: dir, progress });
    step(1, 'Build prod: every model gets a physical table and a view in its own schema.', 'vde apply prod');
    out(applyText(await applyEnvironment(ws, 'prod')));
    await ws.close();

    step(2, 'Edit two models on a branch: drop cancelled orders (breaking) and add a column (non-breaking).', 'edit models/');
    edit(
      join(dir, 'models/staging/stg_orders.sql'),
      'FROM raw.orders AS o',
      "FROM raw.orders AS o\nWHERE lower(trim(o.status)) <> 'cancelled'",
    );
    edit(
      join(dir, 'models/marts/customer_orders.sql'),
      '0)::numeric(12, 2) AS net_revenue',
      "0)::numeric(12, 2) AS net_revenue,\n  count(DISTINCT o.order_date) AS active_days",
    );
    out('   stg.orders: WHERE status <> \'cancelled\'; marts.customer_orders: + active_days');

    // The edits are read from disk, so the next steps use a fresh workspace.
    const pr = await openWorkspace({ projectDir: dir, progress });
    try {
      step(3, 'Open pull request #1: only the edited models and their descendants are built; the rest are views over prod.', 'vde apply pr_1');
      out(applyText(await applyEnvironment(pr, 'pr_1')));
      out();
      out('   $ vde env pr_1');
      out(envText(await describeEnvironment(pr, 'pr_1')).replace(/^/gm, '   '));

      step(4, 'The comment vde posts on the pull request: what the change does to the data.', 'vde diff prod pr_1 --format markdown');
      const outcome = await diffEnvironments(pr, 'prod', 'pr_1', { samples: 0 });
      out('----8<---- PR comment ----8<----');
      out(renderMarkdown(outcome.result, outcome.lineage, { title: 'vde: pr_1 compared with prod' }));
      out('----8<--------------------------');

      step(5, 'Merge: prod is re-applied from the merged code and reuses pr_1\'s tables, so nothing is rebuilt.', 'vde apply prod');
      out(applyText(await applyEnvironment(pr, 'prod')));

      step(6, 'Close: pr_1 expires now; the janitor drops its views and the tables nothing uses any more.', 'vde invalidate pr_1 && vde janitor --ignore-ttl && vde envs');
      await invalidateEnvironment(pr, 'pr_1');
      out(janitorText(await runJanitor(pr, { ignoreTtl: true })));
      out();
      out(envsText(await listEnvironments(pr)));
    } finally {
      await pr.close();
    }
  } finally {
    if (opts.keep) out(`\nkept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

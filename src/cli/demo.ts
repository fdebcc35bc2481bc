// `vde demo`: the whole pull-request lifecycle on a bundled example project, in embedded PGlite,
// with no server and no credentials. Each step says in one line what it shows.
//
// Examples: `shop` is the project at the top of examples/ (vde.yaml + models/); every folder of
// examples/ that holds a project (vde.yaml, or SQLMesh's config.yaml) is another, named after the
// folder. The PR step edits the files that the example's `demo.json` names
// (`{"edits": [{"file", "from", "to", "what"}]}`); `shop`'s edits are below.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
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
import { renderText } from '../diff/report/text';
import { UsageError, VdeError } from '../errors';
import { warningText } from '../core/audits';
import { VERSION } from '../version';
import { applyText, envsText, envText, janitorText } from './format';

export const DEFAULT_EXAMPLE = 'shop';
const PROJECT_FILES = ['vde.yaml', 'vde.yml', 'config.yaml', 'config.yml'];

interface Edit {
  file: string;
  from: string;
  to: string;
  what: string;
}

const SHOP_EDITS: Edit[] = [
  {
    file: 'models/staging/stg_orders.sql',
    from: 'FROM raw.orders AS o',
    to: "FROM raw.orders AS o\nWHERE lower(trim(o.status)) <> 'cancelled'",
    what: "stg.orders: WHERE status <> 'cancelled' (breaking)",
  },
  {
    file: 'models/marts/customer_orders.sql',
    from: '0)::numeric(12, 2) AS net_revenue',
    to: '0)::numeric(12, 2) AS net_revenue,\n  count(DISTINCT o.order_date) AS active_days',
    what: 'marts.customer_orders: + active_days (non-breaking)',
  },
];

/** The examples folder ships beside dist/ (and beside src/ when run from source). */
function examplesDir(): string | null {
  const starts = [typeof __dirname === 'string' ? __dirname : process.cwd(), process.cwd()];
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'examples', 'vde.yaml'))) return join(dir, 'examples');
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}

const isProject = (dir: string) => PROJECT_FILES.some((f) => existsSync(join(dir, f)));

/** The examples that exist: `shop` first, then each project folder of examples/. */
export function listExamples(): string[] {
  const root = examplesDir();
  if (!root) return [DEFAULT_EXAMPLE];
  const others = readdirSync(root)
    .filter((name) => name !== 'models' && !name.startsWith('.') && statSync(join(root, name)).isDirectory() && isProject(join(root, name)))
    .sort();
  return [DEFAULT_EXAMPLE, ...others];
}

function exampleSource(name: string): { dir: string; edits: Edit[]; skip: (src: string) => boolean } {
  const root = examplesDir();
  if (!root) throw new VdeError('cannot find the bundled examples/ folder next to vde');
  const names = listExamples();
  if (!names.includes(name)) {
    throw new UsageError('--example', `no example named ${JSON.stringify(name)}; the examples are ${names.join(', ')}`);
  }
  if (name === DEFAULT_EXAMPLE) {
    // The top-level project: leave out the other examples' folders and any local database.
    const others = new Set(names.slice(1).map((n) => join(root, n)));
    return { dir: root, edits: SHOP_EDITS, skip: (src) => others.has(src) || src === join(root, '.vde') };
  }
  const dir = join(root, name);
  const file = join(dir, 'demo.json');
  let edits: Edit[] = [];
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { edits?: Edit[] };
    edits = parsed.edits ?? [];
  }
  return { dir, edits, skip: (src) => src === join(dir, '.vde') };
}

function edit(dir: string, e: Edit): void {
  const file = join(dir, e.file);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(e.from)) throw new VdeError(`demo: ${e.file} does not contain the text the demo edits`);
  writeFileSync(file, text.replace(e.from, e.to));
}

/** Puts the connection of `file` into the copied project's vde.yaml; says where the demo runs. */
function useConnection(dir: string, file: string): string {
  const target = join(dir, 'vde.yaml');
  if (!existsSync(target)) throw new UsageError('--connection', 'this example has no vde.yaml to put a connection in; use the shop example');
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (e) {
    throw new UsageError('--connection', `cannot read ${file}: ${(e as Error).message}`);
  }
  const given = parseDocument(text);
  const connection = given.get('connection', true);
  if (given.errors.length > 0 || !isMap(connection)) throw new UsageError('--connection', `${file} has no connection: mapping`);
  const doc = parseDocument(readFileSync(target, 'utf8'));
  doc.set('connection', connection);
  const snowflake = given.get('snowflake', true);
  if (snowflake !== undefined) doc.set('snowflake', snowflake);
  writeFileSync(target, doc.toString());
  return `the connection of ${file} (type ${String(connection.get('type'))})`;
}

export interface DemoOptions {
  keep: boolean;
  /**
   * A YAML file whose `connection:` (and `snowflake:`, if any) replace the example's: the demo on
   * another warehouse, e.g. examples/connections/snowflake-stand-in.yaml.
   */
  connection?: string;
  format: 'text' | 'markdown';
  example: string;
  out: (line: string) => void;
  progress: (message: string) => void;
  /** ANSI colours in the text report. */
  color: boolean;
}

export async function runDemo(opts: DemoOptions): Promise<void> {
  const out = (line = '') => opts.out(line);
  const step = (n: number, text: string, command: string) => out(`\n== ${n}. ${text}\n   $ ${command}`);
  const source = exampleSource(opts.example);
  const dir = mkdtempSync(join(tmpdir(), 'vde-demo-'));
  cpSync(source.dir, dir, { recursive: true, filter: (src) => !source.skip(src) });
  const where = opts.connection ? useConnection(dir, opts.connection) : `embedded PGlite (${join(dir, '.vde', 'pglite')})`;
  out(`vde demo (${opts.example}): a copy of the example project in ${dir}, on ${where}`);
  const progress = (m: string) => opts.progress(`   ${m}`);
  try {
    // PGlite's data directory belongs to one open database at a time: close before reopening.
    const ws = await openWorkspace({ projectDir: dir, progress });
    // Which connection a SQLMesh project's config.yaml gave, and why (as every command says).
    for (const note of ws.config.notes) progress(`note: ${note}`);
    try {
      step(1, 'Build prod: every model gets a physical table and a view in its own schema.', 'vde apply prod');
      out(applyText(await applyEnvironment(ws, 'prod')));
    } finally {
      await ws.close();
    }

    if (source.edits.length) {
      step(2, 'Edit models on a branch.', 'edit models/');
      for (const e of source.edits) {
        edit(dir, e);
        out(`   ${e.what}`);
      }
    } else {
      step(2, 'This example has no demo edits (no demo.json): the pull request changes nothing.', '(no edit)');
    }

    // The edits are read from disk, so the next steps use a fresh workspace.
    const pr = await openWorkspace({ projectDir: dir, progress });
    try {
      step(3, 'Open pull request #1: only the edited models and their descendants are built; the rest are views over prod.', 'vde apply pr_1');
      out(applyText(await applyEnvironment(pr, 'pr_1')));
      out();
      out('   $ vde env pr_1');
      out(envText(await describeEnvironment(pr, 'pr_1')).replace(/^/gm, '   '));

      const outcome = await diffEnvironments(pr, 'prod', 'pr_1', { samples: 0 });
      if (opts.format === 'markdown') {
        step(4, 'The comment vde posts on the pull request (Markdown, as GitHub receives it).', 'vde diff prod pr_1 --format markdown');
        out('----8<---- PR comment ----8<----');
        out(renderMarkdown(outcome.result, outcome.lineage, { title: 'vde: pr_1 compared with prod', footer: `<sub>vde ${VERSION}</sub>`, audits: outcome.audits }));
        out('----8<--------------------------');
      } else {
        step(4, 'What the change does to the data: the report vde posts as the PR comment (--format markdown shows the Markdown).', 'vde diff prod pr_1');
        out(renderText(outcome.result, { color: opts.color }).trimEnd());
        for (const a of outcome.audits.filter((x) => x.violations > 0)) out(`warning: ${warningText(a)}`);
      }

      step(5, "Merge: prod is re-applied from the merged code and reuses pr_1's tables, so nothing is rebuilt.", 'vde apply prod');
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


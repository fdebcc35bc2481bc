// `vde`: the command-line front end. Parses arguments, calls the core, prints results; results go
// to stdout, progress and errors to stderr.

import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import {
  applyEnvironment,
  describeEnvironment,
  diffEnvironments,
  invalidateEnvironment,
  listEnvironments,
  openWorkspace,
  planEnvironment,
  runJanitor,
  type Workspace,
} from '../core/api';
import { VdeError } from '../errors';
import { diffProgress, diffStatus, renderOutput, type DiffFormat } from './diff-output';
import { applyJson, applyText, envsText, envText, janitorText, planJson, planText } from './format';
import { runDemo } from './demo';
import { postComment } from './comment';

const program = new Command();
program
  .name('vde')
  .description('Virtual data environments for pull requests: an isolated copy of the warehouse namespace per branch, a table diff, atomic promotion.')
  .option('-p, --project <dir>', 'project directory (where vde.yaml lives)', '.')
  .option('-q, --quiet', 'no progress on stderr')
  .showHelpAfterError();

function progress(): (m: string) => void {
  return program.opts().quiet ? () => {} : (m) => process.stderr.write(`${m}\n`);
}

/** Opens the project's workspace, runs `fn`, always closes the connection. */
async function withWorkspace(fn: (ws: Workspace) => Promise<void>): Promise<void> {
  const ws = await openWorkspace({ projectDir: resolve(program.opts().project), progress: progress() });
  try {
    await fn(ws);
  } finally {
    await ws.close();
  }
}

function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(`${json ? JSON.stringify(data, null, 2) : text}\n`);
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

program
  .command('plan')
  .description('show what applying <env> would build and change, without changing anything')
  .argument('<env>', 'environment name (e.g. prod, pr_12)')
  .option('--from <base>', 'base environment to compare with (default: prod)')
  .option('--json', 'machine-readable output')
  .action((env: string, o: { from?: string; json?: boolean }) =>
    withWorkspace(async (ws) => {
      const plan = await planEnvironment(ws, env, o.from ? { from: o.from } : {});
      print(!!o.json, planJson(plan), planText(plan));
    }),
  );

program
  .command('apply')
  .description('build new physical tables for <env> and point its views at them')
  .argument('<env>', 'environment name (e.g. prod, pr_12)')
  .option('--from <base>', 'base environment to compare with (default: prod)')
  .option('--json', 'machine-readable output')
  .action((env: string, o: { from?: string; json?: boolean }) =>
    withWorkspace(async (ws) => {
      const r = await applyEnvironment(ws, env, o.from ? { from: o.from } : {});
      print(!!o.json, applyJson(r), `${planText(r.plan)}\n${applyText(r)}`);
    }),
  );

program
  .command('envs')
  .description('list environments')
  .option('--json', 'machine-readable output')
  .action((o: { json?: boolean }) =>
    withWorkspace(async (ws) => {
      const envs = await listEnvironments(ws);
      print(!!o.json, envs, envsText(envs));
    }),
  );

program
  .command('env')
  .description('show one environment: every model, its physical table and view')
  .argument('<name>', 'environment name')
  .option('--json', 'machine-readable output')
  .action((name: string, o: { json?: boolean }) =>
    withWorkspace(async (ws) => {
      const e = await describeEnvironment(ws, name);
      print(!!o.json, e, envText(e));
    }),
  );

program
  .command('invalidate')
  .description('expire <env> now; the janitor then removes it (refused for prod)')
  .argument('<env>', 'environment name')
  .action((env: string) =>
    withWorkspace(async (ws) => {
      await invalidateEnvironment(ws, env);
      process.stdout.write(`invalidated ${env}\n`);
    }),
  );

program
  .command('janitor')
  .description("drop expired environments' views, then physical tables no environment uses")
  .option('--ignore-ttl', 'drop unreferenced physical tables even before their snapshot TTL passes')
  .option('--env <name>', 'only clean up this environment')
  .option('--json', 'machine-readable output')
  .action((o: { ignoreTtl?: boolean; env?: string; json?: boolean }) =>
    withWorkspace(async (ws) => {
      const r = await runJanitor(ws, { ignoreTtl: !!o.ignoreTtl, ...(o.env ? { env: o.env } : {}) });
      print(!!o.json, r, janitorText(r));
    }),
  );

program
  .command('diff')
  .description('compare the data of two environments, pushed down to the warehouse')
  .argument('<from-env>', 'environment to compare from (usually prod)')
  .argument('<to-env>', 'environment to compare to (e.g. pr_12)')
  .option('--model <name>', 'only this model (repeatable)', collect)
  .option('--on <column>', 'key column instead of the grain (repeatable, for composite keys)', collect)
  .option('--where <sql>', 'SQL filter applied to both sides')
  .option('--samples <n>', 'sample rows per category (default: 5 for text, 0 for markdown)', nonNegativeInt)
  .option('--decimals <n>', 'compare floats and numerics rounded to n places', nonNegativeInt)
  .option('--format <format>', 'text | markdown | json', 'text')
  .option('--exit-code', 'exit 1 when any compared model differs, 0 otherwise (like git diff --exit-code)')
  .action(
    (
      from: string,
      to: string,
      o: { model?: string[]; on?: string[]; where?: string; samples?: number; decimals?: number; format: string; exitCode?: boolean },
    ) =>
      withWorkspace(async (ws) => {
        if (!['text', 'markdown', 'json'].includes(o.format)) {
          throw new VdeError(`--format must be text, markdown or json (got ${o.format})`);
        }
        const format = o.format as DiffFormat;
        const outcome = await diffEnvironments(ws, from, to, {
          samples: o.samples ?? (format === 'markdown' ? 0 : 5),
          ...(o.model ? { models: o.model } : {}),
          ...(o.on ? { on: o.on } : {}),
          ...(o.where !== undefined ? { where: o.where } : {}),
          ...(o.decimals !== undefined ? { decimals: o.decimals } : {}),
          ...(format === 'text' ? { onModel: diffProgress(progress()) } : {}),
        });
        process.stdout.write(`${renderOutput(outcome, format, !!process.stdout.isTTY)}\n`);
        const status = diffStatus(outcome, !!o.exitCode);
        if (status.message) process.stderr.write(`error: ${status.message}\n`);
        process.exitCode = status.code;
      }),
  );

program
  .command('comment')
  .description('post or update the sticky PR comment with the diff of <env> against prod (for CI systems other than GitHub Actions)')
  .requiredOption('--repo <owner/name>', 'GitHub repository')
  .requiredOption('--pr <number>', 'pull request number', nonNegativeInt)
  .option('--env <name>', 'environment to report (default pr_<number>)')
  .option('--from <base>', 'environment to compare with', 'prod')
  .option('--samples <n>', 'sample rows in the comment', nonNegativeInt, 0)
  .option('--token <token>', 'GitHub token (default: $GITHUB_TOKEN)')
  .option('--api-url <url>', 'REST API base URL (default: $GITHUB_API_URL or https://api.github.com)')
  .action((o: { repo: string; pr: number; env?: string; from: string; samples: number; token?: string; apiUrl?: string }) =>
    withWorkspace(async (ws) => {
      const url = await postComment(ws, o);
      process.stdout.write(`${url}\n`);
    }),
  );

program
  .command('demo')
  .description('run the whole PR lifecycle on the bundled example project in embedded PGlite')
  .option('--keep', 'keep the temporary project folder')
  .action((o: { keep?: boolean }) => runDemo({ keep: !!o.keep }));

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof VdeError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

// `vde`'s commands: parses arguments, calls the core, prints results. Results go to stdout,
// progress and errors to stderr, every line through the one redaction (src/redact.ts). `runCli`
// takes its output streams as arguments, so tests run the real CLI in-process.

import { Command, InvalidArgumentError } from 'commander';
import {
  applyEnvironment,
  describeEnvironment,
  diffEnvironments,
  invalidateEnvironment,
  listEnvironments,
  openWorkspace,
  planEnvironment,
  runEnvironment,
  runJanitor,
  type PlanOptions,
  type Workspace,
} from '../core/api';
import { parseTime } from '../project/schedule';
import { AuditError, UsageError } from '../errors';
import { environmentName } from '../project/names';
import { redact, secrets } from '../redact';
import { parseCache, VERSION } from '../version';
import { postComment } from './comment';
import { listExamples, runDemo } from './demo';
import { diffProgress, diffStatus, renderOutput, type DiffFormat } from './diff-output';
import { EXIT, failureMessage, exitCodeOf } from './failure';
import { applyJson, applyText, envsText, envText, failedApplyJson, invalidateText, janitorText, planDetails, planJson, planText, runJson, runText, withVersion } from './format';
import { checkProjectDir } from './project-dir';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colours, the demo's format). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: !!process.stdout.isTTY,
    env: process.env,
  };
}

interface GlobalOptions {
  project: string;
  quiet?: boolean;
  debug?: boolean;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError('expected a whole number > 0');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of seconds > 0');
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `2024-01-31` or `2024-01-31 06:00[:00][Z|+01:00]` (UTC unless an offset is written). */
function instant(value: string): { at: number; dateOnly: boolean } {
  const t = parseTime(value);
  if (t === null || !('at' in t)) throw new InvalidArgumentError('expected a date (2024-01-31) or a timestamp (2024-01-31 06:00, UTC)');
  return t;
}

interface TimeOptions {
  start?: { at: number; dateOnly: boolean };
  end?: { at: number; dateOnly: boolean };
  executionTime?: { at: number; dateOnly: boolean };
  forwardOnly?: boolean;
}

/** The core's options from `--start` / `--end` (a date ends after that whole day) / `--execution-time` / `--forward-only`. */
function timeOptions(o: TimeOptions): Omit<PlanOptions, 'from'> {
  if (o.start && o.end && (o.end.dateOnly ? o.end.at + 86_400_000 : o.end.at) <= o.start.at) {
    throw new UsageError('--end', 'must be after --start');
  }
  return {
    ...(o.start ? { start: o.start.at } : {}),
    ...(o.end ? { end: o.end.dateOnly ? o.end.at + 86_400_000 : o.end.at } : {}),
    ...(o.executionTime ? { executionTime: new Date(o.executionTime.at) } : {}),
    ...(o.forwardOnly ? { forwardOnly: true } : {}),
  };
}

/** Help text after a command's options: examples, and where the global options are documented. */
function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Runs `vde` with `argv` (the arguments after the program name); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  secrets.addEnvironment(io.env);
  const out = (text: string) => io.stdout(`${text}\n`);
  const err = (text: string) => io.stderr(`${redact(text)}\n`);
  const program = new Command();
  const globals = () => program.opts<GlobalOptions>();
  const progress = () => (globals().quiet ? () => {} : (m: string) => err(m));

  /** `pr-1` → `pr_1`, saying so on stderr when the name changed (once per name). */
  const noted = new Set<string>();
  const env = (input: string): string => {
    let name: string;
    try {
      name = environmentName(input);
    } catch {
      return input; // the core reports the bad name with its reason
    }
    if (name !== input && !noted.has(input) && !globals().quiet) {
      noted.add(input);
      err(`note: environment "${input}" is ${name} (names are lower-case; characters other than a-z, 0-9 and _ become _)`);
    }
    return name;
  };

  /** Opens the project's workspace, runs `fn`, always closes the connection. */
  const withWorkspace = async (fn: (ws: Workspace) => Promise<void>): Promise<void> => {
    const projectDir = checkProjectDir(globals().project, program.getOptionValueSource('project') === 'default');
    const ws = await openWorkspace({ projectDir, env: io.env, progress: progress(), ...parseCache() });
    secrets.addConnection(ws.config.connection);
    // Which connection (gateway) vde uses and why, and what of config.yaml it does not use.
    for (const note of ws.config.notes) ws.progress(`note: ${note}`);
    try {
      await fn(ws);
    } finally {
      await ws.close();
    }
  };

  /**
   * A command that succeeds with another outcome than 0 (e.g. `vde diff --exit-code` finding
   * differences) sets it here; process.exitCode is not used, so in-process runs get it too.
   */
  let outcome: number = EXIT.ok;
  const exitWith = (code: number) => {
    outcome = code;
  };

  const print = (json: boolean, data: object, text: string) => out(json ? JSON.stringify(withVersion(data), null, 2) : text);

  program
    .name('vde')
    .description('Virtual data environments for pull requests: an isolated copy of the warehouse namespace per branch, a table diff, atomic promotion.')
    .version(VERSION, '-V, --version', 'print the version of vde')
    .option('-p, --project <dir>', 'project folder (where vde.yaml lives)', '.')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--debug', 'on an error, also print the stack trace')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(redact(t)) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `${examples('vde plan pr_12', 'vde apply pr_12 --project analytics', 'vde diff prod pr_12', 'vde demo')}
Exit codes: 0 success, 1 error, 3 conflict with another run on the same environment
(and vde diff --exit-code: 1 when the data differ). Docs: README.md.
`,
    );

  program
    .command('plan')
    .description('show what applying <env> would build and change, without changing anything')
    .argument('<env>', 'environment name (e.g. prod, pr_12)')
    .option('--from <base>', 'base environment to compare with (default: prod)')
    .option('--start <date>', "first day of a PR environment's window for incremental models (default: the last preview_window)", instant)
    .option('--end <date>', "last day (inclusive) of a PR environment's window for incremental models", instant)
    .option('--execution-time <time>', 'plan as if it were this moment (UTC): which intervals are complete', instant)
    .option('--forward-only', 'changed incremental models keep their tables (prod) or preview on their own (PRs)')
    .option('--json', 'machine-readable output')
    .option('--verbose', 'also list, per model, the header properties vde ignores and the audits it runs')
    .addHelpText('after', examples('vde plan pr_12', 'vde plan prod --json', 'vde plan pr_12 --from pr_11', 'vde plan pr_12 --verbose', 'vde plan pr_12 --start 2024-06-01 --end 2024-06-07'))
    .action((e: string, o: { from?: string; json?: boolean; verbose?: boolean } & TimeOptions) =>
      withWorkspace(async (ws) => {
        const plan = await planEnvironment(ws, env(e), { ...(o.from !== undefined ? { from: env(o.from) } : {}), ...timeOptions(o) });
        const details = o.verbose ? planDetails(await ws.project()) : undefined;
        print(!!o.json, details ? { ...planJson(plan), details } : planJson(plan), planText(plan, details));
      }),
    );

  program
    .command('apply')
    .description('build new physical tables for <env> and point its views at them')
    .argument('<env>', 'environment name (e.g. prod, pr_12)')
    .option('--from <base>', 'base environment to compare with (default: prod)')
    .option('--start <date>', "first day of a PR environment's window for incremental models (default: the last preview_window)", instant)
    .option('--end <date>', "last day (inclusive) of a PR environment's window for incremental models", instant)
    .option('--execution-time <time>', 'run as if it were this moment (UTC): which intervals are complete', instant)
    .option('--forward-only', 'changed incremental models keep their tables (prod) or preview on their own (PRs)')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      examples('vde apply pr_12', 'vde apply prod --project analytics', 'vde apply pr_12 --json --quiet', 'vde apply pr_12 --start 2024-06-01 --end 2024-06-07', 'vde apply prod --forward-only'),
    )
    .action((e: string, o: { from?: string; json?: boolean } & TimeOptions) =>
      withWorkspace(async (ws) => {
        const name = env(e);
        let r: Awaited<ReturnType<typeof applyEnvironment>>;
        try {
          r = await applyEnvironment(ws, name, { ...(o.from !== undefined ? { from: env(o.from) } : {}), ...timeOptions(o) });
        } catch (err) {
          // Scripts reading --json learn which audits failed; the error itself goes to stderr.
          if (o.json && err instanceof AuditError) out(JSON.stringify(withVersion(failedApplyJson(name, err)), null, 2));
          throw err;
        }
        print(!!o.json, applyJson(r), `${planText(r.plan)}\n${applyText(r)}`);
      }),
    );

  program
    .command('run')
    .description("process the intervals of <env>'s incremental models that became due (and refresh what reads them); changes no versions")
    .argument('[env]', 'environment name', 'prod')
    .option('--execution-time <time>', 'run as if it were this moment (UTC): which intervals are complete', instant)
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples('vde run', 'vde run prod --execution-time "2024-06-02 00:00"', 'vde run pr_12 --json'))
    .action((e: string, o: { json?: boolean; executionTime?: { at: number } }) =>
      withWorkspace(async (ws) => {
        const r = await runEnvironment(ws, env(e), o.executionTime ? { executionTime: new Date(o.executionTime.at) } : {});
        print(!!o.json, runJson(r), runText(r));
      }),
    );

  program
    .command('envs')
    .description('list environments')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples('vde envs', 'vde envs --json'))
    .action((o: { json?: boolean }) =>
      withWorkspace(async (ws) => {
        const envs = await listEnvironments(ws);
        print(!!o.json, { environments: envs }, envsText(envs));
      }),
    );

  program
    .command('env')
    .description('show one environment: every model, its physical table and view')
    .argument('<name>', 'environment name')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples('vde env pr_12', 'vde env prod --json'))
    .action((name: string, o: { json?: boolean }) =>
      withWorkspace(async (ws) => {
        const e = await describeEnvironment(ws, env(name));
        print(!!o.json, e, envText(e));
      }),
    );

  program
    .command('invalidate')
    .description('expire <env> now; the janitor then removes it (refused for prod)')
    .argument('<env>', 'environment name')
    .addHelpText('after', examples('vde invalidate pr_12', 'vde invalidate pr_12 && vde janitor'))
    .action((e: string) =>
      withWorkspace(async (ws) => {
        const name = env(e);
        await invalidateEnvironment(ws, name);
        out(invalidateText(name));
      }),
    );

  program
    .command('janitor')
    .description("drop expired environments' views, then physical tables no environment uses")
    .option('--ignore-ttl', 'drop unreferenced physical tables even before their snapshot TTL passes')
    .option('--env <name>', 'only clean up this environment')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples('vde janitor', 'vde janitor --env pr_12', 'vde janitor --ignore-ttl --json'))
    .action((o: { ignoreTtl?: boolean; env?: string; json?: boolean }) =>
      withWorkspace(async (ws) => {
        const r = await runJanitor(ws, { ignoreTtl: !!o.ignoreTtl, ...(o.env !== undefined ? { env: env(o.env) } : {}) });
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
    .option('--profile <when>', 'column profiles of changed models: auto (up to 100,000 rows) | always | never', 'auto')
    .addHelpText(
      'after',
      examples(
        'vde diff prod pr_12',
        'vde diff prod pr_12 --model marts.orders --on order_id --samples 10',
        "vde diff prod pr_12 --where \"order_date >= '2024-01-01'\" --format json",
      ),
    )
    .action(
      (
        from: string,
        to: string,
        o: { model?: string[]; on?: string[]; where?: string; samples?: number; decimals?: number; format: string; exitCode?: boolean; profile: string },
      ) =>
        withWorkspace(async (ws) => {
          if (!['text', 'markdown', 'json'].includes(o.format)) {
            throw new UsageError('--format', `expected text, markdown or json, got ${JSON.stringify(o.format)}`);
          }
          const format = o.format as DiffFormat;
          if (!['auto', 'always', 'never'].includes(o.profile)) {
            throw new UsageError('--profile', `expected auto, always or never, got ${JSON.stringify(o.profile)}`);
          }
          const outcome = await diffEnvironments(ws, env(from), env(to), {
            samples: o.samples ?? (format === 'markdown' ? 0 : 5),
            ...(o.model ? { models: o.model } : {}),
            ...(o.on ? { on: o.on } : {}),
            ...(o.where !== undefined ? { where: o.where } : {}),
            ...(o.decimals !== undefined ? { decimals: o.decimals } : {}),
            profile: o.profile as 'auto' | 'always' | 'never',
            ...(format === 'text' ? { onModel: diffProgress(progress()) } : {}),
          });
          out(renderOutput(outcome, format, io.isTTY));
          const status = diffStatus(outcome, !!o.exitCode);
          if (status.message) err(`error: ${status.message}`);
          exitWith(status.code);
        }),
    );

  program
    .command('comment')
    .description('post or update the sticky PR comment with the diff of <env> against prod (for CI systems other than GitHub Actions)')
    .requiredOption('--repo <owner/name>', 'GitHub repository')
    .requiredOption('--pr <number>', 'pull request number', positiveInt)
    .option('--env <name>', 'environment to report (default pr_<number>)')
    .option('--from <base>', 'environment to compare with', 'prod')
    .option('--samples <n>', 'sample rows in the comment', nonNegativeInt, 0)
    .option('--token <token>', 'GitHub token (default: $GITHUB_TOKEN)')
    .option('--api-url <url>', 'REST API base URL (default: $GITHUB_API_URL or https://api.github.com)')
    .option('--timeout <seconds>', 'give up on a GitHub request after this long (default: 10)', seconds)
    .addHelpText(
      'after',
      examples(
        'GITHUB_TOKEN=... vde comment --repo acme/analytics --pr 12',
        'vde comment --repo acme/analytics --pr 12 --api-url https://ghe.example.com/api/v3',
      ),
    )
    .action(
      (o: { repo: string; pr: number; env?: string; from: string; samples: number; token?: string; apiUrl?: string; timeout?: number }) => {
        secrets.add(o.token);
        secrets.add(io.env.GITHUB_TOKEN);
        return withWorkspace(async (ws) => {
          const url = await postComment(ws, { ...o, from: env(o.from), ...(o.env !== undefined ? { env: env(o.env) } : {}) }, io.env);
          out(url);
        });
      },
    );

  const exampleNames = listExamples();
  program
    .command('demo')
    .description('run the whole PR lifecycle on a bundled example project in embedded PGlite')
    .option('--keep', 'keep the temporary project folder')
    .option('--format <format>', 'how to show the PR report: text | markdown (what vde posts on GitHub)', 'text')
    .option('--example <name>', `the example project: ${exampleNames.join(' | ')}`, exampleNames[0] ?? 'shop')
    .option('--connection <file>', 'run on the connection in this YAML file instead of PGlite (e.g. examples/connections/snowflake-stand-in.yaml)')
    .addHelpText(
      'after',
      examples('vde demo', 'vde demo --format markdown', 'vde demo --connection examples/connections/snowflake-stand-in.yaml', ...exampleNames.slice(1).map((n) => `vde demo --example ${n}`)),
    )
    .action((o: { keep?: boolean; format: string; example: string; connection?: string }) => {
      if (!['text', 'markdown'].includes(o.format)) {
        throw new UsageError('--format', `expected text or markdown, got ${JSON.stringify(o.format)}`);
      }
      return runDemo({
        keep: !!o.keep,
        format: o.format as 'text' | 'markdown',
        example: o.example,
        ...(o.connection !== undefined ? { connection: o.connection } : {}),
        out,
        progress: (m) => err(m),
        color: io.isTTY,
      });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return outcome;
  } catch (e) {
    const code = exitCodeOf(e);
    const message = failureMessage(e, { debug: !!globals().debug || io.env.VDE_DEBUG === '1' });
    if (message) err(message);
    return code;
  }
}

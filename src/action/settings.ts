// The action's inputs, read once and validated into one typed object (the way actions/checkout's
// input-helper does it). Every error names the input, so a typo in a workflow is obvious.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors';
import { parseDuration } from '../project/config';
import { MAX_ENVIRONMENT_NAME_LENGTH } from '../project/names';

export const COMMANDS = ['auto', 'plan', 'promote', 'cleanup', 'janitor'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Settings {
  githubToken: string;
  /** GITHUB_WORKSPACE (absolute): the repository checkout. */
  workspace: string;
  /** Absolute project directory (holds vde.yaml and models/). */
  projectDir: string;
  /** projectDir relative to the workspace, with `/` separators; '' when they are the same. */
  projectPath: string;
  /** Environments of pull requests are `<environmentPrefix>_<number>`. */
  environmentPrefix: string;
  comment: boolean;
  diffSamples: number;
  allowForks: boolean;
  command: Command;
  /** `preview-window`: seconds of history a PR environment builds for incremental models (null: vde.yaml's preview_window). */
  previewWindow: number | null;
  /** `run-on-schedule`: on schedule / workflow_dispatch, `vde run prod` before the janitor. */
  runOnSchedule: boolean;
  /** REST API root: GITHUB_API_URL (GitHub Enterprise: https://host/api/v3). */
  apiUrl: string;
  /** Web root for links: GITHUB_SERVER_URL. */
  serverUrl: string;
  /** `owner/repo` from GITHUB_REPOSITORY ('' when unknown). */
  repository: string;
  eventName: string;
  eventPath: string;
  runId: string;
  sha: string;
}

/** An input (or the runner environment) has a value the action cannot use. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input "${input}": ${message}`);
  }
}

/** Reads one input by its action.yml name (`project-dir`); '' when not set. */
export type InputReader = (name: string) => string;

/** The runner's convention: INPUT_<NAME upper-cased, spaces → _>, hyphens kept. */
export function envInputReader(env: NodeJS.ProcessEnv): InputReader {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Defaults, identical to action.yml's, for inputs a runner did not set (local runs, tests). */
export const DEFAULTS = {
  'github-token': '',
  'project-dir': '.',
  'environment-prefix': 'pr',
  comment: 'true',
  'diff-samples': '0',
  'allow-forks': 'false',
  command: 'auto',
  'preview-window': '',
  'run-on-schedule': 'false',
} as const;

export function readSettings(env: NodeJS.ProcessEnv = process.env, read: InputReader = envInputReader(env)): Settings {
  const input = (name: keyof typeof DEFAULTS): string => {
    const value = read(name);
    return value === '' ? DEFAULTS[name] : value;
  };

  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const projectInput = input('project-dir');
  const projectDir = resolve(workspace, projectInput);
  const projectPath = relative(workspace, projectDir).split(sep).join('/');
  if (projectPath.startsWith('..') || isAbsolute(projectPath)) {
    throw new InputError('project-dir', `${JSON.stringify(projectInput)} is outside the workspace ${workspace}`);
  }
  if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
    throw new InputError(
      'project-dir',
      `directory ${JSON.stringify(projectInput)} does not exist in ${workspace} (did the job run actions/checkout first?)`,
    );
  }

  const prefix = input('environment-prefix').toLowerCase();
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) {
    throw new InputError('environment-prefix', `${JSON.stringify(prefix)} must be letters, digits and _ and start with a letter or _`);
  }
  if (prefix === 'prod') throw new InputError('environment-prefix', '"prod" is reserved for the production environment');
  // Room for `_` and a PR number of up to 10 digits within the environment name limit.
  if (prefix.length > MAX_ENVIRONMENT_NAME_LENGTH - 11) {
    throw new InputError('environment-prefix', `at most ${MAX_ENVIRONMENT_NAME_LENGTH - 11} characters`);
  }

  const samplesRaw = input('diff-samples');
  if (!/^\d+$/.test(samplesRaw) || Number(samplesRaw) > 1000) {
    throw new InputError('diff-samples', `${JSON.stringify(samplesRaw)} must be a whole number from 0 to 1000`);
  }

  const command = input('command').toLowerCase();
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new InputError('command', `${JSON.stringify(command)} must be one of ${COMMANDS.join(', ')}`);
  }

  const windowRaw = read('preview-window');
  let previewWindow: number | null = null;
  if (windowRaw !== '') {
    try {
      previewWindow = parseDuration(windowRaw);
    } catch {
      throw new InputError('preview-window', `${JSON.stringify(windowRaw)} must be a duration like 7d, 24h or 2w`);
    }
  }

  const repository = env.GITHUB_REPOSITORY ?? '';
  if (repository && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new UsageError('GITHUB_REPOSITORY', `${JSON.stringify(repository)} must look like owner/name`);
  }

  return {
    githubToken: input('github-token'),
    workspace,
    projectDir,
    projectPath,
    environmentPrefix: prefix,
    comment: booleanInput('comment', input('comment')),
    diffSamples: Number(samplesRaw),
    allowForks: booleanInput('allow-forks', input('allow-forks')),
    command: command as Command,
    previewWindow,
    runOnSchedule: booleanInput('run-on-schedule', input('run-on-schedule')),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    repository,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    eventPath: env.GITHUB_EVENT_PATH ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    sha: env.GITHUB_SHA ?? '',
  };
}

/** YAML 1.2 core-schema booleans, as @actions/core accepts them. */
function booleanInput(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(name, `${JSON.stringify(value)} must be true or false`);
}

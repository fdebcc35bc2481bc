// A workspace ties one project directory to its warehouse: config read eagerly (a bad vde.yaml
// fails before anything connects), models and the engine opened lazily and once.

import { openEngine } from '../engines';
import { UsageError } from '../errors';
import { bothHooks, killSwitch } from '../engines/kill-switch';
import type { Engine } from '../engines/types';
import { loadConfig } from '../project/config';
import { loadProject } from '../project/loader';
import { cacheDir } from '../project/parse-cache';
import type { Project } from '../project/types';
import { StateStore } from '../state/store';
import type { OpenOptions, Workspace } from './api';

export interface WorkspaceInternals extends Workspace {
  state(): Promise<StateStore>;
  /**
   * Declares that this workspace is about to write. Until then the engine is opened for reading
   * only: an embedded database that does not exist yet is not created for a read.
   */
  forWrites(): Promise<void>;
  /** Names the command running, for the engine's query tag (`vde:<command>:<environment>`). */
  command(tag: string): void;
}

export async function openWorkspace(opts: OpenOptions): Promise<Workspace> {
  const env = opts.env ?? process.env;
  const config = loadConfig(opts.projectDir, env);
  let project: Promise<Project> | undefined;
  let engine: Promise<{ engine: Engine; ephemeral: boolean }> | undefined;
  let state: Promise<StateStore> | undefined;
  let writes = false;
  let tag: string | undefined;
  // The engine once open, so that a command named later re-tags it at once (a workspace runs
  // several commands in the action: apply, then diff).
  let opened: Engine | undefined;
  const ownsEngine = !opts.engine;
  const leaseSeconds = Number(env.VDE_LEASE_SECONDS ?? '') || undefined;
  const onStatement = bothHooks(opts.onStatement, killSwitch(env));
  const cacheFolder = opts.parseCache && parseCacheWanted(env) ? cacheDir(env) : undefined;
  const parseCache = cacheFolder !== undefined ? { dir: cacheFolder, codeId: opts.parseCache!.codeId } : undefined;

  const open = () =>
    (engine ??= (
      opts.engine
        ? Promise.resolve({ engine: opts.engine, ephemeral: false })
        : openEngine(config.connection, {
            env,
            readOnly: !writes,
            ...(onStatement ? { onStatement } : {}),
            ...(config.snowflake ? { snowflake: config.snowflake } : {}),
            ...(config.environmentCatalogMapping ? { environmentCatalogMapping: config.environmentCatalogMapping } : {}),
            ...(opts.progress ? { notice: opts.progress } : {}),
          })
    ).then((o) => {
      opened = o.engine;
      if (tag !== undefined) o.engine.setQueryTag?.(tag);
      return o;
    }));

  const ws: WorkspaceInternals = {
    config,
    progress: opts.progress ?? (() => {}),
    project: () => (project ??= loadProject(opts.projectDir, env, parseCache ? { parseCache } : {})),
    engine: async () => (await open()).engine,
    command(name) {
      tag = name;
      opened?.setQueryTag?.(name);
    },
    state: () =>
      // The state schema follows the engine's identifier rule like every name vde writes
      // (vde_state is VDE_STATE on Snowflake, where unquoted names fold to upper case).
      (state ??= ws.engine().then((e) => new StateStore(e, e.dialect.normalizeIdentifier(config.stateSchema), leaseSeconds ? { leaseSeconds } : {}).open())),
    async forWrites() {
      writes = true;
      // A stand-in opened for an earlier read gives way to the real database.
      if (engine && (await engine).ephemeral) {
        await (await engine).engine.close();
        engine = undefined;
        opened = undefined;
        state = undefined;
      }
    },
    async close() {
      if (engine && ownsEngine) await (await engine).engine.close();
    },
  };
  return ws;
}

/**
 * VDE_PARSE_CACHE: `on`, `off`, or unset: on, except in CI (CI=true), where a fresh runner would
 * write a cache no later run reads (a CI job that restores the cache folder sets it to `on`).
 */
function parseCacheWanted(env: NodeJS.ProcessEnv): boolean {
  const v = env.VDE_PARSE_CACHE;
  if (v === 'on') return true;
  if (v === 'off') return false;
  if (v !== undefined && v !== '') throw new UsageError('VDE_PARSE_CACHE', `must be on or off, not ${JSON.stringify(v)}`);
  return !['true', '1'].includes((env.CI ?? '').toLowerCase());
}

/** The state store of a workspace (internal to the core). */
export function stateOf(ws: Workspace): Promise<StateStore> {
  return (ws as WorkspaceInternals).state();
}

/**
 * Names the command a workspace runs, for the warehouse's query history: `vde:apply:pr_1`
 * (Snowflake's QUERY_TAG; docs/snowflake.md). Call it before the first statement.
 */
export function tagCommand(ws: Workspace, command: string, environment?: string): void {
  (ws as WorkspaceInternals).command(environment === undefined ? `vde:${command}` : `vde:${command}:${environment}`);
}

/** Opens the workspace's engine for writing (internal to the core). */
export async function forWrites(ws: Workspace): Promise<void> {
  await (ws as WorkspaceInternals).forWrites();
}

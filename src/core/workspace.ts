// A workspace ties one project directory to its warehouse: config read eagerly (a bad vde.yaml
// fails before anything connects), models and the engine opened lazily and once.

import { openEngine } from '../engines';
import { bothHooks, killSwitch } from '../engines/kill-switch';
import type { Engine } from '../engines/types';
import { loadConfig } from '../project/config';
import { loadProject } from '../project/loader';
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
}

export async function openWorkspace(opts: OpenOptions): Promise<Workspace> {
  const env = opts.env ?? process.env;
  const config = loadConfig(opts.projectDir, env);
  let project: Promise<Project> | undefined;
  let engine: Promise<{ engine: Engine; ephemeral: boolean }> | undefined;
  let state: Promise<StateStore> | undefined;
  let writes = false;
  const ownsEngine = !opts.engine;
  const leaseSeconds = Number(env.VDE_LEASE_SECONDS ?? '') || undefined;
  const onStatement = bothHooks(opts.onStatement, killSwitch(env));

  const open = () =>
    (engine ??= opts.engine
      ? Promise.resolve({ engine: opts.engine, ephemeral: false })
      : openEngine(config.connection, { env, readOnly: !writes, ...(onStatement ? { onStatement } : {}) }));

  const ws: WorkspaceInternals = {
    config,
    progress: opts.progress ?? (() => {}),
    project: () => (project ??= loadProject(opts.projectDir, env)),
    engine: async () => (await open()).engine,
    state: () =>
      (state ??= ws.engine().then((e) => new StateStore(e, config.stateSchema, leaseSeconds ? { leaseSeconds } : {}).open())),
    async forWrites() {
      writes = true;
      // A stand-in opened for an earlier read gives way to the real database.
      if (engine && (await engine).ephemeral) {
        await (await engine).engine.close();
        engine = undefined;
        state = undefined;
      }
    },
    async close() {
      if (engine && ownsEngine) await (await engine).engine.close();
    },
  };
  return ws;
}

/** The state store of a workspace (internal to the core). */
export function stateOf(ws: Workspace): Promise<StateStore> {
  return (ws as WorkspaceInternals).state();
}

/** Opens the workspace's engine for writing (internal to the core). */
export async function forWrites(ws: Workspace): Promise<void> {
  await (ws as WorkspaceInternals).forWrites();
}

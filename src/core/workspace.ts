// A workspace ties one project directory to its warehouse: config read eagerly (a bad vde.yaml
// fails before anything connects), models and the engine opened lazily and once.

import { createEngine } from '../engines';
import type { Engine } from '../engines/types';
import { loadConfig } from '../project/config';
import { loadProject } from '../project/loader';
import type { Project } from '../project/types';
import { StateStore } from '../state/store';
import type { OpenOptions, Workspace } from './api';

export interface WorkspaceInternals extends Workspace {
  state(): Promise<StateStore>;
}

export async function openWorkspace(opts: OpenOptions): Promise<Workspace> {
  const env = opts.env ?? process.env;
  const config = loadConfig(opts.projectDir, env);
  let project: Promise<Project> | undefined;
  let engine: Promise<Engine> | undefined;
  let state: Promise<StateStore> | undefined;
  const ownsEngine = !opts.engine;

  const ws: WorkspaceInternals = {
    config,
    progress: opts.progress ?? (() => {}),
    project: () => (project ??= loadProject(opts.projectDir, env)),
    engine: () =>
      (engine ??= opts.engine
        ? Promise.resolve(opts.engine)
        : createEngine(config.connection, { ...(opts.onStatement ? { onStatement: opts.onStatement } : {}), ...(config.snowflake ? { snowflake: config.snowflake } : {}) })),
    state: () =>
      (state ??= ws.engine().then((e) => new StateStore(e, config.stateSchema).open())),
    async close() {
      if (engine && ownsEngine) await (await engine).close();
    },
  };
  return ws;
}

/** The state store of a workspace (internal to the core). */
export function stateOf(ws: Workspace): Promise<StateStore> {
  return (ws as WorkspaceInternals).state();
}

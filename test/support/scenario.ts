// One test's warehouse: a fresh Postgres database, a project folder and engines in a given mode,
// all closed by `close()`. Shared by the core's trust, crash and concurrency tests.
import { openWorkspace, type Workspace } from '../../src/core/api';
import type { EngineOptions } from '../../src/engines/postgres/operations';
import type { Engine } from '../../src/engines/types';
import { postgresEngine, type EngineMode } from './modes';
import { freshDatabase, type TestDatabase } from './pg';
import { makeProject, shopFiles, type TestProject } from './project';

export interface Scenario {
  db: TestDatabase;
  project: TestProject;
  /** The main engine. */
  engine: Engine;
  /** Another engine (own connections, own locks) on the same database. */
  newEngine(extra?: EngineOptions): Engine;
  /** A workspace on `engine` (or another), collecting progress messages into `messages`. */
  ws(engine?: Engine, messages?: string[]): Promise<Workspace>;
  close(): Promise<void>;
}

export async function scenario(mode: EngineMode, files: Record<string, string> = shopFiles(), label = 'scenario'): Promise<Scenario> {
  const db = await freshDatabase(label);
  const project = makeProject(files);
  const engines: Engine[] = [];
  const newEngine = (extra: EngineOptions = {}) => {
    const e = postgresEngine(db.url, mode, extra);
    engines.push(e);
    return e;
  };
  const engine = newEngine();
  return {
    db,
    project,
    engine,
    newEngine,
    ws: (e = engine, messages) =>
      openWorkspace({ projectDir: project.dir, engine: e, ...(messages ? { progress: (m: string) => messages.push(m) } : {}) }),
    async close() {
      for (const e of engines) await e.close().catch(() => {});
      await db.drop();
      project.cleanup();
    },
  };
}

/** Resolves once a progress message matches (polls the array the workspace fills). */
export async function until(messages: string[], pattern: RegExp, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!messages.some((m) => pattern.test(m))) {
    if (Date.now() > deadline) throw new Error(`no progress message matched ${pattern}; got:\n${messages.join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A FULL model that takes `seconds` to build (reads marts.customer_orders). */
export function slowModel(seconds: number, name = 'slow'): [string, string] {
  return [
    `models/marts/${name}.sql`,
    `MODEL (name marts.${name}, kind FULL);\nSELECT customer_id, revenue FROM marts.customer_orders, (SELECT pg_sleep(${seconds})) AS s\n`,
  ];
}

// Invariants that must hold after any crash, kill or race (DESIGN rules 6, 7, 9), checked against
// the warehouse and the state. Reusable by the crash, concurrency and property harnesses.
import { describeEnvironment, openWorkspace } from '../../src/core/api';
import { stateOf } from '../../src/core/workspace';
import type { Engine } from '../../src/engines/types';

export interface InvariantReport {
  environments: number;
  unfinalized: string[];
}

/**
 * Every table an environment references (and, while unfinalized, may still point at) exists;
 * every view of a finalized, unexpired environment answers; every view an unfinalized one has
 * answers; every recorded built version has its table.
 */
export async function assertConsistent(engine: Engine, projectDir: string): Promise<InvariantReport> {
  const ws = await openWorkspace({ projectDir, engine });
  const state = await stateOf(ws);
  const report: InvariantReport = { environments: 0, unfinalized: [] };
  const now = Date.now();
  for (const env of await state.listEnvironments()) {
    report.environments++;
    if (env.finalizedAt === null) report.unfinalized.push(env.name);
    for (const ref of [...env.snapshots, ...(env.previousSnapshots ?? [])]) {
      if ((await engine.relationExists(ref.physicalTable)) === null) {
        throw new Error(`environment ${env.name}: table ${ref.physicalTable.schema}.${ref.physicalTable.name} of ${ref.name} is missing`);
      }
    }
    if (env.expiresAt !== null && env.expiresAt.getTime() <= now) continue;
    const detail = await describeEnvironment(ws, env.name);
    for (const m of detail.models) {
      const [schema, name] = m.view.split('.') as [string, string];
      if (env.finalizedAt === null && (await engine.relationExists({ schema, name })) === null) continue;
      await engine.query(`SELECT count(*) FROM ${engine.dialect.qualify({ schema, name })}`);
    }
  }
  const snapshots = await state.listSnapshots();
  const built = await state.builtVersions([...new Set(snapshots.map((s) => s.name))]);
  for (const s of snapshots) {
    if (built.has(`${s.name}@${s.version}`) && (await engine.relationExists(s.physicalTable)) === null) {
      throw new Error(`${s.name}@${s.version} is recorded as built but ${s.physicalTable.schema}.${s.physicalTable.name} is missing`);
    }
  }
  return report;
}

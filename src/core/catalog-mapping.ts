// environment_catalog_mapping decides which database an environment's views live in, from the
// environment's name and the config of the run. vde never moves an environment's views: if the
// mapping changed since the environment was applied, its views are still where the old mapping
// put them, reading the tables of that time. Applying it under the new mapping would leave those
// views behind, answering with old data; so the apply is refused instead (docs/snowflake.md).

import type { Engine, Relation } from '../engines/types';
import { RefusedError } from '../errors';
import { viewRelation } from './naming';
import type { EnvironmentRecord } from './types';

const where = (r: Relation, home: string | undefined) => `database ${r.database ?? home ?? "of the connection"}`;

export async function checkViewsInPlace(engine: Engine, env: EnvironmentRecord | null): Promise<void> {
  const d = engine.dialect;
  const first = env?.snapshots[0];
  if (!env || !first || !d.mappedCatalogs?.length) return;
  const [schema = '', table = ''] = first.name.split('.');
  const view = viewRelation(d, { schema, table }, env.name);
  if (await engine.relationExists(view)) return;
  // One of its views, looked for wherever the mapping could have put it (undefined: the connection's database).
  for (const database of [undefined, ...d.mappedCatalogs]) {
    if (database === view.database) continue;
    const elsewhere: Relation = { schema: view.schema, name: view.name, ...(database !== undefined ? { database } : {}) };
    if (!(await engine.relationExists(elsewhere))) continue;
    throw new RefusedError(
      `environment ${env.name} has its views in ${where(elsewhere, d.homeCatalog)}, but environment_catalog_mapping now puts them in ${where(view, d.homeCatalog)}; ` +
        'vde does not move an environment. Put the mapping back, or (for an environment other than prod) invalidate it and run the janitor under the old mapping first',
      env.name,
    );
  }
}

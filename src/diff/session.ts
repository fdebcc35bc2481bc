// The diff's heavy statements (the join aggregate and the sample query) run with the dialect's
// transaction-local settings for large joins (Dialect.heavyQuerySettings), so they never leak into
// pooled connections. bench/diff.ts applies the same settings to its baselines.

import type { Engine, QueryResult } from '../engines/types';

/** Statements applied (transaction-locally) before the diff's heavy statements on this engine. */
export function diffSessionSettings(engine: Engine): string[] {
  return engine.dialect.heavyQuerySettings;
}

/** Runs one heavy statement with the diff session settings (in its own transaction if any). */
export async function heavyQuery(engine: Engine, sql: string): Promise<QueryResult> {
  const settings = diffSessionSettings(engine);
  if (settings.length === 0) return engine.query(sql);
  return engine.transaction(async (tx) => {
    await tx.query(settings.join(';\n'));
    return tx.query(sql);
  });
}

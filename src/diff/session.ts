// Every statement of the table diff runs in a read-only transaction opened with the dialect's
// session statements (DiffDialect.readOnlySession): a user's `--where` is SQL, and it must only be
// able to read. Each model gets its own transaction, so a failing model aborts nothing else.

import type { Engine, Queryable } from '../engines/types';

export async function readOnly<T>(engine: Engine, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return engine.transaction(async (tx) => {
    for (const statement of engine.dialect.diff.readOnlySession) await tx.query(statement);
    return fn(tx);
  });
}

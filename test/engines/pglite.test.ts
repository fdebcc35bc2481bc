import { PgliteEngine } from '../../src/engines/pglite/driver';
import type { Engine } from '../../src/engines/types';
import { engineSuite } from './suite';

// PGlite is one in-process session per database, so "another engine" is the same database
// opened again only in memory; for locks the contender is the same engine (in-process lock).
engineSuite('pglite', async () => {
  const primary = await PgliteEngine.open('memory://');
  const extra: Engine[] = [];
  return {
    async open(opts) {
      if (!opts) return primary;
      // Hooked engines need their own instance; give them a fresh in-memory database with the
      // schemas the suite created so far.
      const e = await PgliteEngine.open('memory://', opts);
      extra.push(e);
      const schemas = await primary.listSchemas('s_');
      for (const s of schemas) await e.createSchema(e, s);
      return e;
    },
    async contender(first) {
      return first;
    },
    async teardown() {
      for (const e of extra) await e.close();
      await primary.close();
    },
  };
});

// The shared engine suite on the Snowflake engine, through the real snowflake-sdk against the
// loopback stand-in: DDL that commits statement by statement, no advisory locks (lease rows, in
// the core), views not bound to tables, Snowflake's types and messages (SNOWFLAKE_PROFILE).
import { SnowflakeEngine } from '../../src/engines/snowflake/driver';
import type { Engine } from '../../src/engines/types';
import { standInConnection, startStandIn } from '../support/snowflake';
import { engineSuite, type EngineProfile } from './suite';

/** How the Snowflake engine shows the suite's cases, as the stand-in answers them. */
const SNOWFLAKE_PROFILE: EngineProfile = {
  // The stand-in types a text literal VARCHAR(16777216) where Snowflake says VARCHAR(1), and an
  // integer literal NUMBER(38,0) where Snowflake says NUMBER(1,0) (docs/snowflake.md).
  types: { textLiteral: 'VARCHAR(16777216)', intLiteral: 'NUMBER(38,0)', integer: 'NUMBER(38,0)', text: 'VARCHAR(16777216)', 'numeric(10,2)': 'NUMBER(10,2)', date: 'DATE' },
  text: (expr) => `CAST(${expr} AS VARCHAR)`,
  tmpPrefix: 'VDE_TMP_',
  listRelationsSql: /^SHOW OBJECTS IN SCHEMA/,
  missingTable: { message: (t) => new RegExp(`Object 'VDE\\.PUBLIC\\.${t.toUpperCase()}' does not exist or not authorized`), code: '002003' },
  rowsPerInsert: (columns) => Math.floor(4000 / columns),
  atomicReplace: true,
  locatesMissingRelation: false,
  bigintAsString: false,
};

engineSuite(
  'snowflake (stand-in)',
  async () => {
    const h = await startStandIn();
    const opened: Engine[] = [];
    const open = (opts?: { onStatement?: (sql: string) => void }) => {
      const e = new SnowflakeEngine(standInConnection(h.standIn), opts?.onStatement ? { onStatement: opts.onStatement } : {});
      opened.push(e);
      return e;
    };
    return {
      open: async (opts) => open(opts),
      contender: async () => open(),
      async teardown() {
        for (const e of opened) await e.close().catch(() => {});
        await h.close();
      },
    };
  },
  { transactionalDdl: false, advisoryLocks: false, viewsBoundToTables: false, profile: SNOWFLAKE_PROFILE },
);

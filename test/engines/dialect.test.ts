import { postgresDialect as d } from '../../src/engines/postgres/dialect';
import { advisoryLockId, escapeLike, temporaryName } from '../../src/engines/postgres/operations';
import { createEngine } from '../../src/engines/index';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('postgres dialect', () => {
  test('quotes identifiers and literals', () => {
    expect(d.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(d.quoteIdentifier('Mixed Case')).toBe('"Mixed Case"');
    expect(d.qualify({ schema: 'a"b', name: 'c' })).toBe('"a""b"."c"');
    expect(() => d.quoteIdentifier('')).toThrow();
    expect(d.quoteLiteral("O'Brien")).toBe("'O''Brien'");
    expect(d.quoteLiteral('a\\b')).toBe("E'a\\\\b'");
  });

  test('normalization, placeholders, types', () => {
    expect(d.normalizeIdentifier('Orders')).toBe('orders');
    expect(d.placeholder(3)).toBe('$3');
    expect(() => d.placeholder(0)).toThrow();
    expect(d.maxIdentifierLength).toBe(63);
    expect(d.types).toEqual({ text: 'text', timestamp: 'timestamptz', bigint: 'bigint', json: 'jsonb' });
    expect(d.castToText('x')).toBe('CAST(x AS text)');
  });

  test('the table diff: type families, exact decimals, NULL fillers', () => {
    const families = (types: string[]) => types.map((t) => d.diff.family(t));
    expect(families(['smallint', 'integer', 'bigint'])).toEqual(['integer', 'integer', 'integer']);
    expect(families(['numeric', 'numeric(10,2)', 'money', 'real', 'double precision'])).toEqual(['decimal', 'decimal', 'decimal', 'float', 'float']);
    expect(families(['date', 'timestamp without time zone', 'timestamp(3) with time zone', 'interval'])).toEqual(['temporal', 'temporal', 'temporal', 'temporal']);
    expect(families(['text', 'character varying(20)', 'boolean', 'uuid', 'jsonb', 'integer[]'])).toEqual(Array(6).fill('equatable'));
    expect(families(['json', 'point', 'box', 'xml', 'json[]', 'numeric_thing'])).toEqual(Array(6).fill('textual'));
    expect(d.diff.exactDecimal('x', 'float')).toBe('CAST(CAST(x AS text) AS numeric)');
    expect(d.diff.exactDecimal('x', 'integer')).toBe('CAST(x AS numeric)');
    expect(d.diff.keyFiller('date', 'temporal')).toBe("CAST('epoch' AS date)");
    expect(d.diff.keyFiller('text', 'equatable')).toBe("CAST('' AS text)");
    expect(d.diff.keyFiller('inet', 'equatable')).toBeNull();
    expect(d.diff.columnsQuery([{ schema: "o'k", name: 'x' }])).toContain("IN (('o''k', 'x'))");
    expect(d.diff.readOnlySession.every((s) => !s.includes(';'))).toBe(true);
  });

  test('helpers: lock ids, temporary names, LIKE escaping', () => {
    expect(advisoryLockId('apply:prod')).toMatch(/^-?\d+$/);
    expect(advisoryLockId('apply:prod')).toBe(advisoryLockId('apply:prod'));
    expect(advisoryLockId('apply:prod')).not.toBe(advisoryLockId('apply:pr_1'));
    const long = { schema: 's', name: 'x'.repeat(63) };
    expect(temporaryName(long)).toBe(temporaryName({ ...long }));
    expect(Buffer.byteLength(temporaryName(long))).toBeLessThanOrEqual(63);
    expect(temporaryName(long)).not.toBe(temporaryName({ schema: 't', name: long.name }));
    expect(escapeLike('a_b%c\\')).toBe('a\\_b\\%c\\\\');
  });
});

describe('createEngine', () => {
  test('snowflake: an engine that connects on its first statement, declaring what it cannot do', async () => {
    const e = await createEngine({ type: 'snowflake', account: 'a', username: 'u', password: 'p', database: 'd' });
    expect(e.type).toBe('snowflake');
    expect(e.capabilities).toMatchObject({ transactionalDdl: false, advisoryLocks: false, viewsBoundToTables: false, atomicSchemaSwap: true, identifierCase: 'upper' });
    expect(e.tryAdvisoryLock).toBeUndefined();
    await e.close(); // never connected: nothing to close, no error
  });

  test('pglite on a data directory persists across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vde-pglite-'));
    try {
      const a = await createEngine({ type: 'pglite', path: join(dir, 'db') });
      expect(a.type).toBe('pglite');
      await a.createSchema(a, 'kept');
      await a.createTableAs({ schema: 'kept', name: 't' }, 'SELECT 42 AS x');
      await a.close();
      const b = await createEngine({ type: 'pglite', path: join(dir, 'db') });
      expect((await b.query('SELECT x FROM kept.t')).rows).toEqual([{ x: 42 }]);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('postgres from a url', async () => {
    const e = await createEngine({ type: 'postgres', url: process.env.VDE_TEST_DATABASE_URL! });
    expect(e.type).toBe('postgres');
    expect((await e.query<{ app: string }>("SELECT current_setting('application_name') AS app")).rows).toEqual([
      { app: 'vde' },
    ]);
    await e.close();
  });
});

import { freshDatabase } from '../support/pg';
import { PostgresEngine } from '../../src/engines/postgres/driver';
test('smoke', async () => {
  const db = await freshDatabase('smoke');
  const e = new PostgresEngine(db.url);
  await e.createSchema(e, 'a_b');
  await e.createTableAs({ schema: 'a_b', name: 't' }, 'select 1 as x;');
  expect(await e.listColumns({ schema: 'a_b', name: 't' })).toEqual([{ name: 'x', type: 'integer' }]);
  expect(await e.relationExists({ schema: 'a_b', name: 't' })).toBe('table');
  await e.close();
  await db.drop();
});

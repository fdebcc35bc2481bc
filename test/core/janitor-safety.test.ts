// The janitor beside applies (issue 7 §1.3, §1.4, §1b), in both engine modes. Its safety must
// come from the state alone, never from the engine refusing a drop.
import { applyEnvironment, invalidateEnvironment, listEnvironments, runJanitor } from '../../src/core/api';
import { stateOf } from '../../src/core/workspace';
import { ConflictError, RefusedError } from '../../src/errors';
import { StateLocks } from '../../src/state/locks';
import { assertConsistent } from '../support/invariants';
import { POSTGRES_MODES } from '../support/modes';
import { scenario, slowModel, until, type Scenario } from '../support/scenario';

describe.each(POSTGRES_MODES)('janitor on $label', (mode) => {
  let s: Scenario;
  beforeEach(async () => {
    s = await scenario(mode, undefined, 'janitor_safety');
  });
  afterEach(async () => {
    await s.close();
  });

  test('an environment named like a model schema: the janitor never touches the physical layer', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    await applyEnvironment(await s.ws(), 'stg');
    await invalidateEnvironment(await s.ws(), 'stg');
    const statements: string[] = [];
    const watched = s.newEngine({ onStatement: (sql) => statements.push(sql) });
    const r = await runJanitor(await s.ws(watched), { ignoreTtl: true });
    expect(r.environments.map((e) => e.name)).toEqual(['stg']);
    // `vde__stg` ends in `__stg`, but it is prod's physical layer: never a candidate.
    expect(statements.filter((sql) => /DROP SCHEMA/i.test(sql) && /vde__/.test(sql))).toEqual([]);
    expect(statements.filter((sql) => /DROP SCHEMA/i.test(sql)).sort()).toEqual([
      'DROP SCHEMA IF EXISTS "marts__stg"',
      'DROP SCHEMA IF EXISTS "raw__stg"',
      'DROP SCHEMA IF EXISTS "stg__stg"',
    ]);
    expect(await s.engine.listSchemas('vde__stg')).toEqual(['vde__stg']);
    await assertConsistent(s.engine, s.project.dir);
  });

  test('an apply that revives an expired environment between the janitor listing it and locking it keeps it', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    await applyEnvironment(await s.ws(), 'pr_1');
    await invalidateEnvironment(await s.ws(), 'pr_1');
    // Interleave exactly: when the janitor goes for pr_1's lock, an apply revives pr_1 first.
    const original = StateLocks.prototype.tryLock;
    let revived = false;
    const reviver = s.newEngine();
    StateLocks.prototype.tryLock = async function (this: StateLocks, key: string) {
      if (!revived && key.endsWith(':env:pr_1')) {
        revived = true;
        await applyEnvironment(await s.ws(reviver), 'pr_1');
      }
      return original.call(this, key);
    };
    try {
      const r = await runJanitor(await s.ws(), {});
      expect(revived).toBe(true);
      expect(r.environments).toEqual([]);
      expect(r.skipped).toEqual([{ name: 'pr_1', reason: 'applied again since it expired' }]);
    } finally {
      StateLocks.prototype.tryLock = original;
    }
    const envs = await listEnvironments(await s.ws());
    expect(envs.find((e) => e.name === 'pr_1')).toMatchObject({ expired: false });
    expect(Number((await s.engine.query<{ n: string }>('SELECT count(*) AS n FROM stg__pr_1.orders')).rows[0]?.n)).toBe(7);
  });

  test('janitor --ignore-ttl during an apply leaves the apply\'s snapshots and tables alone', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    s.project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'returned'");
    s.project.write(...slowModel(2));
    const messages: string[] = [];
    const applying = applyEnvironment(await s.ws(s.newEngine(), messages), 'pr_2');
    await until(messages, /built stg\.orders/);
    const swept = await runJanitor(await s.ws(), { ignoreTtl: true });
    const applied = await applying;
    const mine = new Set(applied.plan.models.map((m) => `${m.snapshot.physicalTable.schema}.${m.snapshot.physicalTable.name}`));
    expect(swept.physicalTables.filter((t) => mine.has(`${t.relation.schema}.${t.relation.name}`))).toEqual([]);
    // Every snapshot the environment references has its row and its table.
    const state = await stateOf(await s.ws());
    const env = (await state.getEnvironment('pr_2'))!;
    const rows = await state.getSnapshots(env.snapshots.map((r) => r.fingerprint));
    expect(env.snapshots.filter((r) => !rows.has(r.fingerprint)).map((r) => r.name)).toEqual([]);
    await assertConsistent(s.engine, s.project.dir);
    // And nothing leaks: once pr_2 goes, its own tables go too.
    await invalidateEnvironment(await s.ws(), 'pr_2');
    const after = await runJanitor(await s.ws(), { ignoreTtl: true });
    expect(after.physicalTables.map((t) => t.name).sort()).toEqual(
      applied.built.map((b) => b.name).sort(),
    );
  });

  test('a table recorded as built but dropped (a janitor killed between drop and forget) is rebuilt, not trusted', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    s.project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'returned'");
    const pr = await applyEnvironment(await s.ws(), 'pr_3');
    const orders = pr.built.find((b) => b.name === 'stg.orders')!.physicalTable;
    await invalidateEnvironment(await s.ws(), 'pr_3');
    await runJanitor(await s.ws(), {}); // removes pr_3; its tables stay within their TTL
    await s.engine.query(`DROP TABLE ${s.engine.dialect.qualify(orders)} CASCADE`);
    // Promoting the same code reuses pr_3's versions: the missing one must be rebuilt.
    const prod = await applyEnvironment(await s.ws(), 'prod');
    expect(prod.built.map((b) => b.name)).toEqual(['stg.orders']);
    expect(Number((await s.engine.query<{ n: string }>('SELECT count(*) AS n FROM stg.orders')).rows[0]?.n)).toBe(6);
    await assertConsistent(s.engine, s.project.dir);
  });

  test('janitor --env names an unknown environment as an error; a busy one is a conflict', async () => {
    const fresh = await runJanitor(await s.ws(), { env: 'nope' }).catch((e: unknown) => e);
    expect(fresh).toBeInstanceOf(RefusedError);
    expect((fresh as Error).message).toBe('no environment named nope (--env nope)');
    await applyEnvironment(await s.ws(), 'prod');
    const err = await runJanitor(await s.ws(), { env: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toMatch(/nope/);

    await applyEnvironment(await s.ws(), 'pr_4');
    await invalidateEnvironment(await s.ws(), 'pr_4');
    const state = await stateOf(await s.ws(s.newEngine()));
    const held = await state.lock('env:pr_4', { waitMs: 0, what: 'pr_4' });
    try {
      await expect(runJanitor(await s.ws(), { env: 'pr_4' })).rejects.toBeInstanceOf(ConflictError);
      const all = await runJanitor(await s.ws(), {});
      expect(all.skipped).toEqual([{ name: 'pr_4', reason: 'an apply holds it' }]);
    } finally {
      await held.release();
    }
    expect((await runJanitor(await s.ws(), { env: 'pr_4' })).environments.map((e) => e.name)).toEqual(['pr_4']);
  });
});

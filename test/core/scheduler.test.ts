import { runDag } from '../../src/core/scheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs every task after its dependencies, at most `concurrency` at once', async () => {
  const deps: Record<string, string[]> = { a: [], b: [], c: ['a'], d: ['b', 'c'], e: ['outside'] };
  const started: string[] = [];
  const finished = new Set<string>();
  let running = 0;
  let peak = 0;
  await runDag(Object.keys(deps), (t) => t, (t) => deps[t]!, 2, async (t) => {
    for (const d of deps[t]!) if (d in deps) expect(finished.has(d)).toBe(true);
    started.push(t);
    running++;
    peak = Math.max(peak, running);
    await sleep(10);
    running--;
    finished.add(t);
  });
  expect(new Set(started)).toEqual(new Set(Object.keys(deps)));
  expect(peak).toBe(2);
});

test('a failure stops new tasks and surfaces after running ones finish', async () => {
  const ran: string[] = [];
  const err = await runDag(['a', 'b', 'c'], (t) => t, (t) => (t === 'c' ? ['a'] : []), 2, async (t) => {
    ran.push(t);
    await sleep(5);
    if (t === 'a') throw new Error('boom a');
  }).catch((e: Error) => e);
  expect((err as Error).message).toBe('boom a');
  expect(ran.sort()).toEqual(['a', 'b']);
});

test('concurrency 1 runs tasks one at a time in dependency order', async () => {
  const order: string[] = [];
  await runDag(['c', 'b', 'a'], (t) => t, (t) => (t === 'c' ? ['b'] : t === 'b' ? ['a'] : []), 1, async (t) => {
    order.push(t);
  });
  expect(order).toEqual(['a', 'b', 'c']);
});

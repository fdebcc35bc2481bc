// Runs tasks of a DAG with bounded concurrency: a task starts once all its dependencies finished.
// The first failure stops new tasks from starting; running ones finish, then the error surfaces.

export async function runDag<T>(
  tasks: T[],
  key: (task: T) => string,
  dependencies: (task: T) => string[],
  concurrency: number,
  run: (task: T) => Promise<void>,
): Promise<void> {
  const byKey = new Map(tasks.map((t) => [key(t), t]));
  // Kahn's algorithm: count unfinished dependencies inside the task set; dependencies outside it
  // are already satisfied.
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [k, t] of byKey) {
    const inside = [...new Set(dependencies(t))].filter((d) => byKey.has(d));
    waiting.set(k, inside.length);
    for (const d of inside) dependents.set(d, [...(dependents.get(d) ?? []), k]);
  }
  const ready = [...byKey.keys()].filter((k) => waiting.get(k) === 0);
  let running = 0;
  let finished = 0;
  let failure: { error: unknown } | null = null;

  await new Promise<void>((resolve) => {
    const pump = () => {
      while (!failure && running < Math.max(1, concurrency) && ready.length > 0) {
        const k = ready.shift()!;
        running++;
        run(byKey.get(k)!).then(
          () => {
            running--;
            finished++;
            for (const child of dependents.get(k) ?? []) {
              const left = waiting.get(child)! - 1;
              waiting.set(child, left);
              if (left === 0) ready.push(child);
            }
            pump();
          },
          (error: unknown) => {
            running--;
            failure ??= { error };
            pump();
          },
        );
      }
      if (running > 0) return;
      if (!failure && finished < byKey.size) {
        failure = { error: new Error(`cannot schedule ${[...waiting].filter(([, n]) => n > 0).map(([k]) => k).join(', ')}: dependency cycle`) };
      }
      resolve();
    };
    pump();
  });
  if (failure) throw (failure as { error: unknown }).error;
}

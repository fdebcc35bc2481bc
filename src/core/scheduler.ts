// Runs tasks of a DAG with bounded concurrency: a task starts once all its dependencies finished.
// The first failure stops new tasks from starting; running ones finish, then the error surfaces.

export async function runDag<T>(
  tasks: T[],
  key: (task: T) => string,
  dependencies: (task: T) => string[],
  concurrency: number,
  run: (task: T) => Promise<void>,
): Promise<void> {
  const pending = new Map(tasks.map((t) => [key(t), t]));
  const running = new Set<string>();
  let failure: { error: unknown } | null = null;

  // A dependency outside the task set, or finished, is satisfied.
  const ready = (t: T) => dependencies(t).every((d) => !pending.has(d) && !running.has(d));

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure || pending.size === 0) {
        if (running.size === 0) resolve();
        return;
      }
      for (const [k, t] of pending) {
        if (running.size >= Math.max(1, concurrency)) break;
        if (!ready(t)) continue;
        pending.delete(k);
        running.add(k);
        run(t).then(
          () => {
            running.delete(k);
            pump();
          },
          (error: unknown) => {
            running.delete(k);
            failure ??= { error };
            pump();
          },
        );
      }
      if (running.size === 0 && pending.size > 0 && !failure) {
        failure = { error: new Error(`cannot schedule ${[...pending.keys()].join(', ')}: dependency cycle`) };
        resolve();
      }
    };
    pump();
  });
  if (failure) throw (failure as { error: unknown }).error;
}

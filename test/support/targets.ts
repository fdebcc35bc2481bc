// The engines a lifecycle test runs on: a fresh database on the real Postgres server, and an
// in-memory PGlite.
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { freshDatabase } from './pg';

export interface EngineTarget {
  label: string;
  open(): Promise<{ engine: Engine; done(): Promise<void> }>;
}

export function engineTargets(label: string): EngineTarget[] {
  return [
    {
      label: 'postgres',
      async open() {
        const db = await freshDatabase(label);
        const engine = await createEngine({ type: 'postgres', url: db.url });
        return {
          engine,
          done: async () => {
            await engine.close();
            await db.drop();
          },
        };
      },
    },
    {
      label: 'pglite',
      async open() {
        const engine = await createEngine({ type: 'pglite', path: 'memory://' });
        return { engine, done: () => engine.close() };
      },
    },
  ];
}

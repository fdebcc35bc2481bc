// The files vde reads from a project folder: SQL models and audits, and the Python files it reads
// just enough of to refuse (python-files.ts), found in one walk.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `*.sql` and `*.py` files under `dir`, recursively, each sorted as absolute paths. Hidden
 * entries and `__pycache__` folders are skipped.
 */
export function sqlAndPythonFiles(dir: string): { sql: string[]; python: string[] } {
  const sql: string[] = [];
  const python: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__pycache__') walk(p);
      } else if (entry.isFile()) {
        if (entry.name.toLowerCase().endsWith('.sql')) sql.push(p);
        else if (entry.name.endsWith('.py')) python.push(p);
      }
    }
  };
  walk(dir);
  return { sql: sql.sort(), python: python.sort() };
}

// What a SQLMesh project keeps in Python, which vde does not run: user macros (macros/*.py) and
// Python models (models/*.py). vde reads just enough of them to refuse what uses them by name.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sqlAndPythonFiles } from './folder-files';

function pythonFiles(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory() ? sqlAndPythonFiles(dir).python : [];
}

const rel = (projectDir: string, file: string) => relative(projectDir, file).split(sep).join('/');

/** Functions defined in macros/**.py, by lower-case name → project-relative file. */
export function userMacros(projectDir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of pythonFiles(join(projectDir, 'macros'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gm)) {
      const name = m[1]!.toLowerCase();
      if (!name.startsWith('_') && !out.has(name)) out.set(name, rel(projectDir, file));
    }
  }
  return out;
}

/** Python models (`files`, found under the models folder): the name in their @model("...") decorator, file and line. */
export function pythonModels(projectDir: string, files: string[]): { name?: string; file: string; line: number }[] {
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const m = /@model\(\s*(?:name\s*=\s*)?["']([^"']+)["']/.exec(text);
    const line = m ? text.slice(0, m.index).split('\n').length : 1;
    const parts = m?.[1]?.toLowerCase().split('.');
    const name = parts && parts.length >= 2 ? parts.slice(-2).join('.') : undefined;
    return { ...(name ? { name } : {}), file: rel(projectDir, file), line };
  });
}

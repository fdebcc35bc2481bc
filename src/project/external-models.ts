// External models: tables vde reads but never builds or rewrites, described with their columns in
// external_models.yaml (schema.yaml in older SQLMesh projects, or files under external_models/).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import './zod-messages';
import { ConfigError } from '../errors';
import { qualifiedName } from './header-values';
import { lex, significant } from './lexer';
import type { ExternalModel } from './types';
import { issueToError, jinjaEnv, lineOfPath, parseYaml, substituteValues } from './yaml-file';

export const EXTERNAL_MODEL_FILES = ['external_models.yaml', 'external_models.yml', 'schema.yaml', 'schema.yml'] as const;

const entrySchema = z.looseObject({
  name: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  columns: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  column_descriptions: z.optional(z.record(z.string(), z.string())),
  gateway: z.optional(z.string()),
  dialect: z.optional(z.string()),
});
const fileSchema = z.array(entrySchema);

/** Every external model of the project; entries for another gateway than `gateway` are skipped. */
export function loadExternalModels(projectDir: string, gateway: string | undefined, env: NodeJS.ProcessEnv): Map<string, ExternalModel> {
  const files: string[] = [];
  for (const name of EXTERNAL_MODEL_FILES) if (existsSync(join(projectDir, name))) files.push(name);
  const folder = join(projectDir, 'external_models');
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    const walk = (rel: string): void => {
      for (const e of readdirSync(join(projectDir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith('.')) continue;
        const p = `${rel}/${e.name}`;
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/i.test(e.name)) files.push(p);
      }
    };
    walk('external_models');
  }
  const out = new Map<string, ExternalModel>();
  for (const rel of files) {
    for (const m of parseExternalModels(readFileSync(join(projectDir, rel), 'utf8'), rel, gateway, env)) {
      const existing = out.get(m.name);
      if (existing) throw new ConfigError(`external model ${m.name} is described twice: in ${existing.file}:${existing.line} and here`, rel, undefined, m.line);
      out.set(m.name, m);
    }
  }
  return out;
}

/** Parses one external models file (a list of entries); `file` is project-relative. */
export function parseExternalModels(text: string, file: string, gateway: string | undefined, env: NodeJS.ProcessEnv = {}): ExternalModel[] {
  const y = parseYaml(text, file);
  substituteValues(y, jinjaEnv(env, file));
  const data: unknown = y.doc.toJS() ?? [];
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) throw issueToError(parsed.error.issues[0]!, y, () => null);
  const out: ExternalModel[] = [];
  parsed.data.forEach((entry, i) => {
    if (entry.gateway !== undefined && entry.gateway.toLowerCase() !== gateway?.toLowerCase()) return;
    const line = lineOfPath(y, [i, 'name']);
    const parts = qualifiedName(significant(lex(entry.name, { file })));
    if (parts === null || parts.length < 2 || parts.length > 3) {
      throw new ConfigError(`expected a table name like schema.table or catalog.schema.table, got ${JSON.stringify(entry.name)}`, file, `${i}.name`, line);
    }
    const [schema, table] = parts.slice(-2) as [string, string];
    const columns = Object.entries(entry.columns ?? {}).map(([name, type]) => ({ name: columnName(name), type: String(type) }));
    const columnDescriptions: Record<string, string> = {};
    for (const [k, v] of Object.entries(entry.column_descriptions ?? {})) columnDescriptions[columnName(k)] = v;
    out.push({
      name: `${schema}.${table}`,
      schema,
      table,
      ...(parts.length === 3 ? { catalog: parts[0]! } : {}),
      columns,
      ...(entry.description !== undefined ? { description: entry.description } : {}),
      columnDescriptions,
      file,
      line,
    });
  });
  return out;
}

/** A column key as SQLMesh normalizes it: lower-case unless written in double quotes. */
function columnName(key: string): string {
  const quoted = /^"(.*)"$/.exec(key);
  return quoted ? quoted[1]!.replace(/""/g, '"') : key.toLowerCase();
}

// Loads a whole project: config, every models/**/*.sql, references, DAG.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ConfigError, ModelError } from '../errors';
import { loadConfig } from './config';
import { buildDag } from './dag';
import { attachReferences, parseModelFile } from './model-parser';
import type { Model, Project } from './types';

/** Every `*.sql` file under `dir`, recursively, as sorted absolute paths. */
export function listModelFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Loads config and models, resolves references and orders the graph. */
export async function loadProject(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Project> {
  const config = loadConfig(projectDir, env);
  let isDir = false;
  try {
    isDir = statSync(config.modelsDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new ConfigError(`models folder ${config.modelsDir} does not exist`, config.file ?? join(config.projectDir, 'vde.yaml'), 'models');
  }
  const models = new Map<string, Model>();
  for (const file of listModelFiles(config.modelsDir)) {
    const relativeFile = relative(config.projectDir, file).split(sep).join('/');
    const model = parseModelFile(readFileSync(file, 'utf8'), file, relativeFile);
    if (model.schema === config.stateSchema) {
      throw new ModelError(`model ${model.name} is in schema ${model.schema}, which vde uses for its state (state_schema in vde.yaml)`, relativeFile, model.line, model.name);
    }
    const existing = models.get(model.name);
    if (existing) {
      throw new ModelError(
        `model ${model.name} is defined twice: in ${existing.relativeFile}:${existing.line} and in ${relativeFile}`,
        relativeFile,
        model.line,
        model.name,
      );
    }
    models.set(model.name, model);
  }
  const names = new Set(models.keys());
  const engineDialect = config.connection.type === 'snowflake' ? 'snowflake' : 'postgres';
  for (const model of models.values()) attachReferences(model, names, undefined, engineDialect);
  const { order, children } = buildDag(models);
  return { config, models, order, children };
}

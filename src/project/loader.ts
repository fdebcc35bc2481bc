// Loads a whole project: config, every models/**/*.sql, custom audits, external models,
// references, DAG. Everything is checked here, before anything connects to a warehouse.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ConfigError, ModelError, UnsupportedModelError } from '../errors';
import { parseDefaultAuditCalls } from './audit-calls';
import { attachAuditReferences, parseAuditFile, resolveAuditCalls } from './audits';
import { loadConfig, relativeName } from './config';
import { buildDag } from './dag';
import { loadExternalModels } from './external-models';
import { sqlAndPythonFiles } from './folder-files';
import { attachReferences, keepCandidates, keptCandidates, parseModelFile, type ParseOptions } from './model-parser';
import { ParseCache } from './parse-cache';
import type { HeaderDefaults } from './model-header';
import { ignoreMatcher } from './ignore-patterns';
import { pythonModels, userMacros } from './python-files';
import { readSchedule } from './schedule';
import { isIncremental, unsupportedReason } from './support';
import { decodeUtf8 } from './utf8';
import type { AuditDefinition, Config, Model, Project } from './types';

/** Every `*.sql` file under `dir`, recursively, as sorted absolute paths. */
export function listModelFiles(dir: string): string[] {
  return sqlAndPythonFiles(dir).sql;
}

export interface LoadOptions {
  /**
   * Keep parsed model files in the folder `dir` (./parse-cache: cacheDir) and read unchanged ones
   * back. `codeId` names the exact build of vde doing the parsing: a cache written by another
   * build is never read.
   */
  parseCache?: { dir: string; codeId: string };
}

/** Loads config and models, resolves references and orders the graph. */
export async function loadProject(projectDir: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Promise<Project> {
  const config = loadConfig(projectDir, env);
  let isDir = false;
  try {
    isDir = statSync(config.modelsDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new ConfigError(`models folder ${relativeName(config.projectDir, config.modelsDir)} does not exist`, relativeName(config.projectDir, config.file ?? join(config.projectDir, 'vde.yaml')), 'models');
  }
  const audits = loadAudits(config, ignoreMatcher(config.ignorePatterns));
  const externals = loadExternalModels(config.projectDir, config.gateway?.name, env);
  const models = new Map<string, Model>();
  const disabled: Project['disabled'] = [];
  const ignored = ignoreMatcher(config.ignorePatterns);
  // Models vde reads but cannot run (user macros, Python models): skipped; their dependents refused.
  // One walk of the models folder serves SQL models and the Python models vde refuses.
  const files = sqlAndPythonFiles(config.modelsDir);
  const refused: Project['refused'] = pythonModels(config.projectDir, files.python)
    .filter((p) => !ignored(p.file))
    .map((p) => ({ ...p, reason: 'a Python model: vde runs no Python' }));
  const macros = userMacros(config.projectDir);
  const now = new Date();
  const auditContext = { variables: config.variables, ...(config.gateway ? { gateway: config.gateway.name } : {}), userMacros: macros, now };
  const configAudits = config.modelDefaults.audits;
  const defaultAudits = configAudits
    ? parseDefaultAuditCalls(configAudits.items, configAudits.file, (detail, line) => new ModelError(`model_defaults.audits: ${detail}`, configAudits.file, line))
    : [];
  const cache = options.parseCache ? ParseCache.open(options.parseCache.dir, config.projectDir, options.parseCache.codeId, parseSettings(config, macros)) : undefined;
  // The files come from walking the models folder (normalized paths): one under the project
  // folder is named by cutting the prefix, not by path.relative (5,000 calls cost ~60 ms).
  const prefix = config.projectDir.endsWith(sep) ? config.projectDir : config.projectDir + sep;
  for (const file of files.sql) {
    const relativeFile = file.startsWith(prefix) ? posix(file.slice(prefix.length)) : relativeName(config.projectDir, file);
    if (ignored(relativeFile)) continue;
    const text = decodeUtf8(readFileSync(file), relativeFile);
    let model: Model;
    const key = cache ? ParseCache.key(file, relativeFile, text) : '';
    const hit = cache?.get(key, file, text);
    if (hit) {
      model = hit.model;
      keepCandidates(model, hit.candidates);
    } else {
      try {
        const options = parseOptions(config, file, macros);
        options.now = now;
        model = parseModelFile(text, file, relativeFile, undefined, options);
      } catch (e) {
        if (!(e instanceof UnsupportedModelError)) throw e;
        refused.push({ ...(e.model ? { name: e.model } : {}), file: relativeFile, line: e.line, reason: e.detail });
        continue;
      }
      if (cache && ParseCache.storable(text, model)) cache.put(key, model, keptCandidates(model));
    }
    if (!model.enabled) {
      disabled.push({ name: model.name, file: relativeFile, line: model.line });
      continue;
    }
    const unsupported = unsupportedReason(model);
    if (unsupported) throw new ModelError(unsupported.detail, relativeFile, unsupported.line, model.name);
    if (isIncremental(model)) model.schedule = readSchedule(model, config.modelDefaults);
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
    const external = externals.get(model.name);
    if (external) {
      throw new ModelError(`model ${model.name} is also described as an external model in ${external.file}:${external.line}; a table is either built by vde or external`, relativeFile, model.line, model.name);
    }
    if (defaultAudits.length > 0) model.audits = [...defaultAudits, ...model.audits];
    const visible = model.inlineAudits ? new Map([...audits, ...model.inlineAudits.map((a) => [a.name, a] as const)]) : audits;
    model.audits = resolveAuditCalls(model, visible, auditContext, (call) => (detail, line) =>
      // A call from model_defaults is on config.yaml's line, not the model file's.
      call.fromDefaults
        ? new ModelError(`model_defaults.audits, for model ${model.name}: ${detail}`, configAudits!.file, line, model.name)
        : new ModelError(detail, relativeFile, line, model.name),
    );
    models.set(model.name, model);
  }
  const refusedByName = new Map(refused.filter((r) => r.name).map((r) => [r.name!, r]));
  const names = new Set([...models.keys(), ...refusedByName.keys()]);
  const engineDialect = engineDialectOf(config);
  for (const model of models.values()) {
    attachReferences(model, names, undefined, engineDialect);
    const blocked = model.parents.map((p) => refusedByName.get(p)).find((r) => r !== undefined);
    if (blocked) {
      throw new ModelError(`reads model ${blocked.name}, which vde cannot run (${blocked.file}:${blocked.line}: ${blocked.reason})`, model.relativeFile, model.line, model.name);
    }
    attachAuditReferences(model, names, engineDialect);
    for (const call of model.audits) {
      const ref = call.rendered?.references.find((r) => refusedByName.has(r.model));
      if (ref) {
        const r = refusedByName.get(ref.model)!;
        throw new ModelError(`audit ${call.name} reads model ${r.name}, which vde cannot run (${r.file}:${r.line}: ${r.reason})`, call.rendered!.file, ref.line, model.name);
      }
    }
  }
  const { order, children } = buildDag(models);
  // Only a project that loaded: a run that stops at a bad model leaves the cache as it was.
  cache?.save();
  return { config, models, order, children, audits, externals, disabled, refused };
}

/**
 * Everything besides a file's own text and path that its parse reads: the options parseOptions
 * gives every file (whatever they come to hold; the per-file inferred name comes from the path,
 * which is in each entry's key), and the folders. A cache written under other settings is not read.
 */
function parseSettings(config: Config, macros: ReadonlyMap<string, string>): unknown {
  const { defaults = {}, userMacros, ...rest } = parseOptions(config, join(config.modelsDir, 'any.sql'), macros);
  const { inferredName: _perFile, ...shared } = defaults;
  return {
    ...rest,
    defaults: shared,
    // A Map as entries: as JSON it would be {} whatever it held (ParseCache refuses settings that
    // do not survive JSON, so a new field of that kind turns the cache off rather than blind).
    userMacros: [...(userMacros ?? [])],
    modelsDir: config.modelsDir,
    inferNames: config.modelDefaults.inferNames ?? false,
  };
}

/** How the loader parses the model file `file` (absolute): the project's defaults and variables. */
export function parseOptions(config: Config, file: string, macros: ReadonlyMap<string, string>): ParseOptions {
  // Property by property, no conditional spreads: the loader calls this once per model file.
  const defaults: HeaderDefaults = {};
  if (config.modelDefaults.kind !== undefined) defaults.kind = config.modelDefaults.kind;
  if (config.modelDefaults.dialect !== undefined) defaults.dialect = config.modelDefaults.dialect;
  if (config.gateway) defaults.gateway = config.gateway.name;
  const inferred = config.modelDefaults.inferNames ? inferredName(relative(config.modelsDir, file)) : undefined;
  if (inferred !== undefined) defaults.inferredName = inferred;
  return { projectDir: config.projectDir, defaults, variables: config.variables, userMacros: macros, engineDialect: engineDialectOf(config) };
}

function posix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The dialect of the engine the project runs on (a model in another one is transpiled). */
function engineDialectOf(config: Config): string {
  return config.connection.type === 'snowflake' ? 'snowflake' : 'postgres';
}

/** `<folder>.<file>` of a model file's path under the models folder (SQLMesh's infer_names). */
function inferredName(pathInModels: string): string | undefined {
  const parts = pathInModels.replace(/\.sql$/i, '').split(sep);
  return parts.length >= 2 ? parts.slice(-2).join('.') : undefined;
}

/** Custom audits from `<project>/audits/**.sql`, by name. */
function loadAudits(config: Config, ignored: (path: string) => boolean): Map<string, AuditDefinition> {
  const dir = join(config.projectDir, 'audits');
  const out = new Map<string, AuditDefinition>();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return out;
  for (const file of listModelFiles(dir)) {
    const rel = relativeName(config.projectDir, file);
    if (ignored(rel)) continue;
    for (const audit of parseAuditFile(decodeUtf8(readFileSync(file), rel), rel)) {
      const existing = out.get(audit.name);
      if (existing) throw new ModelError(`audit ${audit.name} is defined twice: in ${existing.file}:${existing.line} and in ${rel}`, rel, audit.line);
      out.set(audit.name, audit);
    }
  }
  return out;
}

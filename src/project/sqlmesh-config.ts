// SQLMesh's config.yaml, read when a project has one: the gateway vde connects through (and why
// that one), its connection mapped to vde's keys, model_defaults, variables and the TTLs. What vde
// does not use is said in `notes`, never silently dropped. config.py is refused: vde runs no Python.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors';
import { issueToError, jinjaEnv, lineOfPath, nearest, parseYaml, plainValue, type YamlFile } from './yaml-file';
import { unknownDialect } from './sql-parser';
import type { ModelDefaults } from './types';

export const SQLMESH_CONFIG_FILES = ['config.yaml', 'config.yml'] as const;

/** Every top-level key of SQLMesh's config.yaml (so a typo is named, not ignored). */
const TOP_LEVEL_KEYS = [
  'gateways',
  'default_gateway',
  'default_connection',
  'default_test_connection',
  'default_scheduler',
  'model_defaults',
  'variables',
  'snapshot_ttl',
  'environment_ttl',
  'pinned_environments',
  'include_unmodified',
  'ignore_patterns',
  'time_column_format',
  'auto_categorize_changes',
  'physical_schema_override',
  'physical_schema_mapping',
  'physical_table_naming_convention',
  'environment_suffix_target',
  'environment_catalog_mapping',
  'gateway_managed_virtual_layer',
  'default_target_environment',
  'infer_python_dependencies',
  'log_limit',
  'cicd_bot',
  'users',
  'model_naming',
  'loader',
  'loader_kwargs',
  'notification_targets',
  'plan',
  'format',
  'ui',
  'linter',
  'migration',
  'janitor',
  'run',
  'before_all',
  'after_all',
  'project',
  'cache_dir',
  'dbt',
  'virtual_environment_mode',
  'disable_anonymized_analytics',
  'feature_flags',
  'openlineage',
] as const;

/** Keys vde reads; every other key present is named in a note as ignored. */
const USED_KEYS = new Set(['gateways', 'default_gateway', 'default_connection', 'model_defaults', 'variables', 'snapshot_ttl', 'environment_ttl', 'ignore_patterns', 'model_naming']);

/** SQLMesh connection keys → vde's, per type; keys not listed are ignored (and named in a note). */
const CONNECTION_KEYS: Record<string, Record<string, string>> = {
  postgres: { host: 'host', port: 'port', user: 'user', password: 'password', database: 'database', connect_timeout: 'connect_timeout' },
  snowflake: {
    account: 'account',
    user: 'username',
    username: 'username',
    password: 'password',
    authenticator: 'authenticator',
    private_key_path: 'private_key_path',
    private_key: 'private_key',
    private_key_passphrase: 'private_key_passphrase',
    token: 'token',
    database: 'database',
    warehouse: 'warehouse',
    role: 'role',
    host: 'host',
    port: 'port',
    protocol: 'protocol',
  },
};

/** Connection types SQLMesh knows and vde does not run. */
const OTHER_TYPES = [
  'bigquery',
  'databricks',
  'redshift',
  'mssql',
  'azuresql',
  'fabric',
  'mysql',
  'spark',
  'trino',
  'athena',
  'clickhouse',
  'motherduck',
  'risingwave',
  'gcp_postgres',
  'starrocks',
  'doris',
];

export interface SqlmeshConfig {
  /** Absolute path of config.yaml. */
  file: string;
  /** vde-shaped `connection` data from the chosen gateway (validated by the caller), with where it came from. */
  connection?: { data: Record<string, unknown>; path: (string | number)[]; keys: Record<string, string> };
  gateway?: { name: string; reason: string };
  variables: Record<string, unknown>;
  modelDefaults: ModelDefaults;
  /** Seconds, when config.yaml sets them in a form vde reads. */
  environmentTtl?: number;
  snapshotTtl?: number;
  ignorePatterns: string[];
  inferNames: boolean;
  notes: string[];
  yaml: YamlFile;
}

export interface SqlmeshOptions {
  /** `gateway` from vde.yaml: the gateway to use. */
  gateway?: string;
  /** Whether vde.yaml sets `connection` (it wins over any gateway). */
  vdeConnection: boolean;
}

/**
 * Reads `<projectDir>/config.yaml` (or config.yml); null when there is none. A config.py without
 * a config.yaml is refused.
 */
export function loadSqlmeshConfig(projectDir: string, env: NodeJS.ProcessEnv, options: SqlmeshOptions): SqlmeshConfig | null {
  const name = SQLMESH_CONFIG_FILES.find((f) => existsSync(join(projectDir, f)));
  const hasPython = existsSync(join(projectDir, 'config.py'));
  if (!name) {
    if (hasPython) {
      throw new ConfigError(
        'vde runs no Python, so it cannot read config.py: write the settings vde needs (gateways, model_defaults, variables) in config.yaml, or the connection in vde.yaml',
        'config.py',
      );
    }
    return null;
  }
  const file = join(projectDir, name);
  const notes: string[] = [];
  if (hasPython) notes.push(`${name}: read; config.py beside it is not (vde runs no Python)`);
  return parseSqlmeshConfig(readFileSync(file, 'utf8'), name, file, env, options, notes);
}

export function parseSqlmeshConfig(
  text: string,
  shown: string,
  file: string,
  env: NodeJS.ProcessEnv,
  options: SqlmeshOptions,
  notes: string[] = [],
): SqlmeshConfig {
  if (/\{%/.test(text)) {
    const line = text.slice(0, text.indexOf('{%')).split('\n').length;
    throw new ConfigError("vde renders only {{ env_var('NAME') }} in config.yaml, not Jinja blocks ({% ... %}); write the values out, or put the connection in vde.yaml", shown, undefined, line);
  }
  const y = parseYaml(text, shown);
  applyEnvOverrides(y, env, notes);
  const raw = (y.doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('expected a mapping of keys (gateways, model_defaults, ...)', shown, undefined, 1);
  const fail = (message: string, path: (string | number)[]): ConfigError => new ConfigError(message, shown, path.join('.'), lineOfPath(y, path));
  // `{{ env_var(...) }}` is rendered only in the parts vde uses: a gateway it does not connect
  // through may name secrets this machine does not have.
  const render = jinjaEnv(env, shown);
  const sub = <T>(value: T, path: (string | number)[]): T => renderData(value, path, (s, p) => render(s, lineOfPath(y, p))) as T;
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) data[k] = k === 'gateways' ? v : sub(v, [k]);

  const unknown = Object.keys(data).filter((k) => !(TOP_LEVEL_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    const k = unknown[0]!;
    const near = nearest(k, TOP_LEVEL_KEYS);
    throw fail(`unknown key ${JSON.stringify(k)}${near ? `; did you mean ${near}?` : ''} (a SQLMesh config.yaml key vde does not know)`, [k]);
  }
  const ignored = Object.keys(data).filter((k) => !USED_KEYS.has(k));
  if (ignored.length > 0) notes.push(`${shown}: not used by vde: ${ignored.join(', ')}`);

  const gateways = mapping(data.gateways, ['gateways'], fail);
  const names = Object.keys(gateways);
  let gateway: { name: string; reason: string } | undefined;
  if (options.gateway !== undefined) {
    const found = names.find((n) => n.toLowerCase() === options.gateway!.toLowerCase());
    if (!found) throw new ConfigError(`gateway ${options.gateway} is not in ${shown} (gateways: ${names.join(', ') || 'none'})`, 'vde.yaml', 'gateway');
    gateway = { name: found, reason: 'gateway in vde.yaml' };
  } else if (data.default_gateway !== undefined) {
    const wanted = String(data.default_gateway);
    const found = names.find((n) => n.toLowerCase() === wanted.toLowerCase());
    if (!found) throw fail(`default_gateway ${wanted} is not one of the gateways (${names.join(', ') || 'none'})`, ['default_gateway']);
    gateway = { name: found, reason: `default_gateway in ${shown}` };
  } else if (names.length > 0) {
    gateway = {
      name: names[0]!,
      reason: names.length === 1 ? `the only gateway in ${shown}` : `the first of ${names.length} gateways in ${shown}; set default_gateway, or gateway in vde.yaml, to choose another`,
    };
  }

  const gwPath = gateway ? ['gateways', gateway.name] : [];
  const gw = gateway ? mapping(gateways[gateway.name], gwPath, fail) : {};
  let connection: SqlmeshConfig['connection'];
  const connectionPath = gateway && gw.connection !== undefined ? ['gateways', gateway.name, 'connection'] : data.default_connection !== undefined ? ['default_connection'] : null;
  if (options.vdeConnection) {
    if (connectionPath) notes.push(`connection: from vde.yaml (${gateway ? `gateway ${gateway.name} of ${shown} is not used for connecting` : `${shown}'s default_connection is not used`})`);
  } else if (connectionPath) {
    const conn = mapping(connectionPath.length === 1 ? data.default_connection : sub(gw.connection, connectionPath), connectionPath, fail);
    connection = mapConnection(conn, connectionPath, fail, notes, gateway, shown);
  } else if (gateway) {
    notes.push(`connection: gateway ${gateway.name} (${gateway.reason}) has no connection; vde uses its embedded PGlite database (.vde/pglite)`);
  }

  const variables: Record<string, unknown> = {};
  const addVariables = (value: unknown, path: (string | number)[]): void => {
    for (const [k, v] of Object.entries(mapping(value, path, fail))) variables[k.toLowerCase()] = v;
  };
  addVariables(data.variables, ['variables']);
  if (gateway) addVariables(sub(gw.variables, [...gwPath, 'variables']), [...gwPath, 'variables']);

  const modelDefaults = readModelDefaults(data.model_defaults, fail, notes, shown, (i) => lineOfPath(y, ['model_defaults', 'audits', i]));
  const ttl = (key: 'environment_ttl' | 'snapshot_ttl'): number | undefined => {
    if (data[key] === undefined) return undefined;
    const seconds = sqlmeshDuration(data[key]);
    if (seconds === null) notes.push(`${shown}: ${key} ${JSON.stringify(data[key])} is not a duration vde reads (like "in 1 week"); vde keeps its own (7d), or set it in vde.yaml`);
    return seconds ?? undefined;
  };
  const environmentTtl = ttl('environment_ttl');
  const snapshotTtl = ttl('snapshot_ttl');
  const ignorePatterns = list(data.ignore_patterns, ['ignore_patterns'], fail).map(String);
  const naming = mapping(data.model_naming, ['model_naming'], fail);
  return {
    file,
    ...(connection ? { connection } : {}),
    ...(gateway ? { gateway } : {}),
    variables,
    modelDefaults,
    ...(environmentTtl !== undefined ? { environmentTtl } : {}),
    ...(snapshotTtl !== undefined ? { snapshotTtl } : {}),
    ignorePatterns,
    inferNames: naming.infer_names === true,
    notes,
    yaml: y,
  };
}

type Fail = (message: string, path: (string | number)[]) => ConfigError;

function mapping(value: unknown, path: (string | number)[], fail: Fail): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw fail(`expected a mapping, got ${Array.isArray(value) ? 'a list' : typeof value}`, path);
  return value as Record<string, unknown>;
}

function list(value: unknown, path: (string | number)[], fail: Fail): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail('expected a list', path);
  return value;
}

function mapConnection(
  raw: Record<string, unknown>,
  path: (string | number)[],
  fail: Fail,
  notes: string[],
  gateway: { name: string; reason: string } | undefined,
  shown: string,
): SqlmeshConfig['connection'] {
  const type = String(raw.type ?? '').toLowerCase();
  const via = gateway ? `gateway ${gateway.name} (${gateway.reason})` : `default_connection of ${shown}`;
  if (type === 'duckdb' || type === '') {
    notes.push(`connection: ${via} is ${type === '' ? "SQLMesh's default, DuckDB" : 'a DuckDB database'}; vde runs it on its embedded PGlite database (.vde/pglite) instead (set connection in vde.yaml to choose)`);
    return { data: { type: 'pglite' }, path, keys: {} };
  }
  const keys = CONNECTION_KEYS[type];
  if (!keys) {
    const known = OTHER_TYPES.includes(type) ? `${type} is a SQLMesh connection type vde does not run` : `unknown connection type ${JSON.stringify(raw.type)}`;
    throw fail(`${known}: vde runs on postgres and snowflake (and duckdb projects on its embedded PGlite); pick another gateway (gateway in vde.yaml) or set connection in vde.yaml`, [...path, 'type']);
  }
  const data: Record<string, unknown> = { type };
  const back: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'type') continue;
    const to = keys[k];
    if (to === undefined) {
      if (type === 'postgres' && k === 'sslmode') continue;
      dropped.push(k);
      continue;
    }
    if (data[to] !== undefined) throw fail(`expected ${k} or ${back[to]}, not both`, [...path, k]);
    // Rendered values are text; SQLMesh's settings coerce a port written as text.
    data[to] = to === 'port' && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    back[to] = k;
  }
  if (type === 'postgres' && raw.sslmode !== undefined) {
    const mode = String(raw.sslmode).toLowerCase();
    if (['require', 'verify-ca', 'verify-full'].includes(mode)) data.ssl = true;
    else if (mode === 'disable') data.ssl = false;
    else notes.push(`connection: sslmode ${mode} has no vde equivalent; vde connects without requiring SSL (set ssl in vde.yaml to require it)`);
    back.ssl = 'sslmode';
  }
  notes.push(`connection: ${via}, type ${type}`);
  if (dropped.length > 0) notes.push(`connection: not used by vde: ${dropped.join(', ')}`);
  return { data, path, keys: back };
}

/** model_defaults: kind (as header text), dialect, start, cron, owner; the rest kept raw. */
function readModelDefaults(value: unknown, fail: Fail, notes: string[], shown: string, auditLine: (index: number) => number): ModelDefaults {
  const raw = mapping(value, ['model_defaults'], fail);
  const out: ModelDefaults = { raw };
  const text = (k: string): string | undefined => {
    const v = raw[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object') throw fail('expected a string', ['model_defaults', k]);
    return String(v);
  };
  const dialect = text('dialect');
  if (dialect !== undefined) {
    out.dialect = dialect.split(',')[0]!.trim().toLowerCase();
    const unknown = unknownDialect(out.dialect);
    if (unknown) throw fail(unknown, ['model_defaults', 'dialect']);
  }
  for (const k of ['start', 'cron', 'owner'] as const) {
    const v = text(k);
    if (v !== undefined) out[k] = v;
  }
  if (raw.kind !== undefined) out.kind = kindText(raw.kind, fail);
  if (raw.audits !== undefined && raw.audits !== null) {
    // Every model runs these first, as if its header listed them (parsed by the loader).
    if (!Array.isArray(raw.audits) || raw.audits.some((a) => typeof a !== 'string')) {
      throw fail('expected a list of audits, like [assert_positive_ids, "not_null(columns := [id])"]', ['model_defaults', 'audits']);
    }
    out.audits = { items: (raw.audits as string[]).map((text, i) => ({ text, line: auditLine(i) })), file: shown };
  }
  const unused = Object.keys(raw).filter((k) => !['kind', 'dialect', 'start', 'cron', 'owner', 'audits'].includes(k));
  if (unused.length > 0) notes.push(`${shown}: model_defaults not used by vde: ${unused.join(', ')}`);
  return out;
}

/** `FULL` or `{name: INCREMENTAL_BY_TIME_RANGE, time_column: ds}` as MODEL header text. */
function kindText(kind: unknown, fail: Fail): string {
  if (typeof kind === 'string') return kind;
  if (typeof kind !== 'object' || kind === null || Array.isArray(kind)) throw fail('expected a kind name or a mapping with name', ['model_defaults', 'kind']);
  const { name, ...params } = kind as Record<string, unknown>;
  if (typeof name !== 'string') throw fail('expected a kind mapping with a name', ['model_defaults', 'kind']);
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return `(${v.map(value).join(', ')})`;
    if (typeof v === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? v : `'${v.replace(/'/g, "''")}'`;
    return String(v);
  };
  const inner = Object.entries(params).map(([k, v]) => `${k} ${value(v)}`);
  return inner.length > 0 ? `${name} (${inner.join(', ')})` : name;
}

/** SQLMesh's TTLs: "in 1 week", "1 week", "in 30 days", "12 hours"; null when not of that form. */
export function sqlmeshDuration(value: unknown): number | null {
  const m = /^\s*(?:in\s+)?(\d+)\s*(second|minute|hour|day|week)s?\s*$/i.exec(String(value));
  if (!m || Number(m[1]) <= 0) return null;
  const unit = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 }[m[2]!.toLowerCase() as 'second'];
  return Number(m[1]) * unit;
}

/** `value` with `render` applied to every string in it (keys stay as written). */
function renderData(value: unknown, path: (string | number)[], render: (s: string, path: (string | number)[]) => string): unknown {
  if (typeof value === 'string') return render(value, path);
  if (Array.isArray(value)) return value.map((v, i) => renderData(v, [...path, i], render));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderData(v, [...path, k], render);
    return out;
  }
  return value;
}

/** `SQLMESH__GATEWAYS__LOCAL__CONNECTION__PASSWORD=...` overrides config.yaml, as in SQLMesh. */
function applyEnvOverrides(y: YamlFile, env: NodeJS.ProcessEnv, notes: string[]): void {
  const applied: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('SQLMESH__') || value === undefined) continue;
    const path = name.slice('SQLMESH__'.length).split('__').map((p) => p.toLowerCase());
    if (path.some((p) => p === '')) continue;
    y.doc.setIn(path, plainValue(value));
    applied.push(name);
  }
  if (applied.length > 0) notes.push(`config.yaml: overridden from the environment: ${applied.sort().join(', ')}`);
}

/** Validation issues of the mapped connection, pointed at config.yaml's own keys and lines. */
export function connectionIssueToError(issue: Parameters<typeof issueToError>[0], sm: SqlmeshConfig): ConfigError {
  const conn = sm.connection!;
  const rest = issue.path.slice(1).map((p) => (typeof p === 'string' ? (conn.keys[p] ?? p) : p));
  return issueToError({ ...issue, path: [...conn.path, ...rest] } as typeof issue, sm.yaml, () => null);
}

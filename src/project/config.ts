// Loads and validates vde.yaml. Environment variables (`${NAME}`) are substituted into parsed
// string values, never into the raw text (a value holding `#`, quotes or a newline cannot change
// the document; comments are comments); `$${NAME}` is an escape that yields a literal `${NAME}`.
// Every error is a ConfigError naming the file (project-relative), the key path and the line.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as z from 'zod/mini';
import './zod-messages';
import { ConfigError } from '../errors';
import type { Config, ConnectionConfig } from './types';
import { connectionIssueToError, loadSqlmeshConfig, type SqlmeshConfig } from './sqlmesh-config';
import { describe, envSubstitute, getIn, issueToError, lineOfPath, parseYaml, substituteValues, type YamlFile } from './yaml-file';

export const CONFIG_FILES = ['vde.yaml', 'vde.yml'] as const;
const DEFAULT_TTL = '7d';
/** How much of an incremental model's history a PR environment builds (docs/incremental.md). */
export const DEFAULT_PREVIEW_WINDOW = '7d';

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses `7d`, `12h`, `30m`, `45s`, `2w` (or a plain number of seconds) into seconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`invalid duration ${value}`);
    return value;
  }
  const m = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(value);
  if (!m) throw new Error(`invalid duration ${JSON.stringify(value)}`);
  const n = Number(m[1]);
  if (n <= 0) throw new Error(`invalid duration ${JSON.stringify(value)}`);
  return n * DURATION_UNITS[m[2]!.toLowerCase()]!;
}

const DURATION_EXPECTED = 'expected a duration like 7d, 12h, 30m, 45s or 2w (or a number of seconds)';
const duration = z.union([z.int().check(z.positive()), z.string().check(z.regex(/^\s*[1-9]\d*\s*[smhdwSMHDW]\s*$/, { message: DURATION_EXPECTED }))], {
  error: DURATION_EXPECTED,
});

const identifier = z
  .string()
  .check(z.regex(/^[a-z_][a-z0-9_]*$/, { message: 'expected a plain lower-case identifier ([a-z_][a-z0-9_]*)' }), z.maxLength(63, { message: 'expected at most 63 characters' }));

// `<schema>__<env>` names environment schemas and `vde__<schema>` physical ones: a state schema
// shaped like either could be taken for (or dropped as) one of them.
const stateSchema = identifier.check(
  z.refine((s) => !s.includes('__'), {
    message: 'expected a name without "__" (vde names environment schemas <schema>__<env> and physical schemas vde__<schema>)',
  }),
);

const nonEmpty = () => z.string().check(z.minLength(1));
const port = () => z.int().check(z.minimum(1), z.maximum(65535));

const postgresSchema = z
  .strictObject({
    type: z.literal('postgres'),
    url: z.optional(nonEmpty()),
    host: z.optional(nonEmpty()),
    port: z.optional(port()),
    user: z.optional(z.string()),
    password: z.optional(z.string()),
    database: z.optional(z.string()),
    ssl: z.optional(z.boolean()),
    connect_timeout: z.optional(duration),
    query_timeout: z.optional(duration),
  })
  .check(z.refine((c) => !(c.url && (c.host || c.port || c.user || c.database)), {
    message: 'expected either url or host/port/user/database, not both',
    path: ['url'],
  }));

const pgliteSchema = z.strictObject({
  type: z.literal('pglite'),
  path: z.optional(nonEmpty()),
});

// Authentication (docs/snowflake.md): password, key pair (private_key_path or private_key, e.g.
// `private_key: ${SNOWFLAKE_PRIVATE_KEY}`, with an optional passphrase) or an OAuth token. `user`
// is accepted for `username`. host/port/protocol or access_url reach a non-default endpoint (the
// stand-in, a private link).
const snowflakeSchema = z
  .strictObject({
    type: z.literal('snowflake'),
    account: nonEmpty(),
    username: nonEmpty(),
    password: z.optional(nonEmpty()),
    authenticator: z.optional(z.enum(['snowflake', 'snowflake_jwt', 'oauth'])),
    private_key_path: z.optional(nonEmpty()),
    private_key: z.optional(nonEmpty()),
    private_key_passphrase: z.optional(nonEmpty()),
    token: z.optional(nonEmpty()),
    database: nonEmpty(),
    warehouse: z.optional(nonEmpty()),
    role: z.optional(nonEmpty()),
    host: z.optional(nonEmpty()),
    port: z.optional(port()),
    protocol: z.optional(z.enum(['http', 'https'])),
    access_url: z.optional(z.url()),
  })
  .check(z.refine((c) => [c.password, c.private_key_path ?? c.private_key, c.token].filter((v) => v !== undefined).length === 1, {
    message: 'expected exactly one of password, private_key_path / private_key (key pair) or token (OAuth)',
    path: ['password'],
  }))
  .check(z.refine((c) => !(c.private_key_path && c.private_key), { message: 'expected private_key_path or private_key, not both', path: ['private_key'] }))
  .check(z.refine((c) => !(c.access_url && (c.host || c.port || c.protocol)), { message: 'expected access_url or host/port/protocol, not both', path: ['access_url'] }));

export const connectionSchema = z.discriminatedUnion('type', [postgresSchema, pgliteSchema, snowflakeSchema]);

const fileSchema = z.strictObject({
  connection: z.optional(connectionSchema),
  models: z.optional(nonEmpty()),
  state_schema: z.optional(stateSchema),
  environment_ttl: z.optional(duration),
  snapshot_ttl: z.optional(duration),
  preview_window: z.optional(duration),
  snowflake: z.optional(z.strictObject({ transient_tables: z.optional(z.boolean()) })),
  environment_catalog_mapping: z.optional(z.record(nonEmpty(), nonEmpty())),
  /** The gateway of config.yaml to connect through (when the project has one). */
  gateway: z.optional(nonEmpty()),
});

type FileConfig = z.infer<typeof fileSchema>;

/** Finds vde.yaml (or vde.yml) in `projectDir`; null when there is none. */
export function findConfigFile(projectDir: string): string | null {
  for (const name of CONFIG_FILES) {
    const p = join(projectDir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * Replaces `${NAME}` in one value with the environment's value (`$${NAME}` is a literal
 * `${NAME}`); a missing variable is a ConfigError naming `file` and the line.
 */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv, file: string, line = 1): string {
  return envSubstitute(env, file)(text, line);
}

/**
 * Reads and validates the project's configuration: vde.yaml, and SQLMesh's config.yaml when the
 * project has one (vde.yaml overrides it); defaults when there is neither.
 */
export function loadConfig(projectDir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const dir = resolve(projectDir);
  const file = findConfigFile(dir);
  const vde = file ? parseVdeYaml(readFileSync(file, 'utf8'), file, dir, env) : null;
  const data = vde?.data ?? {};
  const sqlmesh = loadSqlmeshConfig(dir, env, { ...(data.gateway !== undefined ? { gateway: data.gateway } : {}), vdeConnection: data.connection !== undefined });
  if (!sqlmesh) {
    if (data.gateway !== undefined) throw new ConfigError('gateway names a gateway of config.yaml, and this project has no config.yaml', 'vde.yaml', 'gateway', vde ? lineOfPath(vde.y, ['gateway']) : undefined);
    return checked(buildConfig(dir, file, data), vde);
  }
  return checked(withSqlmesh(buildConfig(dir, file, { ...sqlmeshData(sqlmesh), ...data }), sqlmesh), vde);
}

/** Parses config text as if it were `file` inside `projectDir` (vde.yaml alone; for tests and tools). */
export function parseConfigText(raw: string, file: string, projectDir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const vde = parseVdeYaml(raw, file, projectDir, env);
  return checked(buildConfig(resolve(projectDir), file, vde.data), vde);
}

/** Rules across keys, once the connection is known (it may come from config.yaml). */
function checked(config: Config, vde: { y: YamlFile } | null): Config {
  if (config.environmentCatalogMapping && config.connection.type !== 'snowflake' && vde) {
    throw new ConfigError(
      `needs connection.type snowflake: ${config.connection.type} cannot query across databases, so every environment lives in the connection's database`,
      vde.y.file,
      'environment_catalog_mapping',
      lineOfPath(vde.y, ['environment_catalog_mapping']),
    );
  }
  return config;
}

/** The parts of config.yaml that fill vde.yaml's keys, validated like them. */
function sqlmeshData(sm: SqlmeshConfig): FileConfig {
  const out: FileConfig = {};
  if (sm.connection) {
    const parsed = connectionSchema.safeParse(sm.connection.data);
    if (!parsed.success) throw connectionIssueToError({ ...parsed.error.issues[0]!, path: ['connection', ...parsed.error.issues[0]!.path] }, sm);
    out.connection = parsed.data;
  }
  if (sm.environmentTtl !== undefined) out.environment_ttl = sm.environmentTtl;
  if (sm.snapshotTtl !== undefined) out.snapshot_ttl = sm.snapshotTtl;
  return out;
}

function withSqlmesh(config: Config, sm: SqlmeshConfig): Config {
  return {
    ...config,
    sqlmeshFile: sm.file,
    ...(sm.gateway ? { gateway: sm.gateway } : {}),
    variables: sm.variables,
    modelDefaults: { ...sm.modelDefaults, ...(sm.inferNames ? { inferNames: true } : {}) },
    notes: [...sm.notes, ...config.notes],
    ignorePatterns: sm.ignorePatterns,
  };
}

function parseVdeYaml(raw: string, file: string, projectDir: string, env: NodeJS.ProcessEnv): { data: FileConfig; y: YamlFile } {
  const dir = resolve(projectDir);
  const shown = relativeName(dir, file);
  const y = parseYaml(raw, shown);
  substituteValues(y, envSubstitute(env, shown));
  const data: unknown = y.doc.toJS() ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError('expected a mapping of keys (connection, models, state_schema, ...)', shown, undefined, 1);
  }
  const connection = (data as { connection?: Record<string, unknown> }).connection;
  if (connection?.type === 'snowflake' && connection.user !== undefined) {
    if (connection.username !== undefined) throw new ConfigError('expected user or username, not both', shown, 'connection.user', lineOfPath(y, ['connection', 'user']));
    connection.username = connection.user;
    delete connection.user;
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
      const value = getIn(data, issue.path as (string | number)[]);
      throw new ConfigError(
        `expected one of postgres, pglite, snowflake, got ${describe(value)}`,
        shown,
        issue.path.map(String).join('.'),
        lineOfPath(y, issue.path as (string | number)[]),
      );
    }
    throw issueToError(issue, y, (path) => (path.length === 0 ? Object.keys(fileSchema.shape) : null));
  }
  const mapping = parsed.data.environment_catalog_mapping;
  if (mapping) {
    for (const pattern of Object.keys(mapping)) {
      try {
        new RegExp(pattern);
      } catch (err) {
        throw new ConfigError(`invalid regular expression: ${(err as Error).message}`, shown, `environment_catalog_mapping.${pattern}`, lineOfPath(y, ['environment_catalog_mapping', pattern]));
      }
    }
  }
  return { data: parsed.data, y };
}

/** `file` relative to the project folder, with forward slashes, for messages. */
export function relativeName(projectDir: string, file: string): string {
  const rel = relative(projectDir, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

function buildConfig(dir: string, file: string | null, data: FileConfig): Config {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(dir, p));
  let connection: ConnectionConfig;
  const c = data.connection;
  if (!c) connection = { type: 'pglite', path: abs('.vde/pglite') };
  else if (c.type === 'pglite') connection = { type: 'pglite', path: abs(c.path ?? '.vde/pglite') };
  else if (c.type === 'postgres') {
    connection = dropUndefined({
      type: 'postgres' as const,
      url: c.url,
      host: c.host,
      port: c.port,
      user: c.user,
      password: c.password,
      database: c.database,
      ssl: c.ssl,
      connectTimeout: c.connect_timeout === undefined ? undefined : parseDuration(c.connect_timeout),
      queryTimeout: c.query_timeout === undefined ? undefined : parseDuration(c.query_timeout),
    });
  } else {
    connection = dropUndefined({
      type: 'snowflake' as const,
      account: c.account,
      username: c.username,
      password: c.password,
      authenticator: c.authenticator,
      privateKeyPath: c.private_key_path === undefined ? undefined : abs(c.private_key_path),
      privateKey: c.private_key === undefined ? undefined : pemText(c.private_key),
      privateKeyPassphrase: c.private_key_passphrase,
      token: c.token,
      database: c.database,
      warehouse: c.warehouse,
      role: c.role,
      host: c.host,
      port: c.port,
      protocol: c.protocol,
      accessUrl: c.access_url,
    });
  }
  const options: Pick<Config, 'snowflake' | 'environmentCatalogMapping'> = {};
  if (data.snowflake) options.snowflake = { transientTables: data.snowflake.transient_tables ?? false };
  if (data.environment_catalog_mapping) {
    options.environmentCatalogMapping = Object.entries(data.environment_catalog_mapping).map(([pattern, database]) => ({ pattern, database }));
  }
  return {
    projectDir: dir,
    file,
    sqlmeshFile: null,
    variables: {},
    modelDefaults: { raw: {} },
    notes: [],
    ignorePatterns: [],
    connection,
    modelsDir: abs(data.models ?? 'models'),
    stateSchema: data.state_schema ?? 'vde_state',
    environmentTtl: parseDuration(data.environment_ttl ?? DEFAULT_TTL),
    snapshotTtl: parseDuration(data.snapshot_ttl ?? DEFAULT_TTL),
    previewWindow: parseDuration(data.preview_window ?? DEFAULT_PREVIEW_WINDOW),
    ...options,
  };
}

/**
 * A PEM key from an environment variable often carries its line breaks as the two characters `\n`
 * (CI secret stores flatten them). PEM text never holds a backslash, so turning those back into
 * line breaks cannot change a valid key.
 */
function pemText(key: string): string {
  return !key.includes('\n') && key.includes('\\n') ? key.replace(/\\n/g, '\n') : key;
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}


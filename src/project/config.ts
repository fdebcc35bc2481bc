// Loads and validates vde.yaml. Environment variables (`${NAME}`) are substituted in the raw text
// before YAML parsing; `$${NAME}` is an escape that yields a literal `${NAME}`. Every error is a
// ConfigError naming the file, the key path and the line.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors';
import type { Config, ConnectionConfig } from './types';

export const CONFIG_FILES = ['vde.yaml', 'vde.yml'] as const;
const DEFAULT_TTL = '7d';

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

const duration = z.union([
  z.number().int().positive(),
  z.string().regex(/^\s*[1-9]\d*\s*[smhdwSMHDW]\s*$/, { message: 'expected a duration like 7d, 12h, 30m, 45s or 2w' }),
]);

const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, { message: 'expected a plain lower-case identifier ([a-z_][a-z0-9_]*)' })
  .max(63, { message: 'expected at most 63 characters' });

const postgresSchema = z
  .strictObject({
    type: z.literal('postgres'),
    url: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    user: z.string().optional(),
    password: z.string().optional(),
    database: z.string().optional(),
    ssl: z.boolean().optional(),
  })
  .refine((c) => !(c.url && (c.host || c.port || c.user || c.database)), {
    message: 'expected either url or host/port/user/database, not both',
    path: ['url'],
  });

const pgliteSchema = z.strictObject({
  type: z.literal('pglite'),
  path: z.string().min(1).optional(),
});

// Authentication (docs/snowflake.md): password, key pair (private_key_path or private_key, e.g.
// `private_key: ${SNOWFLAKE_PRIVATE_KEY}`, with an optional passphrase) or an OAuth token. `user`
// is accepted for `username`. host/port/protocol or access_url reach a non-default endpoint (the
// stand-in, a private link).
const snowflakeSchema = z
  .strictObject({
    type: z.literal('snowflake'),
    account: z.string().min(1),
    username: z.string().min(1),
    password: z.string().min(1).optional(),
    authenticator: z.enum(['snowflake', 'snowflake_jwt', 'oauth']).optional(),
    private_key_path: z.string().min(1).optional(),
    private_key: z.string().min(1).optional(),
    private_key_passphrase: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    database: z.string().min(1),
    warehouse: z.string().min(1).optional(),
    role: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    protocol: z.enum(['http', 'https']).optional(),
    access_url: z.url().optional(),
  })
  .refine((c) => [c.password, c.private_key_path ?? c.private_key, c.token].filter((v) => v !== undefined).length === 1, {
    message: 'expected exactly one of password, private_key_path / private_key (key pair) or token (OAuth)',
    path: ['password'],
  })
  .refine((c) => !(c.private_key_path && c.private_key), { message: 'expected private_key_path or private_key, not both', path: ['private_key'] })
  .refine((c) => !(c.access_url && (c.host || c.port || c.protocol)), { message: 'expected access_url or host/port/protocol, not both', path: ['access_url'] });

const fileSchema = z.strictObject({
  connection: z.discriminatedUnion('type', [postgresSchema, pgliteSchema, snowflakeSchema]).optional(),
  models: z.string().min(1).optional(),
  state_schema: identifier.optional(),
  environment_ttl: duration.optional(),
  snapshot_ttl: duration.optional(),
  snowflake: z.strictObject({ transient_tables: z.boolean().optional() }).optional(),
  environment_catalog_mapping: z.record(z.string().min(1), z.string().min(1)).optional(),
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

/** Replaces `${NAME}` with env values; a missing variable is a ConfigError with its line. */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv, file: string): string {
  return text.replace(/\$(\$?)\{([^}]*)\}/g, (whole, escape: string, name: string, offset: number) => {
    if (escape) return whole.slice(1);
    const line = lineAt(text, offset);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigError(`invalid environment variable reference \${${name}}`, file, undefined, line);
    }
    const value = env[name];
    if (value === undefined) {
      throw new ConfigError(`environment variable ${name} is not set (referenced as \${${name}})`, file, undefined, line);
    }
    // GitHub Actions passes a secret that does not exist as an empty string: name it here rather
    // than fail later with a type error on the key it fed.
    if (value === '') {
      throw new ConfigError(`environment variable ${name} is empty (referenced as \${${name}}); is the secret set?`, file, undefined, line);
    }
    return value;
  });
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Reads and validates `<projectDir>/vde.yaml`; defaults when the file does not exist. */
export function loadConfig(projectDir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const dir = resolve(projectDir);
  const file = findConfigFile(dir);
  if (!file) return buildConfig(dir, null, {});
  const raw = readFileSync(file, 'utf8');
  return parseConfigText(raw, file, dir, env);
}

/** Parses config text as if it were `file` inside `projectDir` (exported for tests and tools). */
export function parseConfigText(raw: string, file: string, projectDir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const dir = resolve(projectDir);
  const text = substituteEnv(raw, env, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = lineCounter.linePos(err.pos[0]).line;
    throw new ConfigError(`invalid YAML: ${err.message.split('\n')[0]}`, file, undefined, line);
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError('expected a mapping of keys (connection, models, state_schema, ...)', file, undefined, 1);
  }
  const connection = (data as { connection?: Record<string, unknown> }).connection;
  if (connection?.type === 'snowflake' && connection.user !== undefined) {
    if (connection.username !== undefined) throw new ConfigError('expected user or username, not both', file, 'connection.user', lineOfPath(doc, lineCounter, ['connection', 'user']));
    connection.username = connection.user;
    delete connection.user;
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw issueToError(issue, doc, lineCounter, file);
  }
  const mapping = parsed.data.environment_catalog_mapping;
  if (mapping) {
    const where = (key: string[]) => lineOfPath(doc, lineCounter, key);
    if (parsed.data.connection?.type !== 'snowflake') {
      throw new ConfigError(
        `needs connection.type snowflake: ${parsed.data.connection?.type ?? 'pglite'} cannot query across databases, so every environment lives in the connection's database`,
        file,
        'environment_catalog_mapping',
        where(['environment_catalog_mapping']),
      );
    }
    for (const pattern of Object.keys(mapping)) {
      try {
        new RegExp(pattern);
      } catch (err) {
        throw new ConfigError(`invalid regular expression: ${(err as Error).message}`, file, `environment_catalog_mapping.${pattern}`, where(['environment_catalog_mapping', pattern]));
      }
    }
  }
  return buildConfig(dir, file, parsed.data);
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
    });
  } else {
    connection = dropUndefined({
      type: 'snowflake' as const,
      account: c.account,
      username: c.username,
      password: c.password,
      authenticator: c.authenticator,
      privateKeyPath: c.private_key_path === undefined ? undefined : abs(c.private_key_path),
      privateKey: c.private_key,
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
    connection,
    modelsDir: abs(data.models ?? 'models'),
    stateSchema: data.state_schema ?? 'vde_state',
    environmentTtl: parseDuration(data.environment_ttl ?? DEFAULT_TTL),
    snapshotTtl: parseDuration(data.snapshot_ttl ?? DEFAULT_TTL),
    ...options,
  };
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

type Issue = z.core.$ZodIssue;

function issueToError(issue: Issue, doc: Document, lc: LineCounter, file: string): ConfigError {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let keyPath = path;
  let message: string;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      keyPath = [...path, key];
      const allowed = allowedKeys(path);
      message = `unknown key ${JSON.stringify(key)}${allowed ? ` (expected one of: ${allowed.join(', ')})` : ''}`;
      break;
    }
    case 'invalid_type': {
      const present = getIn(doc.toJS(), path) !== undefined;
      message = present ? `expected ${issue.expected}, got ${describe(getIn(doc.toJS(), path), path)}` : `required key is missing (expected ${issue.expected})`;
      break;
    }
    case 'invalid_union': {
      const value = getIn(doc.toJS(), path);
      if ('discriminator' in issue && issue.discriminator) {
        message = `expected one of postgres, pglite, snowflake, got ${value === undefined ? 'nothing' : describe(value)}`;
      } else message = `expected ${issue.message}, got ${describe(value, path)}`;
      break;
    }
    default:
      message = issue.message.replace(/^Invalid input: /, '');
      if (!/^expected/i.test(message)) message = `expected ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
      message += `, got ${describe(getIn(doc.toJS(), path), path)}`;
  }
  const key = keyPath.map(String).join('.') || undefined;
  return new ConfigError(message, file, key, lineOfPath(doc, lc, keyPath));
}

function allowedKeys(path: (string | number)[]): string[] | null {
  if (path.length === 0) return Object.keys(fileSchema.shape);
  return null;
}

/** Keys whose values are secrets: an error message says what kind of value it was, never the value. */
const SECRET_KEY = /(password|passphrase|token|private_key|secret|url)$/;

function describe(v: unknown, path: (string | number)[] = []): string {
  if (v === undefined) return 'nothing';
  if (SECRET_KEY.test(String(path[path.length - 1] ?? '')) && v !== null && typeof v !== 'object') return `a ${typeof v} (not shown: secret)`;
  if (v === null) return 'null';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${String(v)}`;
}

function getIn(data: unknown, path: (string | number)[]): unknown {
  let cur = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/**
 * 1-based line of the deepest key of `path` that exists in the document (the key itself when it
 * exists, otherwise its closest existing parent), or 1.
 */
export function lineOfPath(doc: Document, lc: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let line = 1;
  const rangeLine = (n: unknown): number | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  line = rangeLine(node) ?? 1;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) return line;
      line = rangeLine(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return line;
      line = rangeLine(item) ?? line;
      node = item;
    } else return line;
  }
  return line;
}

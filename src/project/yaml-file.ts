// Reading a YAML file of the project (vde.yaml, config.yaml, external_models.yaml): parsing with
// lines, substituting into parsed string values (never into the raw text, so a value holding `#`,
// quotes or a newline cannot change the document, and comments stay comments), and turning schema
// issues into ConfigErrors that name the file, the key path and the line without echoing secrets.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document } from 'yaml';
import type * as z from 'zod/mini';
import { ConfigError } from '../errors';
import { nearest } from './nearest';

export { editDistance, nearest } from './nearest';

export interface YamlFile {
  /** Project-relative name used in messages. */
  file: string;
  doc: Document;
  lc: LineCounter;
}

/** Replaces placeholders in one string value; `line` is the value's first line. */
export type Substitute = (value: string, line: number) => string;

/** Parses `text`; YAML syntax errors become ConfigErrors with their line. */
export function parseYaml(text: string, file: string): YamlFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw new ConfigError(`invalid YAML: ${err.message.split('\n')[0]}`, file, undefined, lc.linePos(err.pos[0]).line);
  }
  return { file, doc, lc };
}

/**
 * Runs `substitute` on every string value (not on keys). An unquoted value that becomes a plain
 * number or boolean takes that type, as it would have had written literally (`port: ${PGPORT}`).
 */
export function substituteValues(y: YamlFile, substitute: Substitute): void {
  visit(y.doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const line = node.range ? y.lc.linePos(node.range[0]).line : 1;
      const before = node.value;
      const after = substitute(before, line);
      if (after === before) return;
      node.value = node.type === Scalar.PLAIN ? plainValue(after) : after;
    },
  });
}

export function plainValue(text: string): string | number | boolean {
  if (/^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (/^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return text;
}

/** `${NAME}` from `env`; `$${NAME}` is the escape for a literal `${NAME}`. */
export function envSubstitute(env: NodeJS.ProcessEnv, file: string): Substitute {
  return (value, line) =>
    value.replace(/\$(\$?)\{([^}]*)\}/g, (whole, escape: string, name: string, offset: number) => {
      if (escape) return whole.slice(1);
      const at = line + countNewlines(value, offset);
      return envValue(env, name, `\${${name}}`, file, at);
    });
}

/** An environment variable's value; a name that is not set, or empty, is a ConfigError. */
export function envValue(env: NodeJS.ProcessEnv, name: string, written: string, file: string, line: number, fallback?: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new ConfigError(`invalid environment variable reference ${written}`, file, undefined, line);
  }
  const value = env[name];
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    if (value === undefined) throw new ConfigError(`environment variable ${name} is not set (referenced as ${written})`, file, undefined, line);
    // GitHub Actions passes a secret that does not exist as an empty string: name it here rather
    // than fail later with a type error on the key it fed.
    throw new ConfigError(`environment variable ${name} is empty (referenced as ${written}); is the secret set?`, file, undefined, line);
  }
  return value;
}

/** `{{ env_var('NAME') }}` / `{{ env_var('NAME', 'default') }}` in string values (SQLMesh's YAML). */
export function jinjaEnv(env: NodeJS.ProcessEnv, file: string): (value: string, line: number) => string {
  return (value, line) => {
    const replaced = value.replace(
      /\{\{\s*env_var\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*\}\}/g,
      (whole, _q: string, name: string, _q2: string | undefined, fallback: string | undefined) => envValue(env, name, whole, file, line, fallback),
    );
    if (/\{\{|\{%/.test(replaced)) {
      throw new ConfigError(`vde renders only {{ env_var('NAME') }} and {{ env_var('NAME', 'default') }} in YAML files, got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`, file, undefined, line);
    }
    return replaced;
  };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

type Issue = z.core.$ZodIssue;

/** A zod issue as a ConfigError; `allowedKeys` lists the keys valid at a path (for unknown keys). */
export function issueToError(issue: Issue, y: YamlFile, allowedKeys: (path: (string | number)[]) => string[] | null): ConfigError {
  const data: unknown = y.doc.toJS();
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let keyPath = path;
  let message: string;
  const got = (): string => describe(getIn(data, path), path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      keyPath = [...path, key];
      const allowed = allowedKeys(path);
      const near = allowed ? nearest(key, allowed) : null;
      message = `unknown key ${JSON.stringify(key)}${near ? `; did you mean ${near}?` : ''}${allowed ? ` (expected one of: ${allowed.join(', ')})` : ''}`;
      break;
    }
    case 'invalid_type': {
      const present = getIn(data, path) !== undefined;
      message = present ? `expected ${issue.expected}, got ${got()}` : `required key is missing (expected ${issue.expected})`;
      break;
    }
    default:
      message = issue.message.replace(/^Invalid input: /, '');
      if (!/^expected/i.test(message)) message = `expected ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
      message += `, got ${got()}`;
  }
  const key = keyPath.map(String).join('.') || undefined;
  return new ConfigError(message, y.file, key, lineOfPath(y, keyPath));
}

const SECRET_KEY = /(password|passphrase|secret|token|private_key$|private_key_content)/i;

/** A value as messages show it: secrets hidden, a URL's password replaced by ***. */
export function describe(v: unknown, path: (string | number)[] = []): string {
  const key = String(path[path.length - 1] ?? '');
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (SECRET_KEY.test(key) && typeof v !== 'object') return `a ${typeof v} (hidden)`;
  if (typeof v === 'string') {
    const shown = maskUrl(v);
    return `string ${JSON.stringify(shown.length > 60 ? `${shown.slice(0, 57)}...` : shown)}`;
  }
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${String(v)}`;
}

/** `scheme://user:secret@host` → `scheme://user:***@host`; other text unchanged. */
export function maskUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^@/\s]*@/i, '$1:***@');
}

export function getIn(data: unknown, path: (string | number)[]): unknown {
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
export function lineOfPath(y: YamlFile, path: (string | number)[]): number {
  let node: unknown = y.doc.contents;
  const rangeLine = (n: unknown): number | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? y.lc.linePos(range[0]).line : undefined;
  };
  let line = rangeLine(node) ?? 1;
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

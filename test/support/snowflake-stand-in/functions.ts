// Snowflake functions the stand-in knows, each rewritten into Postgres SQL with Snowflake's
// semantics (NULL handling of CONCAT / GREATEST, REGEXP_REPLACE replacing every match, IFF, DIV0,
// DATEADD by part, ...). A function not listed here is refused as unknown: the stand-in never
// passes a name through and hopes Postgres means the same thing.
import { COMPAT_SCHEMA } from './compat';
import { SnowflakeError } from './errors';
import type { Token } from './tokenizer';

export interface FunctionContext {
  database: string | null;
  schema: string | null;
  role: string;
  user: string;
  warehouse: string | null;
  sessionId: string;
  lastQueryId: string | null;
}

export interface Call {
  name: string;
  /** Arguments, already translated. */
  args: string[];
  /** Arguments as tokens (date parts are bare words). */
  raw: Token[][];
  /** `DISTINCT` written before the first argument. */
  distinct: boolean;
  ctx: FunctionContext;
}

type Rule = (call: Call) => string;

const c = COMPAT_SCHEMA;

function literal(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

function arity(call: Call, min: number, max = min): void {
  if (call.args.length < min || call.args.length > max) {
    throw SnowflakeError.compilation(
      '000938',
      '22023',
      `too ${call.args.length < min ? 'few' : 'many'} arguments for function [${call.name}(${call.args.length} args)]`,
    );
  }
}

function same(pgName?: string, min = 0, max = 99): Rule {
  return (call) => {
    arity(call, min, max);
    return `${pgName ?? call.name}(${call.distinct ? 'DISTINCT ' : ''}${call.args.join(', ')})`;
  };
}

/** A date part written as a bare word (DAY) or a string ('day'). */
function datePart(call: Call, index: number): string {
  const raw = call.raw[index];
  if (raw && raw.length === 1 && raw[0] && (raw[0].kind === 'word' || raw[0].kind === 'string')) {
    return literal(raw[0].value.toUpperCase());
  }
  throw SnowflakeError.compilation('001003', '42000', `invalid date part in ${call.name}`);
}

function nullIfAnyNull(args: string[], body: string): string {
  return `(CASE WHEN ${args.map((a) => `(${a}) IS NULL`).join(' OR ')} THEN NULL ELSE ${body} END)`;
}

function contextValue(pick: (ctx: FunctionContext) => string | null): Rule {
  return (call) => {
    arity(call, 0);
    return literal(pick(call.ctx));
  };
}

const RULES: Record<string, Rule> = {
  // aggregates
  COUNT: (call) => `COUNT(${call.distinct ? 'DISTINCT ' : ''}${call.args.join(', ')})`,
  SUM: same('SUM', 1, 1),
  AVG: same('AVG', 1, 1),
  MIN: same('MIN', 1, 1),
  MAX: same('MAX', 1, 1),
  ANY_VALUE: same('ANY_VALUE', 1, 1),
  STDDEV: same('STDDEV_SAMP', 1, 1),
  STDDEV_SAMP: same('STDDEV_SAMP', 1, 1),
  STDDEV_POP: same('STDDEV_POP', 1, 1),
  VARIANCE: same('VAR_SAMP', 1, 1),
  VAR_SAMP: same('VAR_SAMP', 1, 1),
  VAR_POP: same('VAR_POP', 1, 1),
  BOOLAND_AGG: same('BOOL_AND', 1, 1),
  BOOLOR_AGG: same('BOOL_OR', 1, 1),
  COUNT_IF: (call) => {
    arity(call, 1);
    return `COUNT(CASE WHEN ${call.args[0]} THEN 1 END)`;
  },
  MEDIAN: (call) => {
    arity(call, 1);
    return `PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ${call.args[0]})`;
  },
  LISTAGG: (call) => {
    arity(call, 1, 2);
    return `STRING_AGG(${call.distinct ? 'DISTINCT ' : ''}(${call.args[0]})::text, ${call.args[1] ?? "''"})`;
  },
  GROUPING: same('GROUPING', 1),
  APPROX_COUNT_DISTINCT: (call) => `COUNT(DISTINCT ${call.args.join(', ')})`,
  // window functions
  ROW_NUMBER: same('ROW_NUMBER', 0, 0),
  RANK: same('RANK', 0, 0),
  DENSE_RANK: same('DENSE_RANK', 0, 0),
  PERCENT_RANK: same('PERCENT_RANK', 0, 0),
  CUME_DIST: same('CUME_DIST', 0, 0),
  NTILE: same('NTILE', 1, 1),
  LAG: same('LAG', 1, 3),
  LEAD: same('LEAD', 1, 3),
  FIRST_VALUE: same('FIRST_VALUE', 1, 1),
  LAST_VALUE: same('LAST_VALUE', 1, 1),
  // conditional
  COALESCE: same('COALESCE', 1),
  NULLIF: same('NULLIF', 2, 2),
  NVL: same('COALESCE', 2, 2),
  IFNULL: same('COALESCE', 2, 2),
  NVL2: (call) => {
    arity(call, 3);
    return `(CASE WHEN (${call.args[0]}) IS NOT NULL THEN ${call.args[1]} ELSE ${call.args[2]} END)`;
  },
  IFF: (call) => {
    arity(call, 3);
    return `(CASE WHEN ${call.args[0]} THEN ${call.args[1]} ELSE ${call.args[2]} END)`;
  },
  ZEROIFNULL: (call) => {
    arity(call, 1);
    return `COALESCE(${call.args[0]}, 0)`;
  },
  NULLIFZERO: (call) => {
    arity(call, 1);
    return `NULLIF(${call.args[0]}, 0)`;
  },
  DIV0: (call) => {
    arity(call, 2);
    return `(CASE WHEN (${call.args[1]}) = 0 THEN 0 ELSE (${call.args[0]}) / (${call.args[1]}) END)`;
  },
  EQUAL_NULL: (call) => {
    arity(call, 2);
    return `((${call.args[0]}) IS NOT DISTINCT FROM (${call.args[1]}))`;
  },
  DECODE: (call) => {
    arity(call, 3, 99);
    const [expr, ...rest] = call.args;
    const whens: string[] = [];
    let i = 0;
    for (; i + 1 < rest.length; i += 2) whens.push(`WHEN (${expr}) IS NOT DISTINCT FROM (${rest[i]}) THEN ${rest[i + 1]}`);
    return `(CASE ${whens.join(' ')}${i < rest.length ? ` ELSE ${rest[i]}` : ''} END)`;
  },
  GREATEST: (call) => {
    arity(call, 1, 99);
    return nullIfAnyNull(call.args, `GREATEST(${call.args.join(', ')})`);
  },
  LEAST: (call) => {
    arity(call, 1, 99);
    return nullIfAnyNull(call.args, `LEAST(${call.args.join(', ')})`);
  },
  // numbers
  ABS: same('ABS', 1, 1),
  CEIL: same('CEIL', 1, 2),
  CEILING: same('CEIL', 1, 2),
  FLOOR: same('FLOOR', 1, 2),
  ROUND: (call) => {
    arity(call, 1, 2);
    return call.args.length === 1 ? `ROUND((${call.args[0]})::numeric)` : `ROUND((${call.args[0]})::numeric, (${call.args[1]})::int)`;
  },
  TRUNC: (call) => {
    arity(call, 1, 2);
    return call.args.length === 1 ? `TRUNC((${call.args[0]})::numeric)` : `TRUNC((${call.args[0]})::numeric, (${call.args[1]})::int)`;
  },
  TRUNCATE: (call) => (RULES.TRUNC as Rule)(call),
  SIGN: same('SIGN', 1, 1),
  SQRT: same('SQRT', 1, 1),
  EXP: same('EXP', 1, 1),
  LN: same('LN', 1, 1),
  LOG: same('LOG', 2, 2),
  POWER: same('POWER', 2, 2),
  POW: same('POWER', 2, 2),
  MOD: (call) => {
    arity(call, 2);
    return `MOD((${call.args[0]})::numeric, (${call.args[1]})::numeric)`;
  },
  BITAND: (call) => {
    arity(call, 2);
    return `((${call.args[0]})::bigint & (${call.args[1]})::bigint)::numeric(38,0)`;
  },
  BITOR: (call) => {
    arity(call, 2);
    return `((${call.args[0]})::bigint | (${call.args[1]})::bigint)::numeric(38,0)`;
  },
  BITXOR: (call) => {
    arity(call, 2);
    return `((${call.args[0]})::bigint # (${call.args[1]})::bigint)::numeric(38,0)`;
  },
  BITSHIFTLEFT: (call) => {
    arity(call, 2);
    return `((${call.args[0]})::bigint << (${call.args[1]})::int)::numeric(38,0)`;
  },
  // strings
  UPPER: same('UPPER', 1, 1),
  LOWER: same('LOWER', 1, 1),
  INITCAP: same('INITCAP', 1, 1),
  LENGTH: same('LENGTH', 1, 1),
  LEN: same('LENGTH', 1, 1),
  TRIM: (call) => (call.args.length === 2 ? `BTRIM(${call.args.join(', ')})` : same('TRIM', 1, 1)(call)),
  LTRIM: same('LTRIM', 1, 2),
  RTRIM: same('RTRIM', 1, 2),
  REPLACE: (call) => {
    arity(call, 2, 3);
    return `REPLACE(${call.args[0]}, ${call.args[1]}, ${call.args[2] ?? "''"})`;
  },
  SUBSTR: same('SUBSTR', 2, 3),
  SUBSTRING: same('SUBSTR', 2, 3),
  LEFT: same('LEFT', 2, 2),
  RIGHT: same('RIGHT', 2, 2),
  LPAD: same('LPAD', 2, 3),
  RPAD: same('RPAD', 2, 3),
  REVERSE: same('REVERSE', 1, 1),
  SPLIT_PART: same('SPLIT_PART', 3, 3),
  CONCAT: (call) => {
    arity(call, 1, 99);
    return `(${call.args.map((a) => `(${a})::text`).join(' || ')})`;
  },
  CONCAT_WS: (call) => {
    arity(call, 2, 99);
    return nullIfAnyNull(call.args, `CONCAT_WS(${call.args.join(', ')})`);
  },
  STARTSWITH: (call) => {
    arity(call, 2);
    return `STARTS_WITH(${call.args[0]}, ${call.args[1]})`;
  },
  ENDSWITH: (call) => {
    arity(call, 2);
    return `(RIGHT(${call.args[0]}, LENGTH(${call.args[1]})) = ${call.args[1]})`;
  },
  CONTAINS: (call) => {
    arity(call, 2);
    return `(STRPOS(${call.args[0]}, ${call.args[1]}) > 0)`;
  },
  CHARINDEX: (call) => {
    arity(call, 2);
    return `STRPOS(${call.args[1]}, ${call.args[0]})`;
  },
  MD5: same('MD5', 1, 1),
  SHA2: (call) => {
    arity(call, 1, 2);
    if (call.args.length === 2 && call.args[1] !== '256') throw SnowflakeError.unsupported('SHA2 with a digest size other than 256');
    return `ENCODE(SHA256(CONVERT_TO((${call.args[0]})::text, 'UTF8')), 'hex')`;
  },
  REGEXP_REPLACE: (call) => {
    arity(call, 2, 3);
    return `REGEXP_REPLACE(${call.args[0]}, ${call.args[1]}, ${call.args[2] ?? "''"}, 'g')`;
  },
  REGEXP_LIKE: (call) => {
    arity(call, 2);
    return `((${call.args[0]}) ~ ('^(?:' || (${call.args[1]}) || ')$'))`;
  },
  REGEXP_INSTR: (call) => {
    // The 2-argument form only (position of the first match, 0 when none, NULL on NULL input).
    arity(call, 2, 2);
    return `REGEXP_INSTR(${call.args[0]}, ${call.args[1]})`;
  },
  // dates and times
  DATE_TRUNC: (call) => {
    arity(call, 2);
    return `${c}.date_trunc(${datePart(call, 0)}, ${call.args[1]})`;
  },
  DATEADD: (call) => {
    arity(call, 3);
    return `${c}.dateadd(${datePart(call, 0)}, ${call.args[1]}, ${call.args[2]})`;
  },
  TIMESTAMPADD: (call) => (RULES.DATEADD as Rule)(call),
  DATEDIFF: (call) => {
    arity(call, 3);
    return `${c}.datediff(${datePart(call, 0)}, ${call.args[1]}, ${call.args[2]})`;
  },
  TIMESTAMPDIFF: (call) => (RULES.DATEDIFF as Rule)(call),
  DATE_PART: (call) => {
    arity(call, 2);
    return `EXTRACT(${(call.raw[0]?.[0]?.value ?? '').toUpperCase()} FROM ${call.args[1]})::numeric(38,0)`;
  },
  LAST_DAY: (call) => {
    arity(call, 1);
    return `${c}.last_day((${call.args[0]})::date)`;
  },
  ...Object.fromEntries(
    ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'QUARTER', 'DAYOFYEAR', 'DAYOFMONTH'].map((part) => [
      part,
      (call: Call) => {
        arity(call, 1);
        const pgPart = part === 'DAYOFYEAR' ? 'DOY' : part === 'DAYOFMONTH' ? 'DAY' : part;
        return `FLOOR(EXTRACT(${pgPart} FROM ${call.args[0]}))::numeric(38,0)`;
      },
    ]),
  ),
  CURRENT_TIMESTAMP: (call) => {
    arity(call, 0, 1);
    return 'CURRENT_TIMESTAMP';
  },
  CURRENT_DATE: (call) => {
    arity(call, 0);
    return 'CURRENT_DATE';
  },
  SYSDATE: (call) => {
    arity(call, 0);
    return `(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')`;
  },
  GETDATE: (call) => {
    arity(call, 0);
    return 'CURRENT_TIMESTAMP';
  },
  // conversions
  TO_VARCHAR: (call) => {
    arity(call, 1);
    return `(${call.args[0]})::text`;
  },
  TO_CHAR: (call) => (RULES.TO_VARCHAR as Rule)(call),
  TO_NUMBER: (call) => {
    arity(call, 1, 3);
    const [, p = '38', s = '0'] = call.args;
    return `(${call.args[0]})::numeric(${p},${s})`;
  },
  TO_DECIMAL: (call) => (RULES.TO_NUMBER as Rule)(call),
  TO_NUMERIC: (call) => (RULES.TO_NUMBER as Rule)(call),
  TO_DOUBLE: (call) => {
    arity(call, 1);
    return `(${call.args[0]})::double precision`;
  },
  TO_BOOLEAN: (call) => {
    arity(call, 1);
    return `(${call.args[0]})::boolean`;
  },
  TO_DATE: (call) => {
    arity(call, 1);
    return `(${call.args[0]})::date`;
  },
  TO_TIMESTAMP: (call) => {
    arity(call, 1);
    return `(${call.args[0]})::timestamp`;
  },
  TO_TIMESTAMP_NTZ: (call) => (RULES.TO_TIMESTAMP as Rule)(call),
  TO_TIMESTAMP_LTZ: (call) => {
    arity(call, 1);
    return `(${call.args[0]})::timestamptz`;
  },
  TRY_TO_NUMBER: (call) => {
    arity(call, 1, 3);
    const [, p = '38', s = '0'] = call.args;
    return `${c}.try_to_number((${call.args[0]})::text)::numeric(${p},${s})`;
  },
  TRY_TO_DECIMAL: (call) => (RULES.TRY_TO_NUMBER as Rule)(call),
  TRY_TO_DOUBLE: (call) => `${c}.try_to_double((${call.args[0]})::text)`,
  TRY_TO_DATE: (call) => `${c}.try_to_date((${call.args[0]})::text)`,
  TRY_TO_TIMESTAMP: (call) => `${c}.try_to_timestamp((${call.args[0]})::text)`,
  TRY_TO_BOOLEAN: (call) => `${c}.try_to_boolean((${call.args[0]})::text)`,
  PARSE_JSON: (call) => {
    arity(call, 1);
    return `(${call.args[0]})::jsonb`;
  },
  // session context
  CURRENT_DATABASE: contextValue((ctx) => ctx.database),
  CURRENT_SCHEMA: contextValue((ctx) => ctx.schema),
  CURRENT_ROLE: contextValue((ctx) => ctx.role),
  CURRENT_USER: contextValue((ctx) => ctx.user),
  CURRENT_WAREHOUSE: contextValue((ctx) => ctx.warehouse),
  CURRENT_SESSION: contextValue((ctx) => ctx.sessionId),
  LAST_QUERY_ID: contextValue((ctx) => ctx.lastQueryId),
  'SYSTEM$WAIT': (call) => {
    arity(call, 1, 2);
    const unit = call.raw[1]?.[0]?.value.toUpperCase() ?? 'SECONDS';
    const scale = unit === 'MILLISECONDS' ? 0.001 : unit === 'MINUTES' ? 60 : unit === 'SECONDS' ? 1 : NaN;
    if (Number.isNaN(scale)) throw SnowflakeError.compilation('001003', '42000', `invalid unit ${unit} for SYSTEM$WAIT`);
    return `(SELECT 'waited ' || (${call.args[0]})::text || ' ' || ${literal(unit.toLowerCase())} FROM (SELECT pg_sleep((${call.args[0]}) * ${scale})) AS "w")`;
  },
  UUID_STRING: (call) => {
    arity(call, 0);
    return 'gen_random_uuid()::text';
  },
};

/** The typed TRY_CAST target functions (TRY_CAST(x AS <type>)), by the Postgres type it maps to. */
export function tryCast(expr: string, pgType: string): string {
  const t = pgType.toLowerCase();
  const text = `(${expr})::text`;
  if (t.startsWith('numeric')) return `${c}.try_to_number(${text})::${pgType}`;
  if (t === 'double precision') return `${c}.try_to_double(${text})`;
  if (t === 'date') return `${c}.try_to_date(${text})`;
  if (t.startsWith('timestamptz')) return `${c}.try_to_timestamp_ltz(${text})::${pgType}`;
  if (t.startsWith('timestamp')) return `${c}.try_to_timestamp(${text})::${pgType}`;
  if (t === 'boolean') return `${c}.try_to_boolean(${text})`;
  if (t === 'text' || t.startsWith('varchar')) return `${text}::${pgType}`;
  throw SnowflakeError.unsupported(`TRY_CAST to ${pgType}`);
}

export function translateCall(call: Call): string {
  const rule = RULES[call.name];
  if (!rule) throw SnowflakeError.unknownFunction(call.name);
  if (call.distinct && !['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'LISTAGG'].includes(call.name)) {
    throw SnowflakeError.syntax(`unexpected 'DISTINCT' in ${call.name}`);
  }
  return rule(call);
}

export function isKnownFunction(name: string): boolean {
  return name in RULES;
}

// Postgres objects that give the engine under the stand-in Snowflake's semantics where Postgres'
// differ: integer division that does not truncate (Snowflake's `/` always returns a decimal),
// DATE_TRUNC of a DATE that stays a DATE, DATEADD / DATEDIFF by date part, and TRY_ casts that
// return NULL instead of failing. Every session puts schema `sf_compat` before pg_catalog on its
// search_path, so its operators win over Postgres' built-in ones for the same argument types.

export const COMPAT_SCHEMA = 'sf_compat';

const INT_TYPES = ['int2', 'int4', 'int8'];

function divisionOperators(): string[] {
  const out: string[] = [];
  for (const l of INT_TYPES) {
    for (const r of INT_TYPES) {
      const fn = `${COMPAT_SCHEMA}.div_${l}_${r}`;
      out.push(
        `CREATE OR REPLACE FUNCTION ${fn}(a ${l}, b ${r}) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS 'SELECT a::numeric / b::numeric'`,
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
                           WHERE n.nspname = '${COMPAT_SCHEMA}' AND o.oprname = '/' AND o.oprleft = '${l}'::regtype AND o.oprright = '${r}'::regtype) THEN
             CREATE OPERATOR ${COMPAT_SCHEMA}./ (LEFTARG = ${l}, RIGHTARG = ${r}, FUNCTION = ${fn});
           END IF;
         END $$`,
      );
    }
  }
  return out;
}

/** Date parts Snowflake accepts, mapped to the canonical part. */
const PART_CASE = `CASE upper(part)
    WHEN 'Y' THEN 'year' WHEN 'YY' THEN 'year' WHEN 'YYY' THEN 'year' WHEN 'YYYY' THEN 'year' WHEN 'YR' THEN 'year' WHEN 'YEAR' THEN 'year' WHEN 'YEARS' THEN 'year' WHEN 'YRS' THEN 'year'
    WHEN 'Q' THEN 'quarter' WHEN 'QTR' THEN 'quarter' WHEN 'QTRS' THEN 'quarter' WHEN 'QUARTER' THEN 'quarter' WHEN 'QUARTERS' THEN 'quarter'
    WHEN 'MM' THEN 'month' WHEN 'MON' THEN 'month' WHEN 'MONS' THEN 'month' WHEN 'MONTH' THEN 'month' WHEN 'MONTHS' THEN 'month'
    WHEN 'W' THEN 'week' WHEN 'WK' THEN 'week' WHEN 'WEEK' THEN 'week' WHEN 'WEEKS' THEN 'week' WHEN 'WEEKOFYEAR' THEN 'week'
    WHEN 'D' THEN 'day' WHEN 'DD' THEN 'day' WHEN 'DAY' THEN 'day' WHEN 'DAYS' THEN 'day' WHEN 'DAYOFMONTH' THEN 'day'
    WHEN 'H' THEN 'hour' WHEN 'HH' THEN 'hour' WHEN 'HR' THEN 'hour' WHEN 'HOUR' THEN 'hour' WHEN 'HOURS' THEN 'hour' WHEN 'HRS' THEN 'hour'
    WHEN 'M' THEN 'minute' WHEN 'MI' THEN 'minute' WHEN 'MIN' THEN 'minute' WHEN 'MINUTE' THEN 'minute' WHEN 'MINUTES' THEN 'minute' WHEN 'MINS' THEN 'minute'
    WHEN 'S' THEN 'second' WHEN 'SEC' THEN 'second' WHEN 'SECOND' THEN 'second' WHEN 'SECONDS' THEN 'second' WHEN 'SECS' THEN 'second'
    WHEN 'MS' THEN 'millisecond' WHEN 'MSEC' THEN 'millisecond' WHEN 'MILLISECOND' THEN 'millisecond' WHEN 'MILLISECONDS' THEN 'millisecond'
    ELSE NULL END`;

function dateFunctions(): string[] {
  const s = COMPAT_SCHEMA;
  const out = [
    `CREATE OR REPLACE FUNCTION ${s}.date_part_name(part text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
     DECLARE p text := ${PART_CASE};
     BEGIN
       IF p IS NULL THEN RAISE EXCEPTION 'invalid date part %', part USING ERRCODE = '22023'; END IF;
       RETURN p;
     END $$`,
    `CREATE OR REPLACE FUNCTION ${s}.date_trunc(part text, d date) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT pg_catalog.date_trunc(${s}.date_part_name(part), d::timestamp)::date $$`,
    `CREATE OR REPLACE FUNCTION ${s}.date_trunc(part text, t timestamp) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT pg_catalog.date_trunc(${s}.date_part_name(part), t) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.date_trunc(part text, t timestamptz) RETURNS timestamptz LANGUAGE sql STABLE STRICT AS
     $$ SELECT pg_catalog.date_trunc(${s}.date_part_name(part), t) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.part_interval(part text, n numeric) RETURNS interval LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT CASE ${s}.date_part_name(part)
          WHEN 'year' THEN make_interval(years => n::int) WHEN 'quarter' THEN make_interval(months => 3 * n::int)
          WHEN 'month' THEN make_interval(months => n::int) WHEN 'week' THEN make_interval(weeks => n::int)
          WHEN 'day' THEN make_interval(days => n::int) WHEN 'hour' THEN make_interval(hours => n::int)
          WHEN 'minute' THEN make_interval(mins => n::int) WHEN 'second' THEN make_interval(secs => n::double precision)
          ELSE make_interval(secs => n::double precision / 1000) END $$`,
    `CREATE OR REPLACE FUNCTION ${s}.dateadd(part text, n numeric, d date) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT d::timestamp + ${s}.part_interval(part, n) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.dateadd(part text, n numeric, t timestamp) RETURNS timestamp LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT t + ${s}.part_interval(part, n) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.dateadd(part text, n numeric, t timestamptz) RETURNS timestamptz LANGUAGE sql STABLE STRICT AS
     $$ SELECT t + ${s}.part_interval(part, n) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.datediff(part text, a timestamp, b timestamp) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT CASE ${s}.date_part_name(part)
          WHEN 'year' THEN extract(year FROM b) - extract(year FROM a)
          WHEN 'quarter' THEN (extract(year FROM b) * 4 + extract(quarter FROM b)) - (extract(year FROM a) * 4 + extract(quarter FROM a))
          WHEN 'month' THEN (extract(year FROM b) * 12 + extract(month FROM b)) - (extract(year FROM a) * 12 + extract(month FROM a))
          WHEN 'week' THEN (pg_catalog.date_trunc('week', b)::date - pg_catalog.date_trunc('week', a)::date) / 7
          WHEN 'day' THEN b::date - a::date
          WHEN 'hour' THEN extract(epoch FROM pg_catalog.date_trunc('hour', b) - pg_catalog.date_trunc('hour', a)) / 3600
          WHEN 'minute' THEN extract(epoch FROM pg_catalog.date_trunc('minute', b) - pg_catalog.date_trunc('minute', a)) / 60
          WHEN 'second' THEN extract(epoch FROM pg_catalog.date_trunc('second', b) - pg_catalog.date_trunc('second', a))
          ELSE floor(extract(epoch FROM b - a) * 1000) END::numeric(38,0) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.datediff(part text, a date, b date) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT ${s}.datediff(part, a::timestamp, b::timestamp) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.datediff(part text, a timestamptz, b timestamptz) RETURNS numeric LANGUAGE sql STABLE STRICT AS
     $$ SELECT ${s}.datediff(part, a::timestamp, b::timestamp) $$`,
    `CREATE OR REPLACE FUNCTION ${s}.last_day(d date) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS
     $$ SELECT (pg_catalog.date_trunc('month', d) + interval '1 month' - interval '1 day')::date $$`,
  ];
  return out;
}

function tryCasts(): string[] {
  const s = COMPAT_SCHEMA;
  const targets: [string, string][] = [
    ['try_to_number', 'numeric'],
    ['try_to_double', 'double precision'],
    ['try_to_date', 'date'],
    ['try_to_timestamp', 'timestamp'],
    ['try_to_timestamp_ltz', 'timestamptz'],
    ['try_to_boolean', 'boolean'],
  ];
  return targets.map(
    ([name, type]) =>
      `CREATE OR REPLACE FUNCTION ${s}.${name}(v text) RETURNS ${type} LANGUAGE plpgsql STABLE AS $$
       BEGIN RETURN v::${type}; EXCEPTION WHEN others THEN RETURN NULL; END $$`,
  );
}

/**
 * Snowflake converts a VARCHAR to the column's type on INSERT / UPDATE (a bound string into a
 * TIMESTAMP or NUMBER column); Postgres only converts untyped literals. Assignment casts (never
 * implicit ones, which would change how comparisons resolve) give the same conversion. Creating a
 * cast between built-in types needs a superuser; without one this is skipped.
 */
function assignmentCasts(): string[] {
  const targets = ['numeric', 'double precision', 'date', 'time', 'timestamp', 'timestamptz', 'boolean', 'jsonb', 'bytea'];
  return targets.map(
    (t) => `DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_cast WHERE castsource = 'text'::regtype AND casttarget = '${t}'::regtype)
         AND (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        CREATE CAST (text AS ${t}) WITH INOUT AS ASSIGNMENT;
      END IF;
    END $$`,
  );
}

export function compatStatements(): string[] {
  return [`CREATE SCHEMA IF NOT EXISTS ${COMPAT_SCHEMA}`, ...divisionOperators(), ...dateFunctions(), ...tryCasts(), ...assignmentCasts()];
}

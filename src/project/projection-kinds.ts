// Whether adding a projection can change which rows a query returns: the vocabulary, and the
// function names known to be scalar or aggregate. sql-parser.ts classifies the parser's tree with
// them; a name not listed is treated as possibly set-returning ("other"), so it is breaking.

/**
 * - `scalar`: one value per input row (columns, literals, operators, CASE, casts, known scalar
 *   functions, window functions): never changes the row set.
 * - `aggregate`: a known aggregate without OVER: collapses rows unless the query already groups.
 * - `other`: anything else (set-returning or unknown functions, subqueries): may change the rows.
 */
export type ProjectionKind = 'scalar' | 'aggregate' | 'other';

/**
 * How the outermost SELECT's clauses group its rows: `none` (though aggregate projections may
 * still make it one group); `by` (an explicit GROUP BY list); `all` (GROUP BY ALL: every
 * non-aggregate projection is a key, so any new one regroups); `having` (HAVING without GROUP BY:
 * one group).
 */
export type Grouping = 'none' | 'by' | 'all' | 'having';

/** Whether ORDER BY / GROUP BY name output columns by position (`1`) or all at once (`ALL`). */
export type Positional = 'none' | 'index' | 'all';

// Functions that return exactly one value per call, in Postgres, DuckDB and Snowflake. A name not
// listed here is treated as possibly set-returning (unnest, generate_series, user functions).
export const SCALAR_FUNCTIONS = new Set(
  `abs acos asin atan atan2 ceil ceiling cos cot degrees div exp floor ln log log10 log2 mod pi power pow
  radians random round sign sin sqrt cbrt tan trunc truncate width_bucket greatest least coalesce nullif
  ifnull nvl nvl2 iff if zeroifnull nullifzero decode cast try_cast safe_cast convert
  ascii chr char_length character_length length len octet_length bit_length lower upper initcap lcase ucase
  trim ltrim rtrim btrim substr substring left right replace translate concat concat_ws lpad rpad repeat
  reverse split_part strpos position instr starts_with startswith ends_with endswith contains md5 sha1
  sha2 sha256 hash format to_char to_date to_timestamp to_timestamp_ntz to_timestamp_tz to_number
  to_decimal to_double to_varchar to_boolean try_to_number try_to_date try_to_timestamp date_trunc
  datetrunc date_part datepart extract datediff date_diff dateadd date_add date_sub timestampadd
  timestampdiff timestamp_trunc age now current_date current_time current_timestamp localtimestamp
  make_date make_time make_timestamp last_day year month day hour minute second quarter week dayofweek
  dayofyear dayname monthname epoch epoch_ms strftime strptime date time timestamp
  regexp_replace regexp_substr regexp_like regexp_match regexp_matches_any regexp_count regexp_instr
  regexp_extract regexp_full_match like ilike array_length cardinality array_to_string string_to_array
  array_position array_contains array_append array_prepend array_cat array_size array_construct
  list_value list_extract array_extract element_at json_extract json_extract_path json_extract_path_text
  jsonb_extract_path jsonb_extract_path_text json_extract_string json_value parse_json to_json to_jsonb
  to_variant json_build_object jsonb_build_object json_build_array jsonb_build_array object_construct
  get get_path row struct_pack struct_extract gen_random_uuid uuid uuid_string quote_ident quote_literal
  encode decode_base64 base64 to_hex hex unhex bool boolean`.split(/\s+/),
);

export const AGGREGATE_FUNCTIONS = new Set(
  `count sum avg min max array_agg string_agg listagg group_concat bool_and bool_or booland_agg boolor_agg
  every stddev stddev_pop stddev_samp variance var_pop var_samp median mode percentile_cont
  percentile_disc approx_count_distinct approx_distinct approx_percentile count_if countif any_value
  arbitrary first last first_value_agg json_agg jsonb_agg json_object_agg jsonb_object_agg object_agg
  corr covar_pop covar_samp bit_and bit_or bit_xor product list histogram kurtosis skewness max_by
  min_by arg_max arg_min argmax argmin hll`.split(/\s+/),
);

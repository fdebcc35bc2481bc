-- Customer export from the shop's CRM, loaded as a seed so the example runs anywhere.
MODEL (
  name raw.customers,
  kind SEED (
    path 'raw_customers.csv'
  ),
  columns (
    id integer,
    first_name text,
    last_name text,
    email text,
    country text,
    signed_up_at timestamp
  ),
  grain id,
  description 'Raw customers as exported from the CRM (one row per account).',
  owner data_platform,
  tags (raw, seed, pii)
);

MODEL (
  name stg.customers,
  dialect postgres,
  kind FULL,
  grain customer_id,
  description 'Customers with tidy names, a normalized email and an upper-case country code.',
  owner analytics_engineering,
  tags (staging)
);

SELECT
  c.id AS customer_id,
  trim(c.first_name) AS first_name,
  trim(c.last_name) AS last_name,
  -- Emails arrive with stray spaces and mixed case; an empty one means "unknown".
  nullif(lower(trim(c.email)), '') AS email,
  upper(c.country) AS country_code,
  c.signed_up_at::date AS signup_date
FROM raw.customers AS c

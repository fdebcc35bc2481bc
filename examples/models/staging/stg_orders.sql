MODEL (
  name stg.orders,
  dialect postgres,
  kind FULL,
  grain order_id,
  description 'Orders with a cleaned status and amounts in currency units.',
  owner analytics_engineering,
  tags (staging, finance)
);

SELECT
  o.id AS order_id,
  o.customer_id,
  o.order_date,
  lower(trim(o.status)) AS status,
  /* Cancelled and returned orders stay in staging; marts decide what counts as revenue. */
  lower(trim(o.status)) IN ('cancelled', 'returned') AS is_voided,
  round(o.amount_cents / 100.0, 2)::numeric(12, 2) AS amount
FROM raw.orders AS o

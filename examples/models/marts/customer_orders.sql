MODEL (
  name marts.customer_orders,
  dialect postgres,
  kind FULL,
  grain customer_id,
  description 'One row per customer: order counts, first/last order and net paid revenue.',
  owner analytics,
  cron '@daily',
  tags (marts, finance, pii)
);

WITH order_payments AS (
  -- Payments rolled up to the order they settle.
  SELECT
    order_id,
    sum(amount) AS paid_amount
  FROM stg.payments
  GROUP BY order_id
),

orders AS (
  SELECT
    o.order_id,
    o.customer_id,
    o.order_date,
    o.is_voided,
    coalesce(op.paid_amount, 0) AS paid_amount
  FROM stg.orders AS o
  LEFT JOIN order_payments AS op ON op.order_id = o.order_id
)

SELECT
  c.customer_id,
  c.first_name,
  c.last_name,
  c.email,
  c.country_code,
  count(o.order_id) AS order_count,
  count(o.order_id) FILTER (WHERE NOT o.is_voided) AS completed_order_count,
  min(o.order_date) AS first_order_date,
  max(o.order_date) AS last_order_date,
  coalesce(sum(o.paid_amount) FILTER (WHERE NOT o.is_voided), 0)::numeric(12, 2) AS net_revenue
FROM stg.customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.first_name, c.last_name, c.email, c.country_code

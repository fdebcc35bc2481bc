MODEL (
  name marts.revenue_daily,
  dialect postgres,
  kind FULL,
  grain order_date,
  description 'Daily gross and net revenue; voided (cancelled/returned) orders are excluded from net.',
  owner analytics,
  cron '@daily',
  start '2024-03-01',
  tags (marts, finance)
);

SELECT
  o.order_date,
  count(*) AS orders,
  count(*) FILTER (WHERE o.status = 'cancelled') AS cancelled_orders,
  count(*) FILTER (WHERE o.status = 'returned') AS returned_orders,
  sum(o.amount)::numeric(12, 2) AS gross_revenue,
  coalesce(sum(o.amount) FILTER (WHERE NOT o.is_voided), 0)::numeric(12, 2) AS net_revenue
FROM stg.orders AS o
GROUP BY o.order_date

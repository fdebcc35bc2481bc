-- A view: cheap to rebuild, always reflects the current customer_orders table.
MODEL (
  name marts.customer_lifetime_value,
  dialect postgres,
  kind VIEW,
  grain customer_id,
  description 'Customer lifetime value with a simple value tier, ranked by net revenue.',
  owner analytics,
  tags (marts)
);

SELECT
  co.customer_id,
  co.first_name || ' ' || co.last_name AS customer_name,
  co.net_revenue AS lifetime_value,
  CASE
    WHEN co.net_revenue >= 200 THEN 'high'
    WHEN co.net_revenue >= 50 THEN 'medium'
    WHEN co.completed_order_count > 0 THEN 'low'
    ELSE 'none'
  END AS value_tier,
  rank() OVER (ORDER BY co.net_revenue DESC) AS value_rank,
  CASE
    WHEN co.completed_order_count = 0 THEN NULL
    ELSE round(co.net_revenue / co.completed_order_count, 2)
  END AS average_order_value
FROM marts.customer_orders AS co

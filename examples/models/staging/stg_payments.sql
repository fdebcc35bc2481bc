MODEL (
  name stg.payments,
  dialect postgres,
  kind FULL,
  grain payment_id,
  description 'Payments in currency units, with the method grouped for reporting.',
  owner analytics_engineering,
  tags (staging, finance)
);

SELECT
  p.id AS payment_id,
  p.order_id,
  p.payment_method,
  CASE
    WHEN p.payment_method IN ('gift_card', 'coupon') THEN 'store_credit'
    ELSE 'cash'
  END AS payment_group,
  round(p.amount_cents / 100.0, 2)::numeric(12, 2) AS amount
FROM raw.payments AS p

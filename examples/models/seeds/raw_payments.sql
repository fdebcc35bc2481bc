-- Payments from the payment provider. An order can be paid in several payments (gift card + card).
MODEL (
  name raw.payments,
  kind SEED (path 'raw_payments.csv'),
  columns (
    id integer,
    order_id integer,
    payment_method text,
    amount_cents integer,
    note text
  ),
  grain id,
  description 'Raw payments: one row per payment attempt that succeeded.',
  owner data_platform,
  tags (raw, seed)
);

-- Order headers from the shop database. Amounts are integer cents; status is free text.
MODEL (
  name raw.orders,
  kind SEED (
    path 'raw_orders.csv',
    batch_size 500
  ),
  columns (
    id integer,
    customer_id integer,
    order_date date,
    status text,
    amount_cents integer
  ),
  grain id,
  description 'Raw orders: one row per order, amounts in cents.',
  owner data_platform,
  tags (raw, seed)
);

-- The fleet. No columns: their types are inferred from the CSV (bigint, text, boolean, date).
MODEL (
  name raw.bikes,
  kind SEED (
    path "$root/seeds/bikes.csv"
  ),
  grain id,
  owner fleet
);

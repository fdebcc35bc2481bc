MODEL (
  name marts.bike_utilization,
  kind FULL,
  grain bike_id,
  description 'How much each bike was ridden.',
  column_descriptions (
    ride_minutes = 'Minutes ridden over all rides that were not cancelled'
  )
);

SELECT
  b.id AS bike_id,
  b.model,
  b.electric,
  COUNT(r.ride_id) AS rides,
  COALESCE(SUM(r.minutes), 0) AS ride_minutes
FROM raw.bikes AS b
LEFT JOIN staging.stg_rides AS r
  ON r.bike_id = b.id
GROUP BY b.id, b.model, b.electric

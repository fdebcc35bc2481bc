-- No kind: SQLMesh's default, a VIEW.
MODEL (
  name staging.stg_rides,
  grain ride_id,
  owner analytics,
  tags [staging],
  column_descriptions (
    ride_id = 'The ride''s id in the rental app',
    ride_date = 'The day the ride started',
    fare = 'What the rider paid, in euros'
  ),
  audits (
    assert_positive_minutes,
    -- Disputed rides need a look, but they do not stop a deploy: a warning in the PR comment.
    not_accepted_values_non_blocking(column := status, is_in := ('disputed'))
  )
);

SELECT
  ride_id,
  bike_id,
  rider_id,
  start_station_id,
  end_station_id,
  CAST(started_at AS DATE) AS ride_date,
  minutes,
  fare,
  status
FROM raw.rides
WHERE status <> 'cancelled'

-- Rides of at least half an hour. (SQLMesh would write the threshold as
-- @VAR('long_ride_minutes', 30), from config.yaml's variables.)
MODEL (
  name marts.long_rides,
  kind VIEW,
  grain ride_id
);

SELECT
  ride_id,
  bike_id,
  ride_date,
  minutes,
  fare
FROM staging.stg_rides
WHERE minutes >= 30

-- Rides of at least long_ride_minutes (config.yaml's variables; 30 when it is not set).
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
WHERE minutes >= @VAR('long_ride_minutes', 30)

MODEL (
  name marts.station_daily,
  kind FULL,
  grain (station_id, ride_date),
  description 'Rides started per station and day, with minutes ridden and revenue.',
  cron '@daily',
  audits (
    not_null(columns := (station_id, ride_date)),
    accepted_range(column := rides, min_v := 1)
  )
);

SELECT
  s.id AS station_id,
  s.name AS station,
  r.ride_date,
  COUNT(*) AS rides,
  SUM(r.minutes) AS ride_minutes,
  CAST(SUM(r.fare) AS DECIMAL(10, 2)) AS revenue
FROM staging.stg_rides AS r
JOIN raw.stations AS s
  ON s.id = r.start_station_id
GROUP BY s.id, s.name, r.ride_date

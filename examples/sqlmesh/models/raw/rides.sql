-- One row per ride, as exported by the rental app. The path is relative to this file.
MODEL (
  name raw.rides,
  kind SEED (
    path '../../seeds/rides.csv',
    batch_size 500
  ),
  grain ride_id,
  audits (
    not_null(columns := (ride_id, bike_id, started_at)),
    unique_values(columns := [ride_id]),
    accepted_values(column := status, is_in := ('completed', 'cancelled', 'disputed'))
  )
);

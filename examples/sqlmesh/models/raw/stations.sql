-- Docking stations. Columns are declared in DuckDB's types; vde maps DOUBLE and VARCHAR to types
-- every engine it runs on knows.
MODEL (
  name raw.stations,
  kind SEED (
    path '$root/seeds/stations.csv'
  ),
  columns (
    id INTEGER,
    name VARCHAR,
    district VARCHAR,
    latitude DOUBLE,
    longitude DOUBLE,
    docks INTEGER
  ),
  grain id,
  description 'Docking stations and how many bikes each can hold.'
);

-- timescaledb stand-in: update 2.17.2 to 2.19.3 (extguard tests only; see loader.c)
\echo Use "ALTER EXTENSION timescaledb UPDATE" to load this file. \quit

ALTER TABLE _timescaledb_catalog.hypertable ADD COLUMN compression_state smallint NOT NULL DEFAULT 0;

-- MODULE_PATHNAME is the new control file's: $libdir/timescaledb-2.19.3.
CREATE OR REPLACE FUNCTION _timescaledb_functions.stand_in_library_version() RETURNS text
    AS 'MODULE_PATHNAME', 'ts_stand_in_library_version' LANGUAGE C STRICT;

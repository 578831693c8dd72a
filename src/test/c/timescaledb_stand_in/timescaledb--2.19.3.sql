-- timescaledb stand-in 2.19.3 (extguard tests only; see loader.c)
\echo Use "CREATE EXTENSION timescaledb" to load this file. \quit

-- The loader treats the extension as installed once this proxy table exists
-- (extension_utils.c: get_proxy_table_relid()), as TimescaleDB does.
CREATE SCHEMA _timescaledb_cache;
CREATE TABLE _timescaledb_cache.cache_inval_extension ();

CREATE SCHEMA _timescaledb_catalog;
CREATE TABLE _timescaledb_catalog.hypertable (
    id serial PRIMARY KEY,
    schema_name name NOT NULL,
    table_name name NOT NULL,
    time_column name NOT NULL,
    library_version text NOT NULL,
    compression_state smallint NOT NULL DEFAULT 0,
    UNIQUE (schema_name, table_name)
);

CREATE SCHEMA _timescaledb_functions;
CREATE FUNCTION _timescaledb_functions.stand_in_library_version() RETURNS text
    AS 'MODULE_PATHNAME', 'ts_stand_in_library_version' LANGUAGE C STRICT;

-- Registers a table as a hypertable, through the versioned library: refuses
-- when the loaded library is not the catalog's version.
CREATE FUNCTION create_hypertable(relation regclass, time_column_name name)
    RETURNS TABLE (hypertable_id int, schema_name name, table_name name, created bool)
    LANGUAGE plpgsql AS $$
DECLARE
    library text := _timescaledb_functions.stand_in_library_version();
    catalog text := (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'timescaledb');
BEGIN
    IF library <> catalog THEN
        RAISE EXCEPTION 'timescaledb library % does not match the catalog version %', library, catalog;
    END IF;
    RETURN QUERY
    INSERT INTO _timescaledb_catalog.hypertable AS h (schema_name, table_name, time_column, library_version)
    SELECT n.nspname, c.relname, time_column_name, library
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = relation
    RETURNING h.id, h.schema_name, h.table_name, true;
END
$$;

-- extguard_fixture 1.0 -> 2.0
\echo Use "ALTER EXTENSION extguard_fixture UPDATE" to load this file. \quit

-- Must not call the fixture's C functions: like Citus, they refuse to run
-- until this update has finished (the script only creates objects).

CREATE FUNCTION extguard_fixture_v2_feature() RETURNS text
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'extguard_fixture_v2_feature';

-- Tests make the update fail in a single database by creating a table of this
-- name there first ("relation ... already exists").
CREATE TABLE @extschema@.extguard_fixture_v2_marker (
    id integer PRIMARY KEY,
    note text
);

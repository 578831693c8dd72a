-- extguard_fixture 2.0 (fresh install: same objects as 1.0 plus the 1.0--2.0 update)
\echo Use "CREATE EXTENSION extguard_fixture" to load this file. \quit

CREATE FUNCTION extguard_fixture_version() RETURNS text
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'extguard_fixture_version';

CREATE FUNCTION extguard_fixture_v2_feature() RETURNS text
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'extguard_fixture_v2_feature';

CREATE TABLE @extschema@.extguard_fixture_v2_marker (
    id integer PRIMARY KEY,
    note text
);

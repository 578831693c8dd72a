-- extguard_fixture 1.0
\echo Use "CREATE EXTENSION extguard_fixture" to load this file. \quit

CREATE FUNCTION extguard_fixture_version() RETURNS text
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', 'extguard_fixture_version';

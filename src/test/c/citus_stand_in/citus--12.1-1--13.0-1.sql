-- citus stand-in 12.1-1 -> 13.0-1 (extguard tests only; see citus_stand_in.c)
\echo Use "ALTER EXTENSION citus UPDATE" to load this file. \quit

-- Must not call the stand-in's C functions: like Citus's, they refuse to run
-- while the installed version differs from the loaded library (the script
-- only creates objects).

-- Something that exists only from 13.0-1 on. Tests can make the update fail on
-- one node and database by creating a function of this name and signature in
-- pg_catalog first ("function ... already exists with same argument types").
CREATE FUNCTION pg_catalog.citus_stand_in_v13_feature()
    RETURNS text
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', $$citus_stand_in_v13_feature$$;

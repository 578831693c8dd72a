-- citus stand-in 13.0-1, fresh install (extguard tests only; see citus_stand_in.c):
-- the objects of citus--12.1-1.sql plus those of citus--12.1-1--13.0-1.sql.
-- CitusStandInTest checks that both ways end with the same objects.
\echo Use "CREATE EXTENSION citus" to load this file. \quit

-- Like Citus's own scripts, relations are created in schema citus and then
-- moved to pg_catalog: creating a relation directly in pg_catalog needs
-- allow_system_table_mods, moving one there does not.
CREATE SCHEMA citus;

-- pg_dist_node: the coordinator's list of nodes, one copy per database
-- (Citus keeps its metadata per database). Columns as in Citus.
CREATE SEQUENCE citus.pg_dist_node_nodeid_seq MINVALUE 1 NO CYCLE;
CREATE TABLE citus.pg_dist_node (
    nodeid int NOT NULL DEFAULT nextval('citus.pg_dist_node_nodeid_seq') PRIMARY KEY,
    groupid int NOT NULL,
    nodename text NOT NULL,
    nodeport int NOT NULL DEFAULT 5432,
    noderack text NOT NULL DEFAULT 'default',
    hasmetadata bool NOT NULL DEFAULT false,
    isactive bool NOT NULL DEFAULT true,
    noderole text NOT NULL DEFAULT 'primary',  -- an enum type (noderole) in Citus
    nodecluster name NOT NULL DEFAULT 'default',
    shouldhaveshards bool NOT NULL DEFAULT true,
    UNIQUE (nodename, nodeport)
);
ALTER SEQUENCE citus.pg_dist_node_nodeid_seq SET SCHEMA pg_catalog;
ALTER TABLE citus.pg_dist_node SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.pg_dist_node TO public;

-- pg_dist_local_group: this node's group, exactly one row; 0 = coordinator,
-- > 0 = worker (Citus writes a worker's group when the coordinator syncs
-- metadata to it; the stand-in's tests set it by hand:
--     UPDATE pg_catalog.pg_dist_local_group SET groupid = <group>;).
-- Same definition as Citus's (citus--6.0-8--6.0-9.sql), plus a one-row index.
CREATE TABLE citus.pg_dist_local_group (
    groupid int NOT NULL PRIMARY KEY
);
CREATE UNIQUE INDEX pg_dist_local_group_one_row ON citus.pg_dist_local_group ((true));
INSERT INTO citus.pg_dist_local_group VALUES (0);
ALTER TABLE citus.pg_dist_local_group SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.pg_dist_local_group TO public;

-- Not in Citus: where the stand-in's citus_finish_citus_upgrade() records its
-- calls, so that tests can count them per database and node.
CREATE TABLE citus.citus_stand_in_finish_calls (
    called_at timestamptz NOT NULL DEFAULT now(),
    database_name name NOT NULL,
    extension_version text NOT NULL,
    local_groupid int
);
ALTER TABLE citus.citus_stand_in_finish_calls SET SCHEMA pg_catalog;
GRANT SELECT ON pg_catalog.citus_stand_in_finish_calls TO public;

-- C functions: all of them run the version check first, as Citus's do
-- (CheckCitusVersion(ERROR)).
CREATE FUNCTION pg_catalog.citus_version()
    RETURNS text
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', $$citus_version$$;
COMMENT ON FUNCTION pg_catalog.citus_version()
    IS 'Citus version string (stand-in)';

CREATE FUNCTION pg_catalog.citus_is_coordinator()
    RETURNS bool
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', $$citus_is_coordinator$$;
COMMENT ON FUNCTION pg_catalog.citus_is_coordinator()
    IS 'returns whether the current node is a coordinator (stand-in)';

CREATE FUNCTION pg_catalog.citus_get_active_worker_nodes(OUT node_name text, OUT node_port bigint)
    RETURNS SETOF record
    LANGUAGE C STRICT ROWS 100
    AS 'MODULE_PATHNAME', $$citus_get_active_worker_nodes$$;
COMMENT ON FUNCTION pg_catalog.citus_get_active_worker_nodes()
    IS 'fetch set of active worker nodes (stand-in)';

-- Citus (since 11.0, src/backend/distributed/sql/udfs/citus_finish_citus_upgrade/)
-- defines this PL/pgSQL procedure, to be CALLed once on the coordinator after
-- ALTER EXTENSION citus UPDATE ran on all nodes ("Upgrading Citus" docs). The
-- stand-in only records the call.
CREATE PROCEDURE pg_catalog.citus_finish_citus_upgrade()
    LANGUAGE plpgsql
    SET search_path = pg_catalog
    AS $cppu$
BEGIN
    INSERT INTO pg_catalog.citus_stand_in_finish_calls
        (called_at, database_name, extension_version, local_groupid)
    SELECT now(), current_database(),
           (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'citus'),
           (SELECT groupid FROM pg_catalog.pg_dist_local_group);
END;
$cppu$;
COMMENT ON PROCEDURE pg_catalog.citus_finish_citus_upgrade()
    IS 'after upgrading Citus on all nodes call this function to upgrade the distributed schema (stand-in: records the call)';

-- as in citus--12.1-1--13.0-1.sql
CREATE FUNCTION pg_catalog.citus_stand_in_v13_feature()
    RETURNS text
    LANGUAGE C STRICT
    AS 'MODULE_PATHNAME', $$citus_stand_in_v13_feature$$;

-- Runs once, when the postgres service initialises an empty data directory (after the image's own
-- script, which creates citus in the postgres database). Two tenant databases with the extensions
-- whose versions extguard keeps in line with the server's libraries.
CREATE DATABASE tenant_a;
CREATE DATABASE tenant_b;
\connect tenant_a
CREATE EXTENSION citus;
CREATE EXTENSION vector;
\connect tenant_b
CREATE EXTENSION citus;
CREATE EXTENSION vector;

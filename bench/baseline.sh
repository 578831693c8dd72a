#!/usr/bin/env bash
# The baseline: what people run today. One psql per database, which runs ALTER EXTENSION ...
# UPDATE for every extension installed there. Sequential, as such loops are. Connection from
# PGHOST/PGPORT/PGUSER; psql from $PSQL (default: psql on PATH).
set -euo pipefail
PSQL=${PSQL:-psql}
for db in $("$PSQL" -X -At -d postgres -c "SELECT datname FROM pg_database WHERE datallowconn"); do
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
SELECT format('ALTER EXTENSION %I UPDATE', extname) FROM pg_extension \gexec
SQL
done

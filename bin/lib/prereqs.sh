# shellcheck shell=bash
# Sourced by bin/test and bin/demo: makes sure the machine has what they need before anything long
# starts.
#
#   . bin/lib/prereqs.sh
#   extguard_require test|fast|demo|demo-client || exit 1
#
# Each prerequisite is checked by looking for the files the tests or the demo use (tools on PATH,
# PostgreSQL 15 under Debian's /usr/lib/postgresql/15). As root on a machine with apt-get, what is
# missing is installed (apt-get update once, only when something is missing). Elsewhere it names
# every missing Debian package at once and returns 1 within seconds, before any build.
# It also checks for a JDK 21+ (bin/lib/java.sh), which it never installs: Debian 12 has none.

EXTGUARD_PG_MAJOR=15

# The PostgreSQL installation the tests copy (testsupport/SystemPostgres: Debian's PostgreSQL 15).
extguard_pg_config() {
    printf '%s\n' "/usr/lib/postgresql/$EXTGUARD_PG_MAJOR/bin/pg_config"
}

# Prints the Debian package for each prerequisite of MODE that is missing, one a line.
extguard_missing_packages() {
    local mode=$1 pgdir=/usr/lib/postgresql/$EXTGUARD_PG_MAJOR share=/usr/share/postgresql/$EXTGUARD_PG_MAJOR
    case "$mode" in
        fast)
            command -v promtool >/dev/null 2>&1 || echo prometheus
            ;;
        test)
            { [ -x "$pgdir/bin/initdb" ] && [ -x "$pgdir/bin/pg_ctl" ] && [ -x "$pgdir/bin/postgres" ]; } \
                || echo "postgresql-$EXTGUARD_PG_MAJOR"
            [ -f "$share/extension/hstore.control" ] || echo "postgresql-contrib-$EXTGUARD_PG_MAJOR"
            # The C test extension is built with PGXS against the server's headers.
            { [ -x "$pgdir/bin/pg_config" ] && [ -f "/usr/include/postgresql/$EXTGUARD_PG_MAJOR/server/postgres.h" ] \
                && [ -f "$pgdir/lib/pgxs/src/makefiles/pgxs.mk" ]; } \
                || echo "postgresql-server-dev-$EXTGUARD_PG_MAJOR"
            command -v gcc >/dev/null 2>&1 || echo gcc
            command -v make >/dev/null 2>&1 || echo make
            command -v promtool >/dev/null 2>&1 || echo prometheus
            { command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; } || echo pgbouncer
            [ -f "$share/extension/postgis.control" ] || echo "postgresql-$EXTGUARD_PG_MAJOR-postgis-3"
            # PostgreSQL 14, 16, 17 and 18 come from Maven Central as .txz archives (testsupport/PgVersions).
            command -v xz >/dev/null 2>&1 || echo xz-utils
            ;;
        demo)
            # Any PostgreSQL will do for the throwaway server; Debian's default is what gets installed.
            local dir found=false
            for dir in /usr/lib/postgresql/*/bin; do
                [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/psql" ] \
                    && [ -f "/usr/share/postgresql/$(basename "$(dirname "$dir")")/extension/hstore.control" ] \
                    && found=true
            done
            if ! $found && command -v pg_config >/dev/null 2>&1; then
                dir=$(pg_config --bindir 2>/dev/null || true)
                [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] \
                    && [ -f "$(pg_config --sharedir 2>/dev/null)/extension/hstore.control" ] && found=true
            fi
            $found || { echo postgresql; echo postgresql-contrib; }
            ;;
        demo-client)
            # The demo against your own server needs only psql.
            { command -v psql >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/psql' >/dev/null; } \
                || echo postgresql-client
            ;;
        *)
            echo "extguard_missing_packages: unknown mode $mode" >&2
            return 2
            ;;
    esac
}

extguard_can_apt() {
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && [ -f /etc/debian_version ]
}

extguard_require() {
    local mode=$1 missing jdk_ok=true
    missing=$(extguard_missing_packages "$mode" | sort -u | tr '\n' ' ')
    missing=${missing% }
    if [ -n "$missing" ] && extguard_can_apt; then
        printf 'Installing what is missing with apt-get: %s\n' "$missing" >&2
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086  # one word per package
        { apt-get update -qq && apt-get install -y -qq $missing >/dev/null; } \
            || { echo "error: apt-get install $missing failed (see above)" >&2; return 1; }
        missing=$(extguard_missing_packages "$mode" | sort -u | tr '\n' ' ')
        missing=${missing% }
        if [ -n "$missing" ]; then
            echo "error: still missing after apt-get install: $missing" >&2
            return 1
        fi
    fi
    ( . "$(dirname "${BASH_SOURCE[0]}")/java.sh" ) >/dev/null 2>&1 || jdk_ok=false
    # The deployment-recipe tests render the kustomizations with kubectl (1.27+, kustomize v5).
    # Debian 12's kubernetes-client is too old, so it is named here rather than installed.
    local kubectl_ok=true
    if [ "$mode" = test ] || [ "$mode" = fast ]; then
        command -v kubectl >/dev/null 2>&1 || kubectl_ok=false
    fi
    if [ -n "$missing" ] || ! $jdk_ok || ! $kubectl_ok; then
        {
            echo "error: missing prerequisites, so nothing was started:"
            $jdk_ok || echo "  - a JDK 21 or newer (java and javac; for example Temurin 21 or 25); point JAVA_HOME at it"
            $kubectl_ok || echo "  - kubectl 1.27 or newer on PATH (from Kubernetes' own packages: Debian 12's is too old)"
            if [ -n "$missing" ]; then
                echo "  - Debian packages: $missing"
                echo "Install them (as root this script does it by itself):"
                echo "  sudo apt-get install $missing"
            fi
        } >&2
        return 1
    fi
}

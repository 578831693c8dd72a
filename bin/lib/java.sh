# shellcheck shell=bash
# Sourced by bin/test and bin/demo: picks a JDK 21 or newer, whatever the machine's default java is.
#
#   . bin/lib/java.sh || exit 1
#
# Order: $JAVA_HOME if it is a JDK >= 21; else the `java` on PATH if it belongs to a JDK >= 21;
# else the newest JDK >= 21 under /usr/lib/jvm. On success it exports JAVA_HOME, puts its bin/
# first on PATH, and sets JAVA (the java binary) and EXTGUARD_JAVA_MAJOR. On failure it explains
# and returns 1. A JDK, not a JRE, because Maven compiles with javac. On JDK 24+ it also adds
# --sun-misc-unsafe-memory-access=allow to MAVEN_OPTS, which silences Maven's Unsafe warnings.

EXTGUARD_MIN_JAVA=21

# Prints the feature version of a java binary: 17 for "17.0.15", 8 for "1.8.0_392", 25 for "25-ea".
# Reads JAVA_VERSION from the installation's `release` file where there is one (starting a JVM to
# ask costs about 50 ms, which bin/extguard pays on every run), else asks `java -version`.
extguard_java_major() {
    local version="" line
    if [ -f "${1%/bin/java}/release" ]; then
        while IFS= read -r line; do
            case "$line" in
                JAVA_VERSION=*) version=${line#JAVA_VERSION=}; version=${version//\"/}; break ;;
            esac
        done <"${1%/bin/java}/release"
    fi
    [ -n "$version" ] \
        || version=$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1) || return 1
    [ -n "$version" ] || return 1
    case "$version" in
        1.*) version=${version#1.} ;;
    esac
    version=${version%%[!0-9]*}
    [ -n "$version" ] || return 1
    printf '%s\n' "$version"
}

# Prints the major version if the directory is a JDK (java and javac) of at least 21; a JRE is
# enough when EXTGUARD_JRE_OK=true (bin/extguard only runs the built jar).
extguard_jdk_major() {
    local home=$1 major
    [ -n "$home" ] && [ -x "$home/bin/java" ] || return 1
    [ "${EXTGUARD_JRE_OK:-false}" = true ] || [ -x "$home/bin/javac" ] || return 1
    major=$(extguard_java_major "$home/bin/java") || return 1
    [ "$major" -ge "$EXTGUARD_MIN_JAVA" ] || return 1
    printf '%s\n' "$major"
}

extguard_select_java() {
    local home="" major="" candidate m best_major=0 java_on_path

    if [ -n "${JAVA_HOME:-}" ]; then
        if major=$(extguard_jdk_major "$JAVA_HOME"); then
            home=$JAVA_HOME
        else
            echo "note: JAVA_HOME=$JAVA_HOME is not a JDK $EXTGUARD_MIN_JAVA or newer; looking for another." >&2
        fi
    fi

    if [ -z "$home" ] && java_on_path=$(command -v java 2>/dev/null); then
        candidate=$(readlink -f "$java_on_path" 2>/dev/null || printf '%s' "$java_on_path")
        candidate=$(dirname "$(dirname "$candidate")")
        if major=$(extguard_jdk_major "$candidate"); then
            home=$candidate
        fi
    fi

    if [ -z "$home" ]; then
        for candidate in /usr/lib/jvm/*; do
            [ -d "$candidate" ] || continue
            if m=$(extguard_jdk_major "$candidate") && [ "$m" -gt "$best_major" ]; then
                best_major=$m
                home=$candidate
            fi
        done
        major=$best_major
    fi

    if [ -z "$home" ]; then
        java_on_path="not found"
        if command -v java >/dev/null 2>&1; then
            java_on_path="$(command -v java), $(java -version 2>&1 | head -n 1)"
        fi
        cat >&2 <<EOF
error: extguard needs a JDK $EXTGUARD_MIN_JAVA or newer (java and javac), and none was found:
  - JAVA_HOME is ${JAVA_HOME:-not set}
  - java on PATH: $java_on_path
  - no JDK $EXTGUARD_MIN_JAVA+ under /usr/lib/jvm
Install one (for example Temurin 21 or 25, or your distribution's openjdk-21-jdk), then point
JAVA_HOME at it and run the command again:
  export JAVA_HOME=/path/to/jdk-21
EOF
        return 1
    fi

    JAVA_HOME=$home
    # shellcheck disable=SC2034  # used by the scripts that source this file
    JAVA=$home/bin/java
    # shellcheck disable=SC2034
    EXTGUARD_JAVA_MAJOR=$major
    PATH=$home/bin:$PATH
    export JAVA_HOME PATH
}

extguard_select_java || return 1

# Maven's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build; silence it.
if [ "${EXTGUARD_JAVA_MAJOR:-0}" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
return 0

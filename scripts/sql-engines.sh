#!/usr/bin/env bash
# The SQL engines `ladder sql` is proven on (docs/sql.md): DuckDB, PostgreSQL, MariaDB (mysql), ClickHouse (chdb), Spark (pyspark, local mode): installs what is missing (Debian
# bookworm's packages; PyPI's pinned versions), then runs scripts/sql_differential.py on each:
# the shipped rule files, the named traps, and random programs. Each engine is started and stopped
# by the script (PostgreSQL: a throwaway cluster in a temporary folder on a free local port).
#
#   scripts/sql-engines.sh [DUCKDB_PROGRAMS [OTHER_PROGRAMS [SPARK_PROGRAMS]]]   (default 1000, 300, 80)
set -euo pipefail
cd "$(dirname "$0")/.."
duckdb_n=${1:-1000}
other_n=${2:-300}
spark_n=${3:-80}
ladder=target/release/ladder
[ -x "$ladder" ] || { echo "scripts/sql-engines.sh: build the release binary first (cargo build --release)" >&2; exit 2; }

# PostgreSQL 15, MariaDB 10.11 and the Java runtime Spark runs on (OpenJDK 17) are bookworm's;
# PostgreSQL's major version is pinned by the package name, the others by the release (an exact
# Debian revision is removed from the archive by the next security update).
packages=(postgresql-15 mariadb-server default-jre-headless)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq || { echo "sql-engines.sh: apt-get update failed: Debian's package archive unreachable?" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { echo "sql-engines.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore duckdb==1.5.6 PyMySQL==1.1.1 chdb==4.4.0 chdb-core==26.9.0 pyspark==3.5.7

scripts/sql_differential.py duckdb "$duckdb_n" --shipped --traps --ladder "$ladder"
scripts/sql_differential.py postgres "$other_n" --shipped --traps --ladder "$ladder"
scripts/sql_differential.py mysql "$other_n" --shipped --traps --ladder "$ladder"
scripts/sql_differential.py clickhouse "$other_n" --shipped --traps --ladder "$ladder"
# Spark's session takes seconds to start and each query about two to plan: fewer programs, one session.
scripts/sql_differential.py spark "$spark_n" --shipped --traps --ladder "$ladder"

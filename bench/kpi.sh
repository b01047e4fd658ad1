#!/usr/bin/env bash
# KPI queries over 1,000,000 stored conversations (docs/kpis.md, docs/performance.md), end to end
# on each engine: the real server's first start sets up a fresh database (migrations, admin,
# groups, menu); `kpi-fill` adds a synthetic history through the server's own Database; the
# server is started again on it and `kpi-time` times the figures endpoints over the real HTTP
# API (a month's summary, per-agent and per-group tables, daily series; cold and warm); last,
# `kpi-cost` measures what the facts kept as events arrive add to the writes. The database is
# deleted at the end (the PostgreSQL schema dropped) unless KEEP=1.
#
# Usage: bench/kpi.sh
#        ENGINES=sqlite CONVERSATIONS=100000 bench/kpi.sh      a quick look
# Environment: ENGINES ("sqlite postgres"), CONVERSATIONS (1000000), MONTHS (9), END (2026-12-01,
# the day after the history), MONTH (2026-11, the month timed), ZONE (Asia/Shanghai), RUNS (7),
# PG_URL (jdbc:postgresql://127.0.0.1:5432/test), PG_USER (postgres), SERVER_FLAGS, OUT, KEEP=1
# (keep the databases; the schema's name is printed), COST=0 (skip kpi-cost, which adds rows), REBUILD=1,
# KPI_SERVER_JAR and KPI_BENCH_JAR (other jars than this checkout's). On a shared machine wrap it: flock /tmp/frontline-bench.lock bench/kpi.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_java
bench_build
# Other builds' jars (e.g. before a change), to compare on the same data.
SERVER_JAR=${KPI_SERVER_JAR:-$SERVER_JAR}
BENCH_JAR=${KPI_BENCH_JAR:-$BENCH_JAR}

ENGINES=${ENGINES:-"sqlite postgres"}
CONVERSATIONS=${CONVERSATIONS:-1000000}
MONTHS=${MONTHS:-9}
END=${END:-2026-12-01}
MONTH=${MONTH:-2026-11}
ZONE=${ZONE:-Asia/Shanghai}
RUNS=${RUNS:-7}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
SERVER_FLAGS=${SERVER_FLAGS:-"-Xms1g -Xmx1g $(frontline_gc_flags java) --enable-native-access=ALL-UNNAMED"}
OUT=${OUT:-$(mktemp -d /tmp/frontline-kpi.XXXXXX)}
KEEP=${KEEP:-0}
COST=${COST:-1}
mkdir -p "$OUT"
schema=""

psql_pg() {
  local host_db=${PG_URL#jdbc:postgresql://}
  psql -X -q -v ON_ERROR_STOP=1 -h "${host_db%%[:/]*}" -U "$PG_USER" -d "${host_db##*/}" "$@"
}

cleanup() {
  bench_stop_server
  if [ "$KEEP" != 1 ]; then
    [ -n "$schema" ] && psql_pg -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
    rm -rf "$OUT"/*/data
  fi
}
trap cleanup EXIT

bench() {
  java -Xmx3g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" "$@"
}

echo "== kpi: $CONVERSATIONS conversations over $MONTHS months to $END ($ZONE); timed month $MONTH; engines: $ENGINES"
echo "   $(date -u '+%Y-%m-%d %H:%M UTC'); results in $OUT"
bench_machine | tee "$OUT/machine.txt"
java -version 2>&1 | head -1 | tee -a "$OUT/machine.txt"
git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null | sed 's/^/commit: /' | tee -a "$OUT/machine.txt" || true

for engine in $ENGINES; do
  dir="$OUT/$engine"
  mkdir -p "$dir"
  db=(--data "$dir/data")
  SERVER_ENV=""
  if [ "$engine" = postgres ]; then
    schema="kpibench_$$_$(date +%s)"
    psql_pg -c "CREATE SCHEMA $schema"
    echo "-- postgres: schema $schema"
    db=(--data "$dir/data" --db-url "$PG_URL?currentSchema=$schema" --db-user "$PG_USER")
    SERVER_ENV="FRONTLINE_DB_URL=$PG_URL?currentSchema=$schema FRONTLINE_DB_USER=$PG_USER"
    psql_pg -tA -c "SELECT 'postgres: ' || version()" | tee -a "$OUT/machine.txt"
  fi
  echo "-- $engine: first start of the server on a fresh database"
  # shellcheck disable=SC2086
  bench_start_server "$dir" $SERVER_FLAGS
  bench_stop_server
  mv "$dir/server.log" "$dir/server-first.log"

  echo "-- $engine: kpi-fill ($(uptime | sed 's/^ *//'))"
  start=$(date +%s)
  bench kpi-fill "${db[@]}" --conversations "$CONVERSATIONS" --months "$MONTHS" --end "$END" --zone "$ZONE" \
      --admin-password admin-pass-1 | tee "$dir/fill.txt" | sed 's/^/   /'
  echo "   fill wall time: $(( $(date +%s) - start )) s" | tee -a "$dir/fill.txt"
  if [ "$engine" = postgres ]; then
    psql_pg -tA -c "SELECT 'database size: ' || pg_size_pretty(SUM(pg_total_relation_size(c.oid))) FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$schema' AND c.relkind = 'r'" \
        | tee -a "$dir/fill.txt" | sed 's/^/   /'
  else
    du -sh "$dir/data/db" | sed 's/^/   database size: /' | tee -a "$dir/fill.txt"
  fi

  echo "-- $engine: kpi-time on a fresh start of the server ($(uptime | sed 's/^ *//'))"
  # shellcheck disable=SC2086
  bench_start_server "$dir" $SERVER_FLAGS
  bench kpi-time --url "http://127.0.0.1:$SERVER_PORT" --password admin-pass-1 --month "$MONTH" --zone "$ZONE" \
      --runs "$RUNS" | tee "$dir/time.txt" | sed 's/^/   /' || true
  bench_stop_server

  if [ "$COST" = 1 ]; then
    echo "-- $engine: kpi-cost ($(uptime | sed 's/^ *//'))"
    bench kpi-cost "${db[@]}" | tee "$dir/cost.txt" | sed 's/^/   /'
  fi
  if [ "$engine" = postgres ] && [ "$KEEP" != 1 ]; then
    psql_pg -c "DROP SCHEMA $schema CASCADE" >/dev/null
    schema=""
  fi
  [ "$KEEP" = 1 ] || rm -rf "$dir/data"
done
echo "== end $(date -u '+%H:%M UTC'); $(uptime | sed 's/^ *//')"

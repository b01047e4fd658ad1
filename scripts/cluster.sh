#!/usr/bin/env bash
# A local Frontline cluster to try: N members (default 3) on this machine's PostgreSQL and Redis,
# behind HAProxy (docs/scaling.md). Builds the jar if needed, like ./run; Ctrl+C or SIGTERM stops
# HAProxy, then every member with SIGTERM (each drains and exits 0).
# Usage: scripts/cluster.sh [N]                  start; stop with Ctrl+C
#        scripts/cluster.sh --check [N]          check HAProxy, PostgreSQL, Redis and the ports; start nothing
#        scripts/cluster.sh --print-config [N]   print the HAProxy configuration it would run
# Environment (each optional):
#   FRONTLINE_LB_PORT (8080)            HAProxy's port
#   FRONTLINE_CLUSTER_BASE_PORT (8081)  member K listens on BASE_PORT + K - 1
#   FRONTLINE_CLUSTER_DIR (./data-cluster)  member K's FRONTLINE_DATA is DIR/member-K, its log DIR/member-K.log
#   FRONTLINE_CLUSTER (frontline-local)  cluster name (Redis prefix, leader lock)
#   FRONTLINE_DB_URL                    PostgreSQL; unset: schema FRONTLINE_CLUSTER_SCHEMA (frontline_cluster)
#                                       of database `test` at 127.0.0.1:5432 as user postgres, created if missing
#   FRONTLINE_REDIS_URL (redis://127.0.0.1:6379)
#   FRONTLINE_TRUSTED_PROXIES (127.0.0.1/32)  HAProxy's address as the members see it
#   FRONTLINE_CLUSTER_JAVA_OPTS         extra JVM options for every member (e.g. -Xmx1g)
#   HAPROXY (haproxy)                   the HAProxy binary
# Every other FRONTLINE_* variable (FRONTLINE_DEMO, FRONTLINE_ADMIN_PASSWORD...) reaches every member.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=run
members=3
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    --print-config) mode=print ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]* | '') echo "scripts/cluster.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    *) members=$arg ;;
  esac
done
if [ "$members" -lt 1 ] || [ "$members" -gt 20 ]; then
  echo "scripts/cluster.sh: the number of members must be 1 to 20 (got $members)" >&2
  exit 2
fi

lb_port=${FRONTLINE_LB_PORT:-8080}
base_port=${FRONTLINE_CLUSTER_BASE_PORT:-8081}
dir=${FRONTLINE_CLUSTER_DIR:-./data-cluster}
haproxy=${HAPROXY:-haproxy}
PATH="$PATH:/usr/sbin:/usr/local/sbin" # where HAProxy goes, often not on a user's PATH on Debian
schema=""
if [ -z "${FRONTLINE_DB_URL:-}" ]; then
  schema=${FRONTLINE_CLUSTER_SCHEMA:-frontline_cluster}
  if ! [[ $schema =~ ^[a-z_][a-z0-9_]*$ ]]; then
    echo "scripts/cluster.sh: FRONTLINE_CLUSTER_SCHEMA must be a plain lower-case name (got '$schema')" >&2
    exit 2
  fi
  export FRONTLINE_DB_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema"
  export FRONTLINE_DB_USER=${FRONTLINE_DB_USER:-postgres}
fi
export FRONTLINE_REDIS_URL=${FRONTLINE_REDIS_URL:-redis://127.0.0.1:6379}
export FRONTLINE_CLUSTER=${FRONTLINE_CLUSTER:-frontline-local}
export FRONTLINE_TRUSTED_PROXIES=${FRONTLINE_TRUSTED_PROXIES:-127.0.0.1/32}
member_port() { echo $((base_port + $1 - 1)); }

# Prints "HOST PORT" of a URL such as jdbc:postgresql://host:5432/db?x, postgres://u:p@host/db or
# redis://:pw@host:6379/0 (the first host of a list; PORT defaults to $2).
url_host_port() {
  local rest=${1#*://} port
  rest=${rest%%[/?]*}
  rest=${rest##*@}
  rest=${rest%%,*}
  if [[ $rest == \[* ]]; then # [IPv6]:port
    port=${rest##*]}
    port=${port#:}
    rest=${rest%%]*}
    echo "${rest#[} ${port:-$2}"
    return
  fi
  port=${rest##*:}
  [ "$port" = "$rest" ] && port=$2
  echo "${rest%%:*} $port"
}
redact() { sed 's#//[^@/]*@#//#' <<<"$1"; } # a URL without its user and password
tcp_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }
redis_answers() { # a Redis answers PING with +PONG, or with an error when it wants a password
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "PING\r\n" >&3 && IFS= read -r l <&3 && [[ $l == [+-]* ]]' \
    "$1" "$2" 2>/dev/null
}

haproxy_config() {
  local k line
  while IFS= read -r line; do
    if [ "$line" = "{{SERVERS}}" ]; then
      for ((k = 1; k <= members; k++)); do
        printf '    server member-%d 127.0.0.1:%d\n' "$k" "$(member_port "$k")"
      done
    else
      printf '%s\n' "${line//\{\{PORT\}\}/$lb_port}"
    fi
  done <scripts/haproxy.cfg.template
}

if [ "$mode" = print ]; then
  haproxy_config
  exit 0
fi

# ---- what must be there before anything starts: every problem at once ----
problems=()
if ! command -v "$haproxy" >/dev/null 2>&1; then
  problems+=("HAProxy is not installed ('$haproxy' is not on PATH): install it with 'apt-get install haproxy' (or set HAPROXY).")
fi
command -v curl >/dev/null 2>&1 || problems+=("curl is not installed: install it with 'apt-get install curl'.")
read -r db_host db_port <<<"$(url_host_port "$FRONTLINE_DB_URL" 5432)"
if ! tcp_open "$db_host" "$db_port"; then
  problems+=("PostgreSQL is not reachable at $db_host:$db_port (FRONTLINE_DB_URL=$(redact "${FRONTLINE_DB_URL%%\?*}")): start it, or set FRONTLINE_DB_URL.")
fi
read -r redis_host redis_port <<<"$(url_host_port "$FRONTLINE_REDIS_URL" 6379)"
if ! redis_answers "$redis_host" "$redis_port"; then
  problems+=("Redis is not reachable at $redis_host:$redis_port (FRONTLINE_REDIS_URL): start it, or set FRONTLINE_REDIS_URL.")
fi
if [ -n "$schema" ] && ! command -v psql >/dev/null 2>&1; then
  problems+=("psql is needed to create schema '$schema' ('apt-get install postgresql-client'), or set FRONTLINE_DB_URL to a database of your own.")
fi
for port in "$lb_port" $(for ((k = 1; k <= members; k++)); do member_port "$k"; done); do
  if tcp_open 127.0.0.1 "$port"; then
    problems+=("Port $port is already in use (another Frontline or ./run?): stop it, or set FRONTLINE_LB_PORT / FRONTLINE_CLUSTER_BASE_PORT.")
  fi
done
if [ "${#problems[@]}" -gt 0 ]; then
  echo "scripts/cluster.sh cannot start the cluster:" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
if [ "$mode" = check ]; then
  echo "Ready to start $members members (ports $base_port-$(member_port "$members")) behind HAProxy on $lb_port;"
  echo "PostgreSQL $db_host:$db_port, Redis $redis_host:$redis_port, cluster '$FRONTLINE_CLUSTER'."
  exit 0
fi

# ---- build, database, configuration ----
. scripts/java-env.sh
. scripts/run-lib.sh
frontline_find_jdk
jar=server/target/frontline.jar
if frontline_jar_stale "$jar" >/dev/null; then
  frontline_require_maven
  frontline_build
fi
if [ -n "$schema" ]; then
  PGCONNECT_TIMEOUT=3 PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=${FRONTLINE_DB_PASSWORD:-} psql -X -q -v ON_ERROR_STOP=1 -h "$db_host" -p "$db_port" \
    -U "$FRONTLINE_DB_USER" -d test -c "CREATE SCHEMA IF NOT EXISTS $schema" \
    || { echo "Could not create schema '$schema' in database 'test' (see psql's message above)." >&2; exit 1; }
fi
mkdir -p "$dir"
haproxy_config >"$dir/haproxy.cfg"
"$haproxy" -c -q -f "$dir/haproxy.cfg" || { echo "HAProxy refused $dir/haproxy.cfg (see above)." >&2; exit 1; }

# ---- start, and stop everything on the way out ----
pids=()
haproxy_pid=""
stopping=0
stop_all() {
  [ "$stopping" = 0 ] || return 0
  stopping=1
  set +e # a process already gone is no reason to leave the others running
  trap '' INT TERM HUP
  echo
  echo "Stopping the cluster (SIGTERM: each member drains, closing its WebSockets with 1012)..."
  [ -n "$haproxy_pid" ] && kill -TERM "$haproxy_pid" 2>/dev/null
  local k pid status waited
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for k in "${!pids[@]}"; do
    pid=${pids[$k]}
    for ((waited = 0; waited < 150; waited++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "  member-$((k + 1)) still running after 15 s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    status=$?
    echo "  member-$((k + 1)) stopped (exit $status)"
  done
  if [ -n "$haproxy_pid" ]; then
    wait "$haproxy_pid" 2>/dev/null
    echo "  HAProxy stopped"
  fi
}
trap 'stop_all; exit 0' INT TERM HUP
trap 'stop_all' EXIT

gc=$(frontline_gc_flags java)
started=$SECONDS
echo "Starting $members members of cluster '$FRONTLINE_CLUSTER' (PostgreSQL $db_host:$db_port${schema:+, schema $schema}; Redis $redis_host:$redis_port)..."
for ((k = 1; k <= members; k++)); do
  mkdir -p "$dir/member-$k"
  # shellcheck disable=SC2086
  FRONTLINE_PORT=$(member_port "$k") FRONTLINE_DATA="$dir/member-$k" \
    java $gc ${FRONTLINE_CLUSTER_JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -jar "$jar" >"$dir/member-$k.log" 2>&1 &
  pids+=($!)
done

healthy() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/healthz")" = 200 ]; }
wait_limit=${FRONTLINE_CLUSTER_WAIT_SECONDS:-180}
for ((k = 1; k <= members; k++)); do
  until healthy "$(member_port "$k")"; do
    if ! kill -0 "${pids[$((k - 1))]}" 2>/dev/null; then
      echo "member-$k exited while starting; the end of $dir/member-$k.log:" >&2
      tail -n 20 "$dir/member-$k.log" >&2
      exit 1
    fi
    if [ $((SECONDS - started)) -ge "$wait_limit" ]; then
      echo "member-$k is not healthy after $wait_limit s; see $dir/member-$k.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "  member-$k healthy on port $(member_port "$k") after $((SECONDS - started)) s"
done

"$haproxy" -db -f "$dir/haproxy.cfg" &
haproxy_pid=$!
until healthy "$lb_port"; do
  kill -0 "$haproxy_pid" 2>/dev/null || { echo "HAProxy exited while starting" >&2; exit 1; }
  sleep 0.2
done

echo
echo "Frontline cluster '$FRONTLINE_CLUSTER' is running: $members members behind HAProxy (ready in $((SECONDS - started)) s)"
echo "  HAProxy (use this)              http://localhost:$lb_port/"
echo "    demo site, agent console      http://localhost:$lb_port/  http://localhost:$lb_port/console"
echo "    supervisor, knowledge editor  http://localhost:$lb_port/supervisor  http://localhost:$lb_port/editor"
echo "    admin                         http://localhost:$lb_port/admin"
for ((k = 1; k <= members; k++)); do
  leads=""
  grep -q 'event=cluster.leader_ready' "$dir/member-$k.log" && leads="  (leader now)"
  echo "  member-$k                        http://localhost:$(member_port "$k")/  log: $dir/member-$k.log$leads"
done
if [ "${FRONTLINE_DEMO:-1}" = 1 ]; then
  echo "  Demo accounts (password demo1234)  agent1, agent2, agent3, supervisor, editor"
fi
# The admin password is printed once, by the member that leads when the database is first set up.
admin=$(grep -h -m 1 'Admin account' "$dir"/member-*.log 2>/dev/null | head -n 1 | sed 's/^ *//' || true)
if [ -n "$admin" ]; then echo "  $admin"; fi
echo "Stop with Ctrl+C. HAProxy's lines follow (a member going DOWN or UP)."
wait "$haproxy_pid" || true
haproxy_pid=""
echo "HAProxy exited." >&2
exit 1

#!/usr/bin/env bash
# One process against a three-member cluster, on the same PostgreSQL and the same load:
#   idle     N idle visitor sockets on one process, 3 x N spread over the three members; sockets
#            held, heap (after a full GC) and RSS of every process, at 0 sockets and at N / 3 x N
#   chat     CHAT_CLIENTS visitors at CHAT_RATE msgs/s (distinct texts), send -> ack, spread over
#            the members round-robin
#   deliver  visitor -> agent delivery: agents and visitors on the one process; in the cluster,
#            visitors on member 2 and agents on member 3, member 1 leading (edge -> leader -> edge)
# The single process is the fair comparison: FRONTLINE_DB_URL on the same PostgreSQL, no Redis.
# Each scenario gets fresh processes: a new schema of database `test` at 127.0.0.1:5432 (user
# postgres) and, for the cluster, a new FRONTLINE_CLUSTER name on the Redis at 127.0.0.1:6379;
# both are removed at the end. Member 1 is started first and must lead.
#
# Usage: bench/cluster.sh                    all three scenarios (about 30 minutes)
#        bench/cluster.sh deliver chat        some of them, in that order
#        SINGLE=0 bench/cluster.sh idle       the cluster only (CLUSTER=0: the single process only)
# Environment: N (19000), HOLD (60), WARM (2000), IDLE_WORKERS (single: 2; cluster: 4),
#   CHAT_CLIENTS (2000), CHAT_RATE (1000), CONVERSATIONS ("queued"; "queued bot" for both paths),
#   DELIVER_CLIENTS (1000), DELIVER_RATE (1000), DELIVER_AGENTS (20), DELIVER_MAX_CHATS (50),
#   DURATION (60), WARMUP (20), SERVER_FLAGS, OUT, REBUILD=1, PG_HOST (127.0.0.1), PG_PORT (5432),
#   REDIS_URL (redis://127.0.0.1:6379).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_java
bench_build

N=${N:-19000}
HOLD=${HOLD:-60}
WARM=${WARM:-2000}
CHAT_CLIENTS=${CHAT_CLIENTS:-2000}
CHAT_RATE=${CHAT_RATE:-1000}
CONVERSATIONS=${CONVERSATIONS:-queued}
DELIVER_CLIENTS=${DELIVER_CLIENTS:-1000}
DELIVER_RATE=${DELIVER_RATE:-1000}
DELIVER_AGENTS=${DELIVER_AGENTS:-20}
DELIVER_MAX_CHATS=${DELIVER_MAX_CHATS:-50}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
SERVER_FLAGS=${SERVER_FLAGS:-"-Xms2g -Xmx2g -XX:+AlwaysPreTouch $(frontline_gc_flags java) --enable-native-access=ALL-UNNAMED"}
OUT=${OUT:-$(mktemp -d /tmp/frontline-cluster.XXXXXX)}
SCENARIOS=${*:-idle chat deliver}
mkdir -p "$OUT"

RUN_TAG="fb$(date +%s)$$"
PIDS=()      # the processes of the current setup, member 1 first
PORTS=()
SCHEMA=""
CLUSTER_NAME=""

psql_test() {
  PGCONNECT_TIMEOUT=3 PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 \
    -h "$PG_HOST" -p "$PG_PORT" -U postgres -d test -c "$1"
}

redis_cli() {
  local hp=${REDIS_URL#redis://}
  redis-cli -h "${hp%%:*}" -p "${hp##*:}" "$@"
}

# Stops every process of the current setup (SIGTERM, by PID), then drops its schema and Redis keys.
teardown() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  PORTS=()
  if [ -n "$SCHEMA" ]; then
    psql_test "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" || echo "could not drop schema $SCHEMA" >&2
    SCHEMA=""
  fi
  if [ -n "$CLUSTER_NAME" ]; then
    redis_cli --scan --pattern "$CLUSTER_NAME:*" | while read -r k; do redis_cli DEL "$k" >/dev/null; done
    CLUSTER_NAME=""
  fi
}
trap 'teardown' EXIT
trap 'exit 130' INT TERM

# setup KIND DIR: KIND single (one process on PostgreSQL) or cluster (three members); fresh schema.
setup() {
  local kind="$1" dir="$2" k members=1
  SCHEMA="${RUN_TAG}_$(basename "$dir" | tr -c 'a-z0-9\n' '_')"
  psql_test "CREATE SCHEMA $SCHEMA"
  local env="FRONTLINE_DB_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/test?currentSchema=$SCHEMA FRONTLINE_DB_USER=postgres"
  env="$env FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS=1000000"
  if [ "$kind" = cluster ]; then
    members=3
    CLUSTER_NAME="$SCHEMA"
    env="$env FRONTLINE_REDIS_URL=$REDIS_URL FRONTLINE_CLUSTER=$CLUSTER_NAME"
  fi
  for k in $(seq 1 "$members"); do
    # shellcheck disable=SC2086
    SERVER_ENV="$env" bench_start_server "$dir/member-$k" $SERVER_FLAGS
    PIDS+=("$SERVER_PID")
    PORTS+=("$SERVER_PORT")
    SERVER_PID=""
    if [ "$kind" = cluster ] && [ "$k" = 1 ]; then
      for _ in $(seq 1 60); do
        grep -q 'event=cluster.leader_ready' "$dir/member-1/server.log" && break
        sleep 0.5
      done
      grep -q 'event=cluster.leader_ready' "$dir/member-1/server.log" \
        || { echo "member 1 does not lead; see $dir/member-1/server.log" >&2; return 1; }
    fi
  done
  echo "   $kind: pids ${PIDS[*]} ports ${PORTS[*]} schema $SCHEMA${CLUSTER_NAME:+ cluster $CLUSTER_NAME}; $(uptime | sed 's/^ *//')"
}

urls() { # urls PATH K... : ws://127.0.0.1:PORT_K/PATH, comma-separated
  local path="$1" k list=""; shift
  for k in "$@"; do list="$list${list:+,}ws://127.0.0.1:${PORTS[$((k - 1))]}$path"; done
  echo "$list"
}
all_members() { seq 1 "${#PORTS[@]}" | tr '\n' ' '; }

load() { # load OUTFILE ARGS... : the load generator, its report in OUTFILE (stderr beside it)
  local out="$1"; shift
  java -XX:+UseSerialGC -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" load "$@" >"$out" 2>"${out%.txt}.err"
}

# measure DIR LABEL: full GC, then heap, class-histogram total, RSS and open files of every process.
measure() {
  local dir="$1" label="$2" k pid live used rss fds
  for k in "${!PIDS[@]}"; do
    pid=${PIDS[$k]}
    jcmd "$pid" GC.run >/dev/null
  done
  sleep 1
  for k in "${!PIDS[@]}"; do
    pid=${PIDS[$k]}
    jcmd "$pid" GC.class_histogram >"$dir/histo-$label-m$((k + 1)).txt"
    jcmd "$pid" GC.heap_info >"$dir/heap-$label-m$((k + 1)).txt"
    live=$(awk '$1 == "Total" {print $3}' "$dir/histo-$label-m$((k + 1)).txt")
    used=$(grep -oE 'used [0-9]+[KMG]' "$dir/heap-$label-m$((k + 1)).txt" | head -1 \
      | awk '{n = $2 + 0; u = substr($2, length($2)); print (u == "G" ? n * 1048576 : u == "M" ? n * 1024 : n)}')
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    echo "$label member=$((k + 1)) live_bytes=$live heap_used_kb=$used rss_kb=$rss open_files=$fds load=\"$(cut -d' ' -f1-3 /proc/loadavg)\"" \
      | tee -a "$dir/measurements.txt"
  done
}

# idle KIND SOCKETS WORKERS
idle() {
  local kind="$1" n="$2" workers="$3" dir="$OUT/idle-$1" url lpid
  mkdir -p "$dir"
  echo "-- idle, $kind: $n sockets over $workers workers, held ${HOLD}s"
  setup "$kind" "$dir"
  url=$(urls /ws/visitor $(all_members))
  load "$dir/warmup.txt" --url "$url" --mode idle --clients "$WARM" --duration 15 --workers 1
  grep -E '^connected' "$dir/warmup.txt" | sed 's/^/   warm-up /' || true
  sleep 5
  measure "$dir" 0
  load "$dir/load.txt" --url "$url" --mode idle --clients "$n" --duration "$HOLD" --workers "$workers" &
  lpid=$!
  for _ in $(seq 1 900); do
    grep -q '^holding sockets' "$dir/load.txt" 2>/dev/null && break
    kill -0 "$lpid" 2>/dev/null || break
    sleep 1
  done
  sleep 5
  measure "$dir" "$n"
  wait "$lpid" || true
  grep -vE '^RESULT' "$dir/load.txt" | sed 's/^/   /'
  teardown
}

# chat KIND CONVERSATION
chat() {
  local kind="$1" conv="$2" dir="$OUT/chat-$2-$1"
  mkdir -p "$dir"
  echo "-- chat ($conv), $kind: $CHAT_CLIENTS visitors, $CHAT_RATE msgs/s, distinct texts"
  setup "$kind" "$dir"
  load "$dir/load.txt" --url "$(urls /ws/visitor $(all_members))" --mode chat --clients "$CHAT_CLIENTS" \
    --rate "$CHAT_RATE" --duration "$DURATION" --warmup "$WARMUP" --workers 2 --conversation "$conv" \
    --texts distinct --histogram-out "$dir/ack.hlog" || true
  grep -vE '^RESULT' "$dir/load.txt" | sed 's/^/   /'
  teardown
}

# deliver KIND: single, visitors and agents on the one process; cluster, visitors on member 2, agents on member 3
deliver() {
  local kind="$1" dir="$OUT/deliver-$1" vis=1 ag=1
  mkdir -p "$dir"
  echo "-- deliver, $kind: $DELIVER_CLIENTS visitors served by $DELIVER_AGENTS agents x $DELIVER_MAX_CHATS, $DELIVER_RATE msgs/s"
  setup "$kind" "$dir"
  if [ "$kind" = cluster ]; then vis=2; ag=3; fi
  java -XX:+UseG1GC -Xmx1g --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" load --mode deliver \
    --url "$(urls /ws/visitor $vis)" --agent-url "$(urls /ws/agent $ag)" --clients "$DELIVER_CLIENTS" \
    --rate "$DELIVER_RATE" --agents "$DELIVER_AGENTS" --max-chats "$DELIVER_MAX_CHATS" --duration "$DURATION" \
    --warmup "$WARMUP" --threads 2 --workers 0 >"$dir/load.txt" 2>"$dir/load.err" || true
  grep -vE '^RESULT' "$dir/load.txt" | sed 's/^/   /'
  teardown
}

kinds=""
[ "${SINGLE:-1}" = 1 ] && kinds="single"
[ "${CLUSTER:-1}" = 1 ] && kinds="$kinds cluster"

echo "== cluster bench: scenarios [$SCENARIOS] on [$kinds]; results in $OUT"
bench_machine | tee "$OUT/machine.txt"
echo "server JVM flags (every process): $SERVER_FLAGS" | tee -a "$OUT/machine.txt"
java -version 2>&1 | head -1 | tee -a "$OUT/machine.txt"
echo "PostgreSQL $PG_HOST:$PG_PORT database test; Redis $REDIS_URL; schemas and cluster names ${RUN_TAG}_*" | tee -a "$OUT/machine.txt"

for s in $SCENARIOS; do
  for kind in $kinds; do
    case "$s" in
      idle) if [ "$kind" = single ]; then idle single "$N" "${IDLE_WORKERS:-2}"; else idle cluster $((3 * N)) "${IDLE_WORKERS:-4}"; fi ;;
      chat) for c in $CONVERSATIONS; do chat "$kind" "$c"; done ;;
      deliver) deliver "$kind" ;;
      *) echo "unknown scenario '$s' (idle, chat, deliver)" >&2; exit 2 ;;
    esac
  done
done

python3 - "$OUT" <<'PY'
import glob, json, os, re, sys
out = sys.argv[1]
def result(path):
    try:
        return json.loads([l for l in open(path) if l.startswith("RESULT ")][-1][7:])
    except (IndexError, FileNotFoundError):
        return None
print()
print("== summary (load averages: 1, 5, 15 min)")
for d in sorted(glob.glob(f"{out}/idle-*")):
    rows = {}
    for line in open(f"{d}/measurements.txt"):
        m = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
        rows.setdefault(line.split()[0], []).append(m)
    r = result(f"{d}/load.txt") or {}
    print(f"{os.path.basename(d)}: ready {r.get('ready')} of {r.get('attempted')}, open at end {r.get('openAtEnd')},"
          f" load {r.get('loadAvgConnected')} when connected")
    labels = sorted(rows, key=int)
    if len(labels) == 2:
        for a, b in zip(rows[labels[0]], rows[labels[1]]):
            dl = (int(b["live_bytes"]) - int(a["live_bytes"])) / 1048576
            dr = (int(b["rss_kb"]) - int(a["rss_kb"])) / 1024
            print(f"  member {b['member']}: open files {a['open_files']} -> {b['open_files']};"
                  f" live heap {int(a['live_bytes']) / 1048576:.0f} -> {int(b['live_bytes']) / 1048576:.0f} MiB (+{dl:.0f});"
                  f" RSS {int(a['rss_kb']) / 1024:.0f} -> {int(b['rss_kb']) / 1024:.0f} MiB (+{dr:.0f})")
for d in sorted(glob.glob(f"{out}/chat-*")) + sorted(glob.glob(f"{out}/deliver-*")):
    r = result(f"{d}/load.txt")
    if r is None:
        print(f"{os.path.basename(d)}: no result (see {d})")
        continue
    for key in ("ackMs", "deliverMs"):
        if key in r:
            a = r[key]
            print(f"{os.path.basename(d)} {key}: n={a['n']} p50 {a['p50']:.2f} p99 {a['p99']:.2f} p99.9 {a['p999']:.2f}"
                  f" max {a['max']:.1f}  sent/s {r.get('sentPerSecond', 0):.0f}  errors [{r.get('errors', r.get('counts', ''))}]"
                  f"  load {r.get('loadAvgStart')} -> {r.get('loadAvgEnd')}")
PY

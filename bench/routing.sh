#!/usr/bin/env bash
# Routing throughput and assignment latency over real sockets: a fresh server, AGENTS agents of
# group consult (MAX_CHATS slots each) online, AGENTS x MAX_CHATS + QUEUE visitors asking for a
# person again and again; agents close each chat HANDLE_MS after it was assigned. See
# docs/performance.md for the definition of the assignment latency.
#
# Usage: bench/routing.sh                              200 agents x 2, queue 1,000, handle 2,000 ms
#        HANDLE_MS="4000 2000 1000" bench/routing.sh     one fresh server per handle time
# Environment: AGENTS, MAX_CHATS, QUEUE, HANDLE_MS (one or more), THINK_MS, DURATION, WARMUP,
# THREADS, SERVER_FLAGS, SERVER_ENV, OUT, REBUILD=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_java
bench_build

AGENTS=${AGENTS:-200}
MAX_CHATS=${MAX_CHATS:-2}
QUEUE=${QUEUE:-1000}
HANDLE_MS=${HANDLE_MS:-2000}
THINK_MS=${THINK_MS:-0}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
THREADS=${THREADS:-1}
SERVER_FLAGS=${SERVER_FLAGS:-"-Xms2g -Xmx2g -XX:+AlwaysPreTouch $(frontline_gc_flags java) --enable-native-access=ALL-UNNAMED"}
OUT=${OUT:-$(mktemp -d /tmp/frontline-routing.XXXXXX)}
mkdir -p "$OUT"
trap 'bench_stop_server' EXIT

echo "== routing: agents=$AGENTS maxChats=$MAX_CHATS queue=$QUEUE handleMs=[$HANDLE_MS] think=${THINK_MS}ms duration=${DURATION}s warmup=${WARMUP}s"
echo "   results in $OUT"
bench_machine | tee "$OUT/machine.txt"
echo "server JVM flags: $SERVER_FLAGS" | tee -a "$OUT/machine.txt"
java -version 2>&1 | head -1 | tee -a "$OUT/machine.txt"

for h in $HANDLE_MS; do
  dir="$OUT/handle-$h"
  # shellcheck disable=SC2086
  bench_start_server "$dir" $SERVER_FLAGS
  echo "-- handle $h ms: server pid=$SERVER_PID port=$SERVER_PORT; $(uptime | sed 's/^ *//')"
  java -XX:+UseG1GC -Xmx1g --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" load \
      --url "ws://127.0.0.1:$SERVER_PORT/ws/visitor" --mode routing --agents "$AGENTS" --max-chats "$MAX_CHATS" \
      --queue "$QUEUE" --handle-ms "$h" --think-ms "$THINK_MS" --duration "$DURATION" --warmup "$WARMUP" \
      --threads "$THREADS" --workers 0 >"$dir/load.txt" 2>"$dir/load.err" || true
  grep -vE '^RESULT' "$dir/load.txt" | sed 's/^/   /'
  grep -E ' (ERROR|WARN) ' "$dir/server.log" | sed -E 's/^[^ ]+ //' | cut -c1-160 | sort | uniq -c | sort -rn | head -5 | sed 's/^/   server: /' || true
  bench_stop_server
done

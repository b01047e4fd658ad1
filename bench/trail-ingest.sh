#!/usr/bin/env bash
# Trail ingestion: a fresh server per rate, CLIENTS visitors sending `track` frames (page_view)
# at RATE a second in all, optionally with chat messages at CHAT_RATE (their send -> ack latency
# is measured as in chat-latency.sh); afterwards the run's events are counted in the trail export
# (GET /api/trajectory/export) until all are there.
#
# Usage: bench/trail-ingest.sh                         2,000 visitors, 5,000 events/s, 30 s + 10 s warm-up
#        RATES="5000 10000 15000" bench/trail-ingest.sh --sweep
#        CHAT_RATE=500 bench/trail-ingest.sh           the same with 500 chat msgs/s (queued path) besides
# Environment: CLIENTS, RATE, RATES (sweep), CHAT_RATE, CONVERSATION (of the chat messages; default queued),
# DURATION, WARMUP, WORKERS, SERVER_FLAGS, OUT, REBUILD=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_java
bench_build

CLIENTS=${CLIENTS:-2000}
RATE=${RATE:-5000}
RATES=${RATES:-"2500 5000 10000 15000"}
CHAT_RATE=${CHAT_RATE:-0}
CONVERSATION=${CONVERSATION:-queued}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-10}
WORKERS=${WORKERS:-2}
SERVER_FLAGS=${SERVER_FLAGS:-"-Xms2g -Xmx2g -XX:+AlwaysPreTouch $(frontline_gc_flags java) --enable-native-access=ALL-UNNAMED"}
OUT=${OUT:-$(mktemp -d /tmp/frontline-trail.XXXXXX)}
mkdir -p "$OUT"
trap 'bench_stop_server' EXIT

rates="$RATE"
[ "${1:-}" = "--sweep" ] && rates="$RATES"

echo "== trail-ingest: clients=$CLIENTS rates=[$rates] chatRate=$CHAT_RATE ($CONVERSATION) duration=${DURATION}s warmup=${WARMUP}s workers=$WORKERS"
echo "   results in $OUT"
bench_machine | tee "$OUT/machine.txt"
echo "server JVM flags: $SERVER_FLAGS" | tee -a "$OUT/machine.txt"
java -version 2>&1 | head -1 | tee -a "$OUT/machine.txt"

for r in $rates; do
  dir="$OUT/rate-$r"
  # shellcheck disable=SC2086
  bench_start_server "$dir" $SERVER_FLAGS
  echo "-- $r events/s: server pid=$SERVER_PID port=$SERVER_PORT; $(uptime | sed 's/^ *//')"
  bench_load --mode track --clients "$CLIENTS" --rate "$r" --chat-rate "$CHAT_RATE" --conversation "$CONVERSATION" \
      --duration "$DURATION" --warmup "$WARMUP" --workers "$WORKERS" >"$dir/load.txt" 2>"$dir/load.err" || true
  grep -vE '^RESULT' "$dir/load.txt" | sed 's/^/   /'
  grep -E ' (ERROR|WARN) ' "$dir/server.log" | sed -E 's/^[^ ]+ //' | cut -c1-160 | sort | uniq -c | sort -rn | head -5 | sed 's/^/   server: /' || true
  du -sh "$dir/data/db" 2>/dev/null | sed 's/^/   database folder after the run: /' || true
  bench_stop_server
done

#!/usr/bin/env bash
# Message -> durable ack latency: a fresh server, CLIENTS visitors sending RATE messages a
# second in all (open-loop, timed from the intended send time), WARMUP then DURATION seconds.
#
# Usage: bench/chat-latency.sh                         2,000 visitors at 5,000 msgs/s, 60 s
#        bench/chat-latency.sh --sweep                 the same at 1,000 2,500 5,000 7,500 10,000 msgs/s
#        RATES="500 1000" DURATION=20 bench/chat-latency.sh --sweep
# Environment: CLIENTS, RATE, RATES (sweep), DURATION, WARMUP, WORKERS, CONVERSATION (bot|queued),
# SERVER_FLAGS, OUT (result folder), REBUILD=1, PROFILE=1 (a JFR recording of the server per rate,
# summarised by bench/jfr-top.py into jfr-top.txt; JFR_DELAY seconds after start, default 30; every
# fsync is recorded).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_java
bench_build

CLIENTS=${CLIENTS:-2000}
RATE=${RATE:-5000}
RATES=${RATES:-"1000 2500 5000 7500 10000"}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
WORKERS=${WORKERS:-2}
CONVERSATION=${CONVERSATION:-bot}
SERVER_FLAGS=${SERVER_FLAGS:-"-Xms2g -Xmx2g -XX:+AlwaysPreTouch $(frontline_gc_flags java) --enable-native-access=ALL-UNNAMED"}
OUT=${OUT:-$(mktemp -d /tmp/frontline-chat.XXXXXX)}
mkdir -p "$OUT"
trap 'bench_stop_server' EXIT

rates="$RATE"
[ "${1:-}" = "--sweep" ] && rates="$RATES"

echo "== chat-latency: clients=$CLIENTS rates=[$rates] duration=${DURATION}s warmup=${WARMUP}s workers=$WORKERS conversation=$CONVERSATION"
echo "   results in $OUT"
bench_machine | tee "$OUT/machine.txt"
echo "server JVM flags: $SERVER_FLAGS" | tee -a "$OUT/machine.txt"
java -version 2>&1 | head -1 | tee -a "$OUT/machine.txt"

for r in $rates; do
  dir="$OUT/rate-$r"
  flags="$SERVER_FLAGS"
  if [ "${PROFILE:-0}" = 1 ]; then
    mkdir -p "$dir"
    # From JFR_DELAY seconds after the server started (default 30: start, connect, warm-up) for the measured time.
    flags="$flags -XX:StartFlightRecording=delay=${JFR_DELAY:-30}s,duration=${DURATION}s,settings=profile,jdk.FileForce#threshold=0ms,filename=$dir/server.jfr"
  fi
  # shellcheck disable=SC2086
  bench_start_server "$dir" $flags
  echo "-- rate $r/s: server pid=$SERVER_PID port=$SERVER_PORT; $(uptime | sed 's/^ *//')"
  bench_load --mode chat --clients "$CLIENTS" --rate "$r" --duration "$DURATION" --warmup "$WARMUP" \
      --workers "$WORKERS" --conversation "$CONVERSATION" --histogram-out "$dir/ack.hlog" >"$dir/load.txt" 2>"$dir/load.err" || true
  grep -vE '^RESULT' "$dir/load.txt" | sed 's/^/   /'
  grep -E 'ERROR|WARN' "$dir/server.log" | sed 's/^/   server: /' | sort | uniq -c | sort -rn | head -5 || true
  bench_stop_server
  if [ "${PROFILE:-0}" = 1 ] && [ -f "$dir/server.jfr" ]; then
    python3 "$(dirname "$0")/jfr-top.py" "$dir/server.jfr" >"$dir/jfr-top.txt" 2>&1 || true
    head -30 "$dir/jfr-top.txt" | sed 's/^/   jfr: /'
  fi
done

python3 - "$OUT" $rates <<'PY'
import json, sys
out, rates = sys.argv[1], sys.argv[2:]
print()
print(f"{'target/s':>9} {'acked/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9} {'max ms':>8} "
      f"{'unacked':>8} {'errors':>7}  load avg start -> end")
for r in rates:
    try:
        line = [l for l in open(f"{out}/rate-{r}/load.txt") if l.startswith("RESULT ")][-1]
    except (IndexError, FileNotFoundError):
        print(f"{r:>9}  (no result, see {out}/rate-{r})")
        continue
    j = json.loads(line[7:])
    a = j.get("ackMs", {})
    print(f"{r:>9} {j.get('ackedPerSecond', 0):9.0f} {a.get('p50', 0):8.2f} {a.get('p90', 0):8.2f} {a.get('p99', 0):8.2f} "
          f"{a.get('p999', 0):9.2f} {a.get('max', 0):8.1f} {j.get('unackedAtEnd', 0):8d} {j.get('errorReplies', 0):7d}"
          f"  {j.get('loadAvgStart')} -> {j.get('loadAvgEnd')}")
PY

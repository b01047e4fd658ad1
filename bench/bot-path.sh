#!/usr/bin/env bash
# The chat path next to a busy bot (issue 14). Two named scenarios:
#
#   bench/bot-path.sh issue14      8,000 visitor sockets (7,500 idle), 500 of them sending 1,000
#                                  msgs/s in all, conversations with the bot, every text distinct;
#                                  once with an empty FAQ (FRONTLINE_DEMO=0), once with the demo FAQ
#   bench/bot-path.sh throughput   the bot alone: 500 visitors asking distinct questions of the demo
#                                  FAQ at rising rates (RATES, default "250 500 1000 1500")
#
#   FLOOR=1 bench/bot-path.sh issue14
#                                  the same clients, load and JVM flags against the stock Netty floor
#                                  (`java -jar bench/target/frontline-bench.jar floor --port 0`: a
#                                  Netty + Jackson WebSocket server that only acks, no database, no
#                                  bot), one run labelled "floor" (FAQS is ignored): what Frontline's
#                                  send -> ack costs above it. Interleave it with Frontline's runs.
#
# Each run: a fresh server as ./run starts it (the embedding model on), send -> ack from the client
# (open-loop, timed from the intended send time), and from the server's /metrics over the measured
# window: bot replies a second (frontline_messages_total{from="bot"}), the bot's decisions by kind,
# degraded answers (frontline_bot_degraded_total, where the server has it), the time to the bot's
# decision (frontline_bot_questions_seconds, queue included) and to its stored, sent reply
# (frontline_bot_reply_seconds, where the server has it); p99 from the histogram's buckets
# (1, 2, 5, 10, 20, 50, 100, 200, 500 ms, 1, 2, 5 s), so "<= 100" means "in the 50-100 ms bucket".
#
# Environment: FAQS ("empty demo"), TEXTS (distinct | constant: one text, which the bot's answer
# cache serves after the first time), IDLE (7500), SENDERS (500), RATE (1000), RATES (throughput),
# DURATION (60), WARMUP (20), SERVER_JAR (another build, e.g. main's, for a before/after), FLOOR=1,
# SERVER_ENV (extra server environment, e.g. "FRONTLINE_BOT_THREADS=2"), SERVER_FLAGS, OUT, REBUILD=1.
set -euo pipefail
wanted_jar=${SERVER_JAR:-}
. "$(dirname "$0")/lib.sh"
bench_java
bench_build
[ -n "$wanted_jar" ] && SERVER_JAR=$wanted_jar
bench_floor

scenario=${1:-issue14}
FAQS=${FAQS:-"empty demo"}
TEXTS=${TEXTS:-distinct}
IDLE=${IDLE:-7500}
SENDERS=${SENDERS:-500}
RATE=${RATE:-1000}
RATES=${RATES:-"250 500 1000 1500"}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
METRICS_TOKEN=bench-metrics-token-0123456789
SERVER_FLAGS=${SERVER_FLAGS:-"-Xms2g -Xmx2g -XX:+AlwaysPreTouch $(frontline_gc_flags java) --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"}
OUT=${OUT:-$(mktemp -d /tmp/frontline-botpath.XXXXXX)}
mkdir -p "$OUT"
BASE_SERVER_ENV=${SERVER_ENV:-}
IDLE_PID=""
trap 'if [ -n "$IDLE_PID" ]; then kill "$IDLE_PID" 2>/dev/null; fi; bench_stop_server' EXIT

# Distinct questions: the demo FAQ's kind of question (answered, suggested, missed) with a number
# no other message carries ({n}, see MessageTexts); constant: the load generator's one text.
DISTINCT='我的话费还剩多少 {n} || 这个月账单为什么多了{n}块 || 晚上网速特别慢，宽带账号{n} || 想看看上个月的通话记录，尾号{n} || 请问你们的营业厅周末几点关门？我的宽带账单好像多扣了钱 {n} || 流量不够用，想加个流量包 {n} || 我想换一个便宜点的套餐，编号{n} || How do I check my balance, order {n}?'
case "$TEXTS" in
  distinct) text_args=(--text "$DISTINCT") ;;
  constant) text_args=() ;;
  *) echo "TEXTS must be distinct or constant" >&2; exit 2 ;;
esac

scrape() {
  curl -fs -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$SERVER_PORT/metrics" >"$1" || true
}

# run LABEL FAQ RATE IDLE_SOCKETS
run() {
  local label="$1" faq="$2" rate="$3" idle="$4" dir="$OUT/$1"
  local demo=0
  [ "$faq" = demo ] && demo=1
  mkdir -p "$dir"
  # Every socket of a load generator comes from one address: lift the per-address cap (default 256).
  SERVER_ENV="FRONTLINE_DEMO=$demo FRONTLINE_METRICS_TOKEN=$METRICS_TOKEN FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS=100000"
  SERVER_ENV="$SERVER_ENV $BASE_SERVER_ENV"
  # shellcheck disable=SC2086
  bench_start_server "$dir" $SERVER_FLAGS
  # bench_start_server's environment puts FRONTLINE_DEMO=0 first; the later one wins.
  echo "-- $label: faq=$faq texts=$TEXTS rate=$rate/s senders=$SENDERS idle=$idle server pid=$SERVER_PID port=$SERVER_PORT"
  if [ "$idle" -gt 0 ]; then
    # The JVM itself in the background (not bench_load's subshell), so that its pid is the one stopped.
    java -XX:+UseSerialGC -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" load \
        --url "ws://127.0.0.1:$SERVER_PORT/ws/visitor" --mode idle --clients "$idle" \
        --duration $((DURATION + WARMUP + 120)) --workers 1 --source-base 127.0.0.20 >"$dir/idle.txt" 2>"$dir/idle.err" &
    IDLE_PID=$!
    for _ in $(seq 1 240); do
      grep -q '^connected' "$dir/idle.txt" 2>/dev/null && break
      sleep 0.5
    done
    grep '^connected' "$dir/idle.txt" | sed 's/^/   idle /' || echo "   idle sockets not all connected yet"
  fi
  echo "   $(uptime | sed 's/^ *//')"
  bench_load --mode chat --clients "$SENDERS" --rate "$rate" --duration "$DURATION" --warmup "$WARMUP" \
      --workers 1 --conversation bot "${text_args[@]}" --histogram-out "$dir/ack.hlog" \
      >"$dir/load.txt" 2>"$dir/load.err" &
  local load_pid=$!
  for _ in $(seq 1 240); do
    grep -q '^connected' "$dir/load.txt" 2>/dev/null && break
    sleep 0.5
  done
  sleep $((WARMUP + 1))
  scrape "$dir/metrics-start.txt"
  cut -d' ' -f1-3 /proc/loadavg >"$dir/loadavg-start.txt"
  sleep "$DURATION"
  scrape "$dir/metrics-end.txt"
  cut -d' ' -f1-3 /proc/loadavg >"$dir/loadavg-end.txt"
  wait "$load_pid" || true
  grep -vE '^RESULT' "$dir/load.txt" | sed 's/^/   /'
  if [ -n "$IDLE_PID" ]; then
    kill "$IDLE_PID" 2>/dev/null || true
    wait "$IDLE_PID" 2>/dev/null || true
    IDLE_PID=""
  fi
  bench_stop_server
}

echo "== bot-path $scenario: texts=$TEXTS duration=${DURATION}s warmup=${WARMUP}s  results in $OUT"
bench_machine | tee "$OUT/machine.txt"
echo "server: $SERVER_JAR ${SERVER_ARGS:-}; JVM flags: $SERVER_FLAGS; extra env: ${BASE_SERVER_ENV:-none}" | tee -a "$OUT/machine.txt"
java -version 2>&1 | head -1 | tee -a "$OUT/machine.txt"

labels=()
case "$scenario" in
  issue14)
    if [ "${FLOOR:-0}" = 1 ]; then
      run floor empty "$RATE" "$IDLE"
      labels+=(floor)
    else
      for faq in $FAQS; do
        run "faq-$faq" "$faq" "$RATE" "$IDLE"
        labels+=("faq-$faq")
      done
    fi ;;
  throughput)
    for r in $RATES; do
      run "rate-$r" demo "$r" 0
      labels+=("rate-$r")
    done ;;
  *) echo "scenario must be issue14 or throughput" >&2; exit 2 ;;
esac

python3 "$(dirname "$0")/bot-path-report.py" "$OUT" "$DURATION" "${labels[@]}" | tee "$OUT/summary.txt"

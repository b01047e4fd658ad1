#!/usr/bin/env bash
# Two builds of the server measured in the same session, alternating A B A B, with one load
# generator and one set of scripts for both: this checkout's (bench/target/frontline-bench.jar,
# bench/*.sh), so that only the server differs. Measured per round: message -> durable ack on the
# queued path at each of RATES (bench/chat-latency.sh, 2,000 visitors, 30 s after 10 s of
# warm-up), then memory per idle socket (bench/idle-memory.sh, 4,000 sockets); after the rounds,
# heap allocated per acknowledged message at 1,000 msgs/s (JFR, bench/jfr-alloc.py). Every run
# records the load average at its start and end. With LOCK, each round holds the lock for itself
# only.
#
# A and B are checkouts with server/target/frontline.jar built (mvn -B -DskipTests package -pl
# server -am); this checkout needs bench/target/frontline-bench.jar too (-pl bench -am).
# Usage: A=/tmp/frontline-h2 B=. R=/tmp/results bench/compare-store.sh
# Environment: RATES (default "5000 2000 1000"), ROUNDS (2), IDLE=0 (no idle-socket runs),
# STARTS=N (per round, N pairs of one server start on an empty data directory to /healthz and its
# stop: what each integration test pays),
# CHURN=0 (no allocation runs), LOCK (a file taken with flock around each round, so that other
# measurements on the machine wait for it and it for them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
A=$(cd "${A:?checkout A (e.g. the H2 version)}" && pwd)
B=$(cd "${B:?checkout B (e.g. the SQLite version)}" && pwd)
R=${R:-$(mktemp -d /tmp/frontline-compare.XXXXXX)}
RATES=${RATES:-"5000 2000 1000"}
ROUNDS=${ROUNDS:-2}
mkdir -p "$R"
export BENCH_JAR="$here/target/frontline-bench.jar"
for v in A B; do
  jar="${!v}/server/target/frontline.jar"
  [ -f "$jar" ] || { echo "$v: $jar is missing: build it first" >&2; exit 1; }
done
[ -f "$BENCH_JAR" ] || { echo "$BENCH_JAR is missing: build this checkout's bench module first" >&2; exit 1; }
[ "${1:-}" = "--pair" ] || {
  echo "A = $A at $(git -C "$A" rev-parse --short HEAD 2>/dev/null)"
  echo "B = $B at $(git -C "$B" rev-parse --short HEAD 2>/dev/null)"
  echo "load generator and scripts: $here (at $(git -C "$here" rev-parse --short HEAD 2>/dev/null))"
} | tee "$R/versions.txt"

# run NAME COMMAND...: one measured run, with the time and the load at its start and end.
run() {
  local name=$1; shift
  echo "=== $name start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$R/runs.txt"
  "$@"
  echo "=== $name end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$R/runs.txt"
}

chat() { # chat V RATE ROUND
  local v=$1 jar
  jar="${!v}/server/target/frontline.jar"
  run "chat-$v-$2-$3" env SERVER_JAR="$jar" RATE="$2" DURATION=30 WARMUP=10 CONVERSATION=queued \
      OUT="$R/chat-$v-$2-$3" "$here/chat-latency.sh" 2>&1 | tail -3
}

idle() { # idle V ROUND
  local v=$1 jar
  jar="${!v}/server/target/frontline.jar"
  run "idle-$v-$2" env SERVER_JAR="$jar" N=4000 WORKERS=1 HOLD=30 WARM=1000 OUT="$R/idle-$v-$2" \
      "$here/idle-memory.sh" 2>&1 | grep -E '^(heap|RSS)'
}

churn() { # churn V
  local v=$1 jar
  jar="${!v}/server/target/frontline.jar"
  run "churn-$v" env SERVER_JAR="$jar" PROFILE=1 JFR_DELAY=25 RATE=1000 DURATION=20 WARMUP=10 CONVERSATION=queued \
      OUT="$R/churn-$v" "$here/chat-latency.sh" >/dev/null 2>&1
  python3 "$here/jfr-alloc.py" "$R/churn-$v/rate-1000/server.jfr" "$R/churn-$v/rate-1000/load.txt" \
      | tee "$R/churn-$v/alloc.txt"
}

starts() { # starts V N: one start of a server on an empty data directory, then its stop
  local v=$1 out="$R/start-$1-$2"
  (
    . "$here/lib.sh"
    bench_java
    SERVER_JAR="${!v}/server/target/frontline.jar"
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    bench_start_server "$out" -Xmx1g $(frontline_gc_flags java) --enable-native-access=ALL-UNNAMED || exit 1
    t1=$(date +%s%N)
    bench_stop_server
    t2=$(date +%s%N)
    echo "start-$v-$2 ready_ms=$(( (t1 - t0) / 1000000 )) stop_ms=$(( (t2 - t1) / 1000000 ))" \
        "load=\"$(cut -d' ' -f1-3 /proc/loadavg)\"" | tee -a "$R/starts.txt"
  )
}

# Called back under the lock: one step for A then for B.
if [ "${1:-}" = "--pair" ]; then
  shift
  step=$1; shift
  for v in A B; do
    "$step" "$v" "$@"
  done
  exit 0
fi

# Called back under the lock: one round, every rate (A then B at each), the idle sockets, the starts.
if [ "${1:-}" = "--round" ]; then
  round=$2
  for rate in $RATES; do
    "$here/compare-store.sh" --pair chat "$rate" "$round"
  done
  if [ "${IDLE:-1}" = 1 ]; then
    "$here/compare-store.sh" --pair idle "$round"
  fi
  for n in $(seq 1 "${STARTS:-0}"); do
    "$here/compare-store.sh" --pair starts "$round.$n"
  done
  exit 0
fi

# locked ARGS...: this script called back with ARGS, under the lock if one is given. The lock is
# held for one round (the runs compared follow each other; other measurements come between
# rounds), the allocation pair apart.
locked() {
  if [ -n "${LOCK:-}" ]; then
    flock "$LOCK" "$here/compare-store.sh" "$@"
  else
    "$here/compare-store.sh" "$@"
  fi
}
export A B R RATES ROUNDS IDLE STARTS

for round in $(seq 1 "$ROUNDS"); do
  locked --round "$round"
done
if [ "${CHURN:-1}" = 1 ]; then
  locked --pair churn
fi

python3 - "$R" <<'PY'
import glob, json, os, re, sys
r = sys.argv[1]
print()
print(f"{'run':<16} {'acked/s':>8} {'p50':>6} {'p90':>6} {'p99':>7} {'p99.9':>7} {'max':>7} {'unacked':>7} {'errors':>6}  load start -> end")
def key(p):
    v, rate, rnd = re.match(r'chat-(\w)-(\d+)-(\d+)', os.path.basename(p)).groups()
    return (-int(rate), int(rnd), v)
for d in sorted(glob.glob(f"{r}/chat-*-*-*"), key=key):
    name = os.path.basename(d)
    files = glob.glob(f"{d}/rate-*/load.txt")
    lines = [l for f in files for l in open(f) if l.startswith("RESULT ")]
    if not lines:
        print(f"{name:<16} (no result)")
        continue
    j = json.loads(lines[-1][7:])
    a = j.get("ackMs", {})
    print(f"{name:<16} {j.get('ackedPerSecond', 0):8.0f} {a.get('p50', 0):6.2f} {a.get('p90', 0):6.2f} {a.get('p99', 0):7.2f} "
          f"{a.get('p999', 0):7.2f} {a.get('max', 0):7.1f} {j.get('unackedAtEnd', 0):7d} {j.get('errorReplies', 0):6d}"
          f"  {j.get('loadAvgStart')} -> {j.get('loadAvgEnd')}")
for d in sorted(glob.glob(f"{r}/idle-*")):
    m = {}
    for line in open(f"{d}/measurements.txt") if os.path.exists(f"{d}/measurements.txt") else []:
        label = line.split()[0]
        m[label] = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
    if len(m) == 2:
        (z, a), (n, b) = sorted(m.items(), key=lambda kv: int(kv[0]))
        n = int(n)
        heap = (int(b['live_bytes']) - int(a['live_bytes'])) / n
        rss = (int(b['rss_kb']) - int(a['rss_kb'])) * 1024 / n
        print(f"{os.path.basename(d):<16} idle socket: heap {heap:6.0f} B + RSS {rss:6.0f} B = {heap + rss:6.0f} B"
              f"  load {a['load']} -> {b['load']}")
PY

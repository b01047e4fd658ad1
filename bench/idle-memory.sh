#!/usr/bin/env bash
# Memory per idle visitor socket: heap (live bytes after a full GC) and RSS of one Frontline
# server with 0 and then N idle visitor sockets (each through hello -> welcome), per socket,
# plus the heap histogram difference that says where the bytes go.
#
# Usage: bench/idle-memory.sh            (N=19000 over 2 worker JVMs)
#        N=2000 WORKERS=1 bench/idle-memory.sh
#        FLOOR=1 bench/idle-memory.sh    the same for the stock Netty floor (bench jar's `floor`)
# Environment: N, WORKERS, HOLD (seconds the sockets stay open, default 90), WARM (warm-up
# sockets, default 2000), SERVER_FLAGS (server JVM flags; with -XX:NativeMemoryTracking=summary the
# native difference is broken down too), OUT (result folder), REBUILD=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_java
bench_build
bench_floor

N=${N:-19000}
WORKERS=${WORKERS:-2}
HOLD=${HOLD:-90}
WARM=${WARM:-2000}
# Fixed heap, pre-touched: heap pages are resident before the baseline, so the RSS difference
# is the native memory the sockets add, and the heap difference is counted separately.
SERVER_FLAGS=${SERVER_FLAGS:-"-Xms2g -Xmx2g -XX:+AlwaysPreTouch $(frontline_gc_flags java) --enable-native-access=ALL-UNNAMED"}
OUT=${OUT:-$(mktemp -d /tmp/frontline-idle.XXXXXX)}
mkdir -p "$OUT"

trap 'bench_stop_server' EXIT

# measure LABEL: full GC, class histogram, heap used, RSS and open files of the server.
measure() {
  local label="$1"
  jcmd "$SERVER_PID" GC.run >/dev/null
  sleep 1
  jcmd "$SERVER_PID" GC.class_histogram >"$OUT/histo-$label.txt"
  jcmd "$SERVER_PID" GC.heap_info >"$OUT/heap-$label.txt"
  local live used rss fds
  live=$(awk '$1 == "Total" {print $3}' "$OUT/histo-$label.txt")
  # G1 prints "used 123456K", ZGC "used 76M": in KB either way.
  used=$(grep -oE 'used [0-9]+[KMG]' "$OUT/heap-$label.txt" | head -1 \
    | awk '{n = $2 + 0; u = substr($2, length($2)); print (u == "G" ? n * 1048576 : u == "M" ? n * 1024 : n)}')
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
  fds=$(ls "/proc/$SERVER_PID/fd" | wc -l)
  case "$SERVER_FLAGS" in
    *NativeMemoryTracking*) jcmd "$SERVER_PID" VM.native_memory summary >"$OUT/nmt-$label.txt" ;;
  esac
  echo "$label live_bytes=$live heap_used_kb=$used rss_kb=$rss open_files=$fds load=\"$(cut -d' ' -f1-3 /proc/loadavg)\"" \
    | tee -a "$OUT/measurements.txt"
}

echo "== idle-memory: N=$N workers=$WORKERS hold=${HOLD}s  results in $OUT"
bench_machine | tee "$OUT/machine.txt"
echo "server: $SERVER_JAR ${SERVER_ARGS:-}; JVM flags: $SERVER_FLAGS" | tee -a "$OUT/machine.txt"
java -version 2>&1 | head -1 | tee -a "$OUT/machine.txt"

# shellcheck disable=SC2086
bench_start_server "$OUT" $SERVER_FLAGS
echo "server pid=$SERVER_PID port=$SERVER_PORT"

echo "-- warm-up: $WARM idle sockets for 15 s (classes, JIT, pools), then closed"
bench_load --mode idle --clients "$WARM" --duration 15 --workers 1 >"$OUT/warmup.txt" 2>&1
grep -E '^connected|^sockets' "$OUT/warmup.txt" || true
sleep 5
measure 0

echo "-- $N idle sockets over $WORKERS workers, held ${HOLD}s"
bench_load --mode idle --clients "$N" --duration "$HOLD" --workers "$WORKERS" >"$OUT/load.txt" 2>&1 &
LOAD_PID=$!
for _ in $(seq 1 600); do
  grep -q '^holding sockets' "$OUT/load.txt" && break
  kill -0 "$LOAD_PID" 2>/dev/null || break
  sleep 1
done
grep '^connected' "$OUT/load.txt" || { echo "load generator did not connect:"; tail -20 "$OUT/load.txt"; exit 1; }
sleep 5
measure "$N"
wait "$LOAD_PID" || true
grep -vE '^RESULT|^\[worker' "$OUT/load.txt" | tail -8

python3 - "$OUT" "$N" <<'PY'
import re, sys
out, n = sys.argv[1], int(sys.argv[2])
def meas(label):
    for line in open(f"{out}/measurements.txt"):
        if line.startswith(label + " "):
            return {k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', line)}
def histo(label):
    rows = {}
    for line in open(f"{out}/histo-{label}.txt"):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m:
            rows[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return rows
a, b = meas("0"), meas(str(n))
live = (int(b["live_bytes"]) - int(a["live_bytes"])) / n
used = (int(b["heap_used_kb"]) - int(a["heap_used_kb"])) * 1024 / n
rss = (int(b["rss_kb"]) - int(a["rss_kb"])) * 1024 / n
print()
print(f"== per idle socket (N={n}, open files {a['open_files']} -> {b['open_files']})")
print(f"heap, live objects (class histogram):  {live:8.0f} bytes")
print(f"heap, used after full GC (heap_info):  {used:8.0f} bytes")
print(f"RSS (native; heap is pre-touched):     {rss:8.0f} bytes")
print(f"heap + native:                         {live + rss:8.0f} bytes  (target <= 8192, aim 3584)")
ha, hb = histo("0"), histo(str(n))
diff = []
for cls in set(ha) | set(hb):
    ia, ba = ha.get(cls, (0, 0))
    ib, bb = hb.get(cls, (0, 0))
    diff.append((bb - ba, ib - ia, cls))
diff.sort(reverse=True)
print()
print(f"top heap contributors (class histogram N - 0, per socket):")
print(f"{'bytes/socket':>12} {'objects/socket':>14}  class")
for db, di, cls in diff[:30]:
    print(f"{db / n:12.1f} {di / n:14.2f}  {cls}")

import os
if os.path.exists(f"{out}/nmt-{n}.txt"):
    def nmt(label):
        rows = {}
        for line in open(f"{out}/nmt-{label}.txt"):
            m = re.match(r'-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB', line.strip())
            if m:
                rows[m.group(1).strip()] = int(m.group(2))
        return rows
    na, nb = nmt("0"), nmt(str(n))
    print()
    print("native memory (NMT committed, N - 0, per socket; Java Heap is pre-touched):")
    for k in sorted(nb, key=lambda k: -(nb[k] - na.get(k, 0))):
        d = (nb[k] - na.get(k, 0)) * 1024 / n
        if abs(d) >= 1:
            print(f"{d:12.1f}  {k}")
PY

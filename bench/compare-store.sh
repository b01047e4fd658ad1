#!/usr/bin/env bash
# Two builds of Frontline measured in the same run, alternating, with the same bench scripts:
# chat acks at 5,000 and 1,000 msgs/s (queued path), heap allocated per message (JFR), memory
# per idle socket. Each of A and B is a checkout with server/target/frontline.jar and
# bench/target/frontline-bench.jar built (mvn -B -DskipTests package -pl bench -am).
# Usage: A=/tmp/frontline-h2 B=/tmp/frontline-sqlite R=/tmp/results bench/compare-store.sh
set -u
H2=${A:?checkout A (e.g. the H2 version)}
SQ=${B:?checkout B (e.g. the SQLite version)}
R=${R:-$(mktemp -d /tmp/frontline-compare.XXXXXX)}
mkdir -p $R
# the same load generator and scripts for both
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p $SQ/bench/target && cp $H2/bench/target/frontline-bench.jar $SQ/bench/target/
cp "$here/jfr-alloc.py" $SQ/bench/ ; cp "$here/jfr-alloc.py" $H2/bench/
for rate in 5000 1000; do
  for which in h2 sqlite; do
    dir=$([ $which = h2 ] && echo $H2 || echo $SQ)
    echo "=== $which rate=$rate $(date -u +%H:%M:%S) $(uptime)"
    (cd $dir && RATE=$rate DURATION=30 WARMUP=10 CONVERSATION=queued OUT=$R/chat-$which-$rate bench/chat-latency.sh 2>&1 | tail -4)
  done
done
for which in h2 sqlite; do
  dir=$([ $which = h2 ] && echo $H2 || echo $SQ)
  echo "=== churn $which $(date -u +%H:%M:%S) $(uptime)"
  (cd $dir && PROFILE=1 JFR_DELAY=25 RATE=1000 DURATION=20 WARMUP=10 CONVERSATION=queued OUT=$R/churn-$which bench/chat-latency.sh >/dev/null 2>&1;
   python3 bench/jfr-alloc.py $R/churn-$which/rate-1000/server.jfr $R/churn-$which/rate-1000/load.txt)
done
for which in h2 sqlite; do
  dir=$([ $which = h2 ] && echo $H2 || echo $SQ)
  echo "=== idle $which $(date -u +%H:%M:%S) $(uptime)"
  (cd $dir && N=4000 WORKERS=1 HOLD=30 WARM=1000 OUT=$R/idle-$which bench/idle-memory.sh 2>&1 | tail -6)
done
echo "=== end $(date -u +%H:%M:%S) $(uptime)"

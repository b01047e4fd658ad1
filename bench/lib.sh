# Shared by bench/idle-memory.sh and bench/chat-latency.sh (sourced, not run).
# Starts and stops a Frontline server on a free port with a fresh data directory.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Both may be given from outside (bench/compare-store.sh measures another checkout's server with
# this checkout's load generator); by default, this checkout's.
SERVER_JAR="${SERVER_JAR:-$BENCH_ROOT/server/target/frontline.jar}"
BENCH_JAR="${BENCH_JAR:-$BENCH_ROOT/bench/target/frontline-bench.jar}"

bench_java() {
  . "$BENCH_ROOT/scripts/java-env.sh"
  frontline_find_jdk
}

# Builds both jars unless they exist (REBUILD=1 forces it).
bench_build() {
  if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
    (cd "$BENCH_ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

# FLOOR=1: the scripts that call this start the stock Netty floor (bench jar's `floor`, a server
# that only acks: issue 14) instead of Frontline, with the same JVM flags and the same clients.
bench_floor() {
  if [ "${FLOOR:-0}" = 1 ]; then
    SERVER_JAR=$BENCH_JAR
    SERVER_ARGS="floor --port 0"
  fi
}

# The machine's state, for the record: the machine is shared, say how busy it was.
bench_machine() {
  echo "machine: $(nproc) cpus, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo);" \
       "uptime: $(uptime | sed 's/^ *//')"
}

# bench_start_server DIR JVM_FLAGS... : starts the server in the background with data in DIR,
# sets SERVER_PID and SERVER_PORT, waits for /healthz (up to START_TIMEOUT seconds, default 120: a
# start at load 20 took 90 s). A server that is not healthy in time is stopped, not left running.
# Extra environment: SERVER_ENV (e.g. "FRONTLINE_PING_SECONDS=5"); SERVER_ARGS, arguments after
# the jar (the floor's, see bench_floor).
bench_start_server() {
  local dir="$1"; shift
  mkdir -p "$dir"
  # The server may need as many files as it has sockets: take the hard limit. Each load-generator
  # worker is one client address, far above the server's default cap per address (256): lift it.
  ulimit -n "$(ulimit -Hn)"
  # The load generator's thousands of sockets come from a few addresses (127.0.0.2, .3, ... one per
  # worker): lift the per-address connection cap (256 by default since the edge hardening).
  env FRONTLINE_DATA="$dir/data" FRONTLINE_PORT=0 FRONTLINE_ADMIN_PASSWORD=admin-pass-1 FRONTLINE_DEMO=0 \
      FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS=1000000 ${SERVER_ENV:-} java "$@" -jar "$SERVER_JAR" ${SERVER_ARGS:-} >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  SERVER_PORT=""
  local wait=${START_TIMEOUT:-120}
  for _ in $(seq 1 $((wait * 2))); do
    # The first such line is the public port (a cluster's leader also listens on an internal one).
    SERVER_PORT=$(grep -o 'event=server.listening port=[0-9]*' "$dir/server.log" 2>/dev/null | head -n 1 \
      | grep -o '[0-9]*$' || true)
    if [ -n "$SERVER_PORT" ] && curl -fs "http://127.0.0.1:$SERVER_PORT/healthz" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server did not start; see $dir/server.log" >&2
      tail -5 "$dir/server.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "server not healthy after $wait s; see $dir/server.log" >&2
  bench_stop_server
  return 1
}

bench_stop_server() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 1 40); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
  fi
  SERVER_PID=""
}

# bench_load ARGS... : the load generator against the running server.
bench_load() {
  java -XX:+UseSerialGC -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" load \
      --url "ws://127.0.0.1:$SERVER_PORT/ws/visitor" "$@"
}

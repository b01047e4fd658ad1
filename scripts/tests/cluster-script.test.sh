#!/usr/bin/env bash
# Tests of scripts/cluster.sh that start no JVM: the HAProxy configuration it writes (valid for
# `haproxy -c` with 2 and 3 members, the right ports, round-robin without stickiness, the health
# check), and its refusals (no haproxy on PATH, PostgreSQL or Redis unreachable, bad arguments).
# Run by ./test, which installs HAProxy first; exits non-zero on the first failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
script="$root/scripts/cluster.sh"

. "$root/scripts/tests/checks.sh"
says() { grep -qF -- "$2" "$1"; }   # says FILE TEXT
silent() { ! grep -qF -- "$2" "$1"; }
# Ports nothing else should hold, so that a ./run or a cluster on 8080-8083 does not matter here.
export FRONTLINE_LB_PORT=18480 FRONTLINE_CLUSTER_BASE_PORT=18481

# ---- the HAProxy configuration ----
PATH="$PATH:/usr/sbin" # where Debian puts haproxy
if ! command -v haproxy >/dev/null 2>&1; then
  echo "FAIL haproxy is not installed: ./test installs it (apt-get install haproxy)" >&2
  exit 1
fi
for n in 2 3; do
  cfg="$tmp/haproxy-$n.cfg"
  "$script" --print-config "$n" >"$cfg"
  check "N=$n: haproxy -c accepts the configuration" haproxy -c -q -f "$cfg"
  check "N=$n: $n server lines" test "$(grep -c '^ *server member-' "$cfg")" = "$n"
  check "N=$n: member-1 on 127.0.0.1:18481" says "$cfg" "server member-1 127.0.0.1:18481"
  check "N=$n: member-$n on 127.0.0.1:$((18480 + n))" says "$cfg" "server member-$n 127.0.0.1:$((18480 + n))"
  check "N=$n: no member-$((n + 1))" silent "$cfg" "member-$((n + 1))"
  check "N=$n: HAProxy listens on 18480" grep -q '^ *bind :18480$' "$cfg"
  check "N=$n: no placeholder left" silent "$cfg" "{{"
done
FRONTLINE_LB_PORT=9090 FRONTLINE_CLUSTER_BASE_PORT=9101 "$script" --print-config 3 >"$tmp/custom.cfg"
check "ports from FRONTLINE_LB_PORT and FRONTLINE_CLUSTER_BASE_PORT" \
  bash -c "grep -q '^ *bind :9090$' '$tmp/custom.cfg' && grep -q 'member-3 127.0.0.1:9103' '$tmp/custom.cfg'"
cfg="$tmp/haproxy-3.cfg"
check "round-robin" grep -q '^ *balance roundrobin$' "$cfg"
check "no stickiness (no cookie, stick or source balancing)" bash -c "! grep -Eq '^ *(cookie|stick|balance source|hash-type)' '$cfg'"
check "health check GET /healthz, 200 expected" \
  bash -c "grep -q '^ *option httpchk GET /healthz$' '$cfg' && grep -q '^ *http-check expect status 200$' '$cfg'"
check "checked every second, down after 2, up after 2" grep -q 'check inter 1s fall 2 rise 2' "$cfg"
check "WebSockets: timeout tunnel 1h" grep -q '^ *timeout tunnel 1h$' "$cfg"
check "X-Forwarded-For, redispatch, retries" \
  bash -c "grep -q '^ *option forwardfor' '$cfg' && grep -q '^ *option redispatch$' '$cfg' && grep -q '^ *retries [1-9]$' '$cfg'"

# ---- refusals ----
# No haproxy: a name that is on no PATH (the script adds /usr/sbin, where Debian installs it).
status=0
HAPROXY=haproxy-not-installed "$script" --check >"$tmp/out" 2>"$tmp/err" || status=$?
check "no haproxy: exit 1" test "$status" = 1
check "no haproxy: says apt-get install haproxy" says "$tmp/err" "apt-get install haproxy"

status=0
FRONTLINE_REDIS_URL=redis://:secret@127.0.0.1:1/0 FRONTLINE_DB_URL=postgres://u:pw@127.0.0.1:2/db \
  "$script" --check 2 >"$tmp/out" 2>"$tmp/err" || status=$?
check "unreachable PostgreSQL and Redis: exit 1" test "$status" = 1
check "unreachable PostgreSQL: named with its address" says "$tmp/err" "PostgreSQL is not reachable at 127.0.0.1:2"
check "unreachable Redis: named with its address" says "$tmp/err" "Redis is not reachable at 127.0.0.1:1"
check "refusal shows no password" bash -c "! grep -Eq 'secret|pw@' '$tmp/err'"

status=0
FRONTLINE_DB_URL='jdbc:postgresql://127.0.0.1:3/test?currentSchema=x' "$script" --check >"$tmp/out" 2>"$tmp/err" || status=$?
check "JDBC URL: the port is read from it" says "$tmp/err" "PostgreSQL is not reachable at 127.0.0.1:3"

for bad in 0 21 three; do
  status=0
  "$script" --check "$bad" >/dev/null 2>"$tmp/err" || status=$?
  check "argument '$bad': exit 2 with a reason" bash -c "[ $status = 2 ] && [ -s '$tmp/err' ]"
done

# Everything there (this machine's PostgreSQL and Redis): --check passes and starts nothing.
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  status=0
  "$script" --check 3 >"$tmp/out" 2>"$tmp/err" || status=$?
  check "local PostgreSQL and Redis: --check passes" test "$status" = 0
  check "--check names the member ports" says "$tmp/out" "ports 18481-18483"
else
  echo "NOTE: no PostgreSQL and Redis on 127.0.0.1: the passing --check is not tested"
fi

checks_done cluster-script

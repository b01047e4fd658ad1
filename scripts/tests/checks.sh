# Sourced by the scripts/tests/*.test.sh: a scratch folder $tmp removed on exit, `check NAME
# COMMAND...` that prints ok/FAIL and counts failures, and `checks_done NAME` that ends the test.

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { # check NAME CONDITION-COMMAND...
  local name="$1"; shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
}
checks_done() { # checks_done TEST-NAME: exits 1 when a check failed
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "$1: all checks passed"
}

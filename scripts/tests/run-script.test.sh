#!/usr/bin/env bash
# Tests of ./run's shell logic: which GC options each JDK gets (a real JDK 25, a real JDK that
# refuses compact object headers when one is installed, and a stand-in `java` that answers like
# JDK 21), when the jar counts as stale (not after ./test's `npm ci`), and the build's progress
# lines. Run by ./test; exits non-zero on the first failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/java-env.sh"
. "$root/scripts/run-lib.sh"
frontline_find_jdk >/dev/null

. "$root/scripts/tests/checks.sh"
has() { [[ " $1 " == *" $2 "* ]]; }
lacks() { ! has "$1" "$2"; }
starts() { "$1" $2 -version >/dev/null 2>&1; } # starts JAVA FLAGS: the JVM accepts the flags

# ---- GC options ----
real="$JAVA_HOME/bin/java"
flags=$(frontline_gc_flags "$real")
if "$real" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then
  check "JDK $(frontline_java_major "$real") gets compact object headers" has "$flags" -XX:+UseCompactObjectHeaders
else
  check "JDK $(frontline_java_major "$real") (no compact headers) does not get them" lacks "$flags" -XX:+UseCompactObjectHeaders
fi
check "JDK $(frontline_java_major "$real") gets ZGC" has "$flags" -XX:+UseZGC
check "JDK $(frontline_java_major "$real") starts with '$flags'" starts "$real" "$flags"

# A stand-in for JDK 21's launcher: refuses the option as JDK 21 does, runs everything else on
# the real JVM (whose ZGC needs no -XX:+ZGenerational and warns about it, unlike JDK 21's).
mkdir -p "$tmp/jdk21/bin"
cat >"$tmp/jdk21/bin/java" <<STANDIN
#!/usr/bin/env bash
for a in "\$@"; do
  if [ "\$a" = -XX:+UseCompactObjectHeaders ]; then
    echo "Unrecognized VM option 'UseCompactObjectHeaders'" >&2
    echo "Error: Could not create the Java Virtual Machine." >&2
    exit 1
  fi
done
exec "$real" "\$@"
STANDIN
chmod +x "$tmp/jdk21/bin/java"
flags=$(frontline_gc_flags "$tmp/jdk21/bin/java")
check "JDK 21 stand-in does not get compact object headers" lacks "$flags" -XX:+UseCompactObjectHeaders
check "JDK 21 stand-in gets ZGC" has "$flags" -XX:+UseZGC
check "JDK 21 stand-in starts with '$flags'" starts "$tmp/jdk21/bin/java" "$flags"
check "JDK 21 stand-in would not start with the old fixed flags" \
  bash -c "! '$tmp/jdk21/bin/java' -XX:+UseZGC -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1"

# Any real JDK older than 25 on this machine (e.g. Debian's 17 or 21): the same, on the real thing.
for other in /usr/lib/jvm/*/bin/java; do
  [ -x "$other" ] || continue
  major=$(frontline_java_major "$other")
  [ -n "$major" ] && [ "$major" -lt 25 ] || continue
  flags=$(frontline_gc_flags "$other")
  check "real JDK $major ($other) does not get compact object headers" lacks "$flags" -XX:+UseCompactObjectHeaders
  check "real JDK $major starts with '$flags'" starts "$other" "$flags"
  break
done

check "./run takes its GC options from frontline_gc_flags" grep -q 'gc=$(frontline_gc_flags java)' "$root/run"
check "./run passes no fixed compact-headers option" bash -c "! grep -v '^ *#' '$root/run' | grep -q 'XX:+UseCompactObjectHeaders'"
for script in "$root"/bench/*.sh; do
  check "$(basename "$script") passes no fixed compact-headers option" \
    bash -c "! grep -v '^ *#' '$script' | grep -q 'XX:+UseCompactObjectHeaders'"
done

# ---- staleness: what ./test leaves must not make ./run rebuild ----
tree="$tmp/tree"
mkdir -p "$tree/server/src/main/java" "$tree/server/src/test/java" "$tree/webclient/src/main/web" \
  "$tree/webclient/src/test/e2e" "$tree/server/target"
touch -d '2 hours ago' "$tree/pom.xml" "$tree/server/pom.xml" "$tree/server/src/main/java/Main.java" \
  "$tree/webclient/src/main/web/widget.js" "$tree/webclient/src/test/e2e/package.json"
stale() { (cd "$tree" && frontline_jar_stale server/target/frontline.jar >/dev/null); }
fresh() { ! stale; }
check "no jar: stale" stale
touch -d '1 hour ago' "$tree/server/target/frontline.jar"  # ./test's mvn verify built it
check "jar newer than every source: not stale" fresh
# ./test's browser tests then run `npm ci` in the test folder, and tests write their own files.
mkdir -p "$tree/webclient/src/test/e2e/node_modules/playwright-core/lib"
touch "$tree/webclient/src/test/e2e/node_modules/playwright-core/lib/index.js" \
  "$tree/webclient/src/test/e2e/node_modules/.package-lock.json" "$tree/server/src/test/java/NewIT.java"
check "after ./test's npm ci and test files: not stale" fresh
touch "$tree/webclient/src/main/web/widget.js"
check "a changed web client file: stale" stale
touch -d '1 minute ago' "$tree/server/target/frontline.jar"
touch "$tree/server/pom.xml"
check "a changed module pom: stale" stale
touch -d '1 minute ago' "$tree/server/target/frontline.jar"  # older than the new file, whatever the clock's granularity
mkdir -p "$tree/server/src/main/java/dev"
touch "$tree/server/src/main/java/dev/New.java"
check "a new source file: stale" stale

# ---- progress lines ----
progress=$(printf '%s\n' "[INFO] Scanning for projects..." \
  "[INFO] Building Frontline 0.1.0-SNAPSHOT                                  [1/3]" \
  "[INFO] --- maven-compiler-plugin:3.14.0:compile (default-compile) @ frontline-parent ---" \
  "[INFO] Building Frontline server 0.1.0-SNAPSHOT                           [3/3]" \
  "[INFO] BUILD SUCCESS" | frontline_build_progress)
check "progress: one line per module" test "$(grep -c '^  \[' <<<"$progress")" = 2
check "progress: names the module and its step" grep -q '^  \[3/3\] Frontline server \.\.\. *[0-9]* s$' <<<"$progress"
check "progress: Maven's other lines are left out" bash -c "! grep -q 'compiler' <<<'$progress'"
failed=$(printf '%s\n' "[INFO] Building Frontline server 0.1.0-SNAPSHOT                           [3/3]" \
  "[ERROR] /x/Main.java:[1,1] cannot find symbol" "[INFO] BUILD FAILURE" | frontline_build_progress)
check "progress: errors go through" grep -q 'cannot find symbol' <<<"$failed"

checks_done run-script

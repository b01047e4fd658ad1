# Sourced by ./run (and its tests in scripts/tests/): when to rebuild the server jar, and the
# build itself with one progress line per module instead of Maven's full output.

# Succeeds (status 0) when jar $1 is missing or older than a file it is built from: a pom or a
# file under a module's src/main. Test folders are not looked at: they do not go into the jar,
# and the browser tests' `npm ci` fills webclient/src/test/e2e/node_modules after ./test built it.
frontline_jar_stale() {
  local jar="$1" newer
  [ -f "$jar" ] || return 0
  newer=$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -type f -not -path '*/node_modules/*' 2>/dev/null \
    | head -n 1)
  [ -n "$newer" ] && echo "$newer"
  [ -n "$newer" ]
}

# Condenses Maven's output (read on standard input) to one line per module, written when the
# module starts and finished with its time; every error line goes through.
frontline_build_progress() {
  local line module="" started=0 re='^\[INFO\] Building (.*) ([^ ]+) +(\[[0-9]+/[0-9]+\])$'
  while IFS= read -r line; do
    if [[ $line =~ $re ]]; then
      [ -n "$module" ] && printf ' %d s\n' $((SECONDS - started))
      module="${BASH_REMATCH[3]} ${BASH_REMATCH[1]}"
      started=$SECONDS
      printf '  %-32s' "$module ..."
    elif [[ $line == "[ERROR]"* || $line == *"BUILD FAILURE"* ]]; then
      [ -n "$module" ] && printf '\n' && module=""
      printf '%s\n' "$line"
    elif [[ $line == "[INFO] BUILD SUCCESS"* && -n $module ]]; then
      printf ' %d s\n' $((SECONDS - started))
      module=""
    fi
  done
  [ -z "$module" ] || printf '\n'
}

# Builds every module (tests skipped), printing progress; the full log is kept in
# target/run-build.log. Fails with Maven's status.
frontline_build() {
  mkdir -p target
  echo "Building Frontline (first run or sources changed; full log in target/run-build.log)..."
  local start=$SECONDS status=0
  mvn -B -Dstyle.color=never -DskipTests package 2>&1 | tee target/run-build.log | frontline_build_progress \
    || status=$?
  if [ "$status" != 0 ]; then
    echo "The build failed; see target/run-build.log." >&2
    return "$status"
  fi
  echo "Built in $((SECONDS - start)) s."
}

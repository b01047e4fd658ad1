# Sourced by ./run, ./test and .ci/run: finds a JDK >= 21 and exports JAVA_HOME and PATH.
# Looks at $JAVA_HOME, the java on PATH, then the usual install folders; stops with a
# readable message when none is recent enough.

frontline_java_major() {
  # Prints the feature version of the java binary $1 (17, 21, 25...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

frontline_find_jdk() {
  local candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/opt/openjdk* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  local best="" best_major=0
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(frontline_java_major "$home/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "Frontline needs a JDK 21 or newer (java and javac). None was found in JAVA_HOME," >&2
    echo "on PATH or under /usr/lib/jvm. Install one (e.g. Temurin 21 or 25) and run again." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

frontline_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Frontline builds with Apache Maven 3.8 or newer; 'mvn' is not on PATH." >&2
    echo "Install it (e.g. 'apt-get install maven') and run again." >&2
    return 1
  fi
}

# Prints the garbage-collector options for the java binary $1 (default: java on PATH): generational
# ZGC, and compact object headers where that JVM takes them. Each option is tried on the JVM itself
# (`java <option> -version`), not read off its version string: compact headers are a product option
# from JDK 25 on; JDK 21-23 refuse the option and JDK 24 wants it unlocked as experimental, so
# neither gets it. -XX:+ZGenerational is needed on JDK 21-22 and warned about (deprecated) on 23+,
# so it is passed only where the JVM takes it silently.
frontline_gc_flags() {
  local java="${1:-java}" out
  if "$java" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then
    # JDK 25+: ZGC is generational only.
    echo "-XX:+UseZGC -XX:+UseCompactObjectHeaders"
  elif out=$("$java" -XX:+UseZGC -XX:+ZGenerational -version 2>&1) && ! grep -qi warning <<<"$out"; then
    echo "-XX:+UseZGC -XX:+ZGenerational"
  else
    echo "-XX:+UseZGC"
  fi
}

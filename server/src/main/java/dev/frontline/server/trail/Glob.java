package dev.frontline.server.trail;

/**
 * A rule's URL glob, matched without regular expressions. {@code *} matches any run of characters
 * except line terminators; every other character is literal ({@code ? . + \ ( [} included);
 * ASCII letters match either case, other letters only themselves. The whole URL must match.
 *
 * <p>These are exactly the semantics of the case-insensitive {@code java.util.regex} pattern
 * {@code \Qa\E.*\Qb\E...} that rules used before (a {@code .} there skips no line terminator,
 * and without {@code UNICODE_CASE} only ASCII letters fold). Matching lower-cases the URL once
 * per event ({@link #lower}), then checks the literal before the first {@code *} as a prefix,
 * the one after the last as a suffix, and finds the ones between in order with
 * {@link String#indexOf(String, int)}: the leftmost place of each is always the best one, so
 * there is no backtracking and a match costs at most one pass over the URL per literal. (With
 * line terminators too: the run a star covers up to a later place of a literal contains the run up
 * to its leftmost place; and a literal holding a terminator has at most one place a star-run can
 * reach. The rare URL with one only adds a check of each run.) Lone surrogates aside, a URL
 * matches exactly when it matched before.
 */
final class Glob {
  private final String source;
  /** The literal parts between the stars, ASCII-lower-cased; one part: no star. */
  private final String[] parts;
  private final int literalLength;

  private Glob(String source, String[] parts) {
    this.source = source;
    this.parts = parts;
    int n = 0;
    for (String p : parts) {
      n += p.length();
    }
    this.literalLength = n;
  }

  /** The glob of a rule's pattern; null (no condition) for null or blank. */
  static Glob of(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return null;
    }
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = lower(parts[i]);
    }
    return new Glob(pattern, parts);
  }

  String source() {
    return source;
  }

  /** ASCII letters lower-cased, everything else kept; the same instance when nothing changes. */
  static String lower(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && !upper(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    char[] c = s.toCharArray();
    for (; i < n; i++) {
      if (upper(c[i])) {
        c[i] = (char) (c[i] + ('a' - 'A'));
      }
    }
    return new String(c);
  }

  private static boolean upper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /**
   * Whether the URL matches, given it passed through {@link #lower} and whether it
   * {@link #hasLineTerminator has a line terminator} (both worked out once per URL, not per glob).
   */
  boolean matches(String lowerUrl, boolean lines) {
    int last = parts.length - 1;
    if (last == 0) {
      return lowerUrl.equals(parts[0]);
    }
    if (lowerUrl.length() < literalLength || !lowerUrl.startsWith(parts[0]) || !lowerUrl.endsWith(parts[last])) {
      return false;
    }
    int end = lowerUrl.length() - parts[last].length();
    int pos = parts[0].length();
    for (int i = 1; i < last; i++) {
      String p = parts[i];
      int at = lowerUrl.indexOf(p, pos);
      if (at < 0 || at + p.length() > end || (lines && hasLineTerminator(lowerUrl, pos, at))) {
        return false;
      }
      pos = at + p.length();
    }
    return pos <= end && !(lines && hasLineTerminator(lowerUrl, pos, end));
  }

  /** Whether {@code s} has a line terminator (LF, CR, U+0085, U+2028 or U+2029). */
  static boolean hasLineTerminator(String s) {
    return hasLineTerminator(s, 0, s.length());
  }

  private static boolean hasLineTerminator(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c <= '\r' ? c == '\n' || c == '\r' : c >= '\u0085' && (c == '\u0085' || c == '\u2028' || c == '\u2029')) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return source;
  }
}

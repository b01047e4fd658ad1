package dev.frontline.server.logging;

/**
 * Keeps a log message on one line: control characters (CR, LF and the other C0 and C1 codes, DEL)
 * and the Unicode line and paragraph separators are written as escapes ({@code \r}, {@code \n},
 * {@code \t}, {@code \u001b}), so that a value a user typed (a user name, a page title) cannot
 * start a forged line in the log. Applied once, to the whole message, by the log encoder
 * ({@link MaskingConverter}).
 */
public final class LogLines {
  private LogLines() {}

  public static String escape(String s) {
    if (s == null) {
      return null;
    }
    int i = 0;
    while (i < s.length() && !escaped(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!escaped(c)) {
        b.append(c);
        continue;
      }
      switch (c) {
        case '\r' -> b.append("\\r");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  private static boolean escaped(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}

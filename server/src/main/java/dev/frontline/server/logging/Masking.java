package dev.frontline.server.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal numbers in free text: Chinese mobile numbers (138****5678), resident ID-card
 * numbers (110105********1234) and bank-card numbers (6222 **** **** 1234 kept as first 4 and last
 * 4). Used by the log encoder and by exports.
 */
public final class Masking {
  private static final Pattern ID_CARD = Pattern.compile("(?<![0-9A-Za-z])(\\d{6})\\d{8}(\\d{3}[0-9Xx])(?![0-9A-Za-z])");
  private static final Pattern BANK_CARD = Pattern.compile("(?<![\\d*])\\d(?:[ -]?\\d){15,18}(?![\\d*])");
  private static final Pattern MOBILE = Pattern.compile("(?<!\\d)(\\+?86[ -]?)?(1[3-9]\\d)[ -]?\\d{4}[ -]?(\\d{4})(?!\\d)");

  private Masking() {}

  public static String mask(String s) {
    if (s == null || s.isEmpty() || !hasDigitRun(s)) {
      return s;
    }
    String out = ID_CARD.matcher(s).replaceAll("$1********$2");
    out = replace(BANK_CARD.matcher(out));
    out = MOBILE.matcher(out).replaceAll(m -> (m.group(1) == null ? "" : Matcher.quoteReplacement(m.group(1)))
        + m.group(2) + "****" + m.group(3));
    return out;
  }

  private static String replace(Matcher m) {
    return m.replaceAll(r -> {
      String digits = r.group().replaceAll("[ -]", "");
      if (digits.length() < 16 || digits.length() > 19) {
        return Matcher.quoteReplacement(r.group());
      }
      return digits.substring(0, 4) + "*".repeat(digits.length() - 8) + digits.substring(digits.length() - 4);
    });
  }

  /** Cheap pre-check: at least 11 digits in a row (ignoring spaces and dashes) somewhere. */
  private static boolean hasDigitRun(String s) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= '0' && ch <= '9') {
        if (++run >= 11) {
          return true;
        }
      } else if (ch != ' ' && ch != '-') {
        run = 0;
      }
    }
    return false;
  }
}

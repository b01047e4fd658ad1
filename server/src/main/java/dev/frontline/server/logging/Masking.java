package dev.frontline.server.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal numbers in free text: Chinese mobile numbers (138****5678, with or without
 * {@code +86} / {@code 0086} / {@code 86} and with spaces, dashes or dots between the groups),
 * resident ID-card numbers of 18 (110105********1234) and of 15 digits (first generation,
 * 110105******123), and bank-card numbers (first 4 and last 4 kept). Full-width digits and
 * separators count as their ASCII forms. The one masking of the server: the log encoder, the
 * trail's daily files and exports, and the unanswered-question log all call it.
 *
 * <p>The patterns run over a normalised copy of the text (full-width forms folded to ASCII, one
 * character for one, so positions agree); each match turns the digits it hides into {@code *} in
 * the original, which keeps every other character as written. A later pattern never matches
 * across digits an earlier one hid.
 */
public final class Masking {
  private static final String SEP = "[ .\\-\\u00a0]";
  private static final Pattern ID_CARD = Pattern.compile(
      "(?<![0-9A-Za-z*])[0-9]{6}" + SEP + "?([0-9]{8})" + SEP + "?[0-9]{3}[0-9Xx](?![0-9A-Za-z*])");
  private static final Pattern ID_CARD_15 = Pattern.compile("(?<![0-9A-Za-z*])[0-9]{6}([0-9]{6})[0-9]{3}(?![0-9A-Za-z*])");
  private static final Pattern BANK_CARD = Pattern.compile("(?<![0-9*])[0-9](?:[ \\-]?[0-9]){15,18}(?![0-9*])");
  private static final Pattern MOBILE = Pattern.compile("(?<![0-9*])(?:(?:\\+|00)?86" + SEP + "?)?1[3-9][0-9]" + SEP
      + "?([0-9]{4})" + SEP + "?[0-9]{4}(?![0-9*])");

  private Masking() {}

  public static String mask(String s) {
    if (s == null || s.isEmpty() || !hasDigitRun(s)) {
      return s;
    }
    char[] norm = normalise(s);
    char[] out = s.toCharArray();
    hideGroup(ID_CARD, norm, out);
    hideBankCards(norm, out);
    hideGroup(MOBILE, norm, out);
    // After mobiles: 0086 and eleven digits is fifteen digits too (no ID number starts with 0).
    hideGroup(ID_CARD_15, norm, out);
    return new String(out);
  }

  /**
   * A JSON value with personal numbers masked: text as by {@link #mask(String)}, and a number
   * whose digits read as one ({@code "phone":13812345678}) as masked text; any other value as it is.
   */
  public static JsonNode mask(JsonNode v) {
    if (v.isTextual()) {
      String m = mask(v.textValue());
      return m.equals(v.textValue()) ? v : TextNode.valueOf(m);
    }
    if (v.isNumber()) {
      String digits = v.decimalValue().stripTrailingZeros().toPlainString();
      String m = mask(digits);
      return m.equals(digits) ? v : TextNode.valueOf(m);
    }
    return v;
  }

  /** Hides the digits of group 1 of every match. */
  private static void hideGroup(Pattern p, char[] norm, char[] out) {
    Matcher m = p.matcher(java.nio.CharBuffer.wrap(norm));
    while (m.find()) {
      hide(norm, out, m.start(1), m.end(1));
    }
  }

  /** Bank cards: every digit but the first 4 and the last 4. */
  private static void hideBankCards(char[] norm, char[] out) {
    Matcher m = BANK_CARD.matcher(java.nio.CharBuffer.wrap(norm));
    while (m.find()) {
      int digits = 0;
      for (int i = m.start(); i < m.end(); i++) {
        if (isDigit(norm[i])) {
          digits++;
        }
      }
      int seen = 0;
      for (int i = m.start(); i < m.end(); i++) {
        if (isDigit(norm[i])) {
          seen++;
          if (seen > 4 && seen <= digits - 4) {
            norm[i] = '*';
            out[i] = '*';
          }
        }
      }
    }
  }

  private static void hide(char[] norm, char[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      if (isDigit(norm[i])) {
        norm[i] = '*';
        out[i] = '*';
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Full-width digits, plus, minus, full stop and space, and the Unicode dashes, as ASCII. */
  private static char[] normalise(String s) {
    char[] n = s.toCharArray();
    for (int i = 0; i < n.length; i++) {
      n[i] = fold(n[i]);
    }
    return n;
  }

  private static char fold(char c) {
    if (c >= '\uff10' && c <= '\uff19') {
      return (char) ('0' + (c - '\uff10'));
    }
    return switch (c) {
      case '\uff0b' -> '+';
      case '\uff0d', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212' -> '-';
      case '\uff0e', '\u3002' -> '.';
      case '\u3000' -> ' ';
      case '\uff38' -> 'X';
      case '\uff58' -> 'x';
      default -> c;
    };
  }

  /** Cheap pre-check: at least 11 digits (ASCII or full-width) close together somewhere. */
  private static boolean hasDigitRun(String s) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = fold(s.charAt(i));
      if (isDigit(ch)) {
        if (++run >= 11) {
          return true;
        }
      } else if (ch != ' ' && ch != '-' && ch != '.' && ch != '+' && ch != '\u00a0') {
        run = 0;
      }
    }
    return false;
  }
}

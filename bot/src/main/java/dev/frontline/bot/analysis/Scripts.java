package dev.frontline.bot.analysis;

/** Cheap script checks on raw text. */
public final class Scripts {
  private Scripts() {}

  /** True when {@code text} holds at least one Han (Chinese) character. */
  public static boolean hasHan(CharSequence text) {
    for (int i = 0; i < text.length(); ) {
      int cp = Character.codePointAt(text, i);
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }
}

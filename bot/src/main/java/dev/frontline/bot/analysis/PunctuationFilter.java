package dev.frontline.bot.analysis;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Drops tokens without a letter or digit (smartcn emits punctuation as tokens). */
final class PunctuationFilter extends FilteringTokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

  PunctuationFilter(TokenStream in) {
    super(in);
  }

  @Override
  protected boolean accept() {
    char[] buf = term.buffer();
    int len = term.length();
    for (int i = 0; i < len; ) {
      int cp = Character.codePointAt(buf, i, len);
      if (Character.isLetterOrDigit(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }
}

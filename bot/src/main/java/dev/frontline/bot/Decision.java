package dev.frontline.bot;

import java.util.Locale;

/** What the bot does with a question. */
public enum Decision {
  /** Reply with the matched entry's answer. */
  ANSWER,
  /** Unsure: offer the best few entries as "did you mean". */
  SUGGEST,
  /** Pass the visitor to a person: asked for one, or nothing fits. */
  HANDOFF;

  /** The lower-case name used on the wire ({@code "answer"}, {@code "suggest"}, {@code "handoff"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

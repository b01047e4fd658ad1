package dev.frontline.bot;

import java.util.Objects;

/** A "did you mean" entry offered to the visitor. */
public record Suggestion(String faqId, String question) {
  public Suggestion {
    Objects.requireNonNull(faqId, "faqId");
    Objects.requireNonNull(question, "question");
  }
}

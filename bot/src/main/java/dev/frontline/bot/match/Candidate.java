package dev.frontline.bot.match;

import java.util.Objects;

/**
 * One entry the question may be about.
 *
 * @param faqId the entry
 * @param score confidence in [0, 1], comparable across questions
 */
public record Candidate(String faqId, double score) {
  public Candidate {
    Objects.requireNonNull(faqId, "faqId");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
  }
}

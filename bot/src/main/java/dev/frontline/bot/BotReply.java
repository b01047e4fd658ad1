package dev.frontline.bot;

import java.util.List;
import java.util.Objects;

/**
 * The bot's decision for one question.
 *
 * @param decision answer, suggest or handoff
 * @param faqId the answered entry, or the best guess when suggesting or handing off after a
 *     search; null when there was no search (blank, a request for a person) or no candidate
 * @param score confidence in [0, 1]
 * @param answer the entry's answer text when {@code decision} is {@link Decision#ANSWER}
 * @param suggestions best first; non-empty when suggesting
 * @param reason why, for logs and the trail (e.g. {@code matched}, {@code unsure},
 *     {@code asked_for_person}, {@code no_match}, {@code repeated_miss})
 */
public record BotReply(
    Decision decision,
    String faqId,
    double score,
    String answer,
    List<Suggestion> suggestions,
    String reason) {

  public BotReply {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    if (score < 0 || score > 1 || Double.isNaN(score)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
  }

  /** A hand-off with no matched entry. */
  public static BotReply handoff(String reason) {
    return new BotReply(Decision.HANDOFF, null, 0, null, List.of(), reason);
  }
}

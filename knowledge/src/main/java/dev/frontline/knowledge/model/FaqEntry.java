package dev.frontline.knowledge.model;

import java.util.List;
import java.util.Objects;

/**
 * One FAQ entry as the bot sees it: the standard question, the ways visitors phrase it, the
 * answer and the category. Immutable; a change to an entry is a new instance.
 *
 * @param id stable id (kept from imports)
 * @param question the standard question
 * @param similar other phrasings of the same question
 * @param answer plain text, may contain links
 * @param category free-form category used for routing and the self-service panel
 */
public record FaqEntry(String id, String question, List<String> similar, String answer, String category) {

  public FaqEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (question.isBlank()) {
      throw new IllegalArgumentException("question must not be blank");
    }
    similar = similar == null ? List.of() : List.copyOf(similar);
    answer = answer == null ? "" : answer;
    category = category == null ? "" : category;
  }
}

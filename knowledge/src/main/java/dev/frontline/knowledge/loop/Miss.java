package dev.frontline.knowledge.loop;

import java.util.Objects;

/**
 * A question the bot handed off or was unsure of, without anything about the visitor.
 *
 * @param id the log's id (ascending in time)
 * @param text the question as asked (personal numbers masked)
 * @param decision {@code suggest} or {@code handoff}
 * @param faqId the bot's best guess, or null
 * @param score the bot's confidence in its best guess, in [0, 1]
 * @param ts when it was asked, epoch ms
 */
public record Miss(long id, String text, String decision, String faqId, double score, long ts) {
  public Miss {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(decision, "decision");
  }
}

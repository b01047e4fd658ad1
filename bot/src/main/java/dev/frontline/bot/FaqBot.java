package dev.frontline.bot;

import dev.frontline.knowledge.loop.QuestionClusters;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The FAQ bot: matches a visitor's question against the published entries and decides whether
 * to answer, suggest or hand off.
 *
 * <p>Thread-safe. {@link #answer} may block briefly (Lucene, CPU work): call it from a worker
 * pool, never from a network event loop. Index changes never pause answers: a question is
 * answered from the last published snapshot while a change is being applied.
 */
public interface FaqBot extends AutoCloseable {

  /** Decides what to do with {@code question} given the conversation's {@code context}. */
  BotReply answer(String question, BotContext context);

  /** Adds or replaces one published entry; visible to {@link #answer} within one second. */
  void upsert(FaqEntry entry);

  /** Removes an entry; a no-op when absent. */
  void delete(String id);

  /** Replaces the whole published set (start-up, bulk import). */
  void replaceAll(Collection<FaqEntry> entries);

  /**
   * Replaces the categories whose questions go straight to a person (the menu's person-only
   * entries: purchases, after-sales, complaints); the next question is decided with them.
   */
  void directCategories(Set<String> categories);

  /**
   * Blocks until what the bot learns from the whole set (such as a question adapter) reflects
   * every change made so far, instead of catching up in the background a few seconds later.
   * For the end of a batch of changes (an import); the default has nothing to learn.
   */
  default void settle() {}

  /**
   * The thresholds learned from the knowledge base, one per language bot (docs/bot.md,
   * "Calibration per knowledge base"); empty before the first calibration or when not calibrated.
   */
  default List<Calibration> calibrations() {
    return List.of();
  }

  /**
   * What {@code text} means to the bot's embedding model, to group unanswered questions by
   * meaning; null without one (BM25 only).
   */
  default QuestionClusters.Meaning meaning(String text) {
    return null;
  }

  /** Learns the thresholds again with {@code settings}, in the background; answers never wait. */
  default void calibrate(CalibrationSettings settings) {}

  @Override
  void close();
}

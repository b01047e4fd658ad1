package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.knowledge.model.FaqEntry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A base that grows entry by entry (as the server feeds editors' publishes and small imports)
 * gets its question adapter too, without a whole-base rebuild, and answers as well as a rebuilt one.
 */
class AdapterUpkeepTest {

  @Test
  void entriesUpsertedOneByOne_getAnAdapterOnceTheBaseIsQuiet() throws Exception {
    BotConfig config = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH).withCacheSize(0);
    List<FaqEntry> faq = TelecomDemoTest.demoFaq();
    try (LuceneFaqBot bot = new LuceneFaqBot(config)) {
      bot.replaceAll(List.of());
      assertFalse(bot.adapted(), "an empty base has nothing to learn from");
      long before = bot.adapterVersion();
      for (FaqEntry e : faq) {
        bot.upsert(e);
      }
      awaitAdapter(bot, before);
      assertTrue(bot.adapted(), "the demo base has enough paraphrases to learn from");
      EvalReport report = EvalReport.of(Evaluator.run(bot, TelecomDemoTest.questions()));
      assertTrue(report.top1() >= 0.9, "top-1 " + report.top1());
      assertTrue(report.answerPrecision() >= 0.9, "answer precision " + report.answerPrecision());

      long learned = bot.adapterVersion();
      for (FaqEntry e : faq) {
        bot.delete(e.id());
      }
      awaitAdapter(bot, learned);
      assertFalse(bot.adapted(), "an emptied base drops its adapter");
    }
  }

  @Test
  void banking77_builtByUpserts_matchesTheRebuiltBotsDevFloor() {
    Path dir = Datasets.require("banking77-en");
    BotConfig config = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_EN).withCacheSize(0);
    try (LuceneFaqBot bot = new LuceneFaqBot(config)) {
      bot.replaceAll(List.of());
      long before = bot.adapterVersion();
      for (FaqEntry e : Evaluator.faq(dir)) {
        bot.upsert(e);
      }
      awaitAdapter(bot, before);
      EvalReport report = EvalReport.of(Evaluator.run(bot, Evaluator.queries(dir, "dev")));
      assertTrue(report.top1() >= 0.845, "top-1 " + report.top1());
      assertTrue(report.answerPrecision() >= 0.93, "answer precision " + report.answerPrecision());
    }
  }

  /** Waits (at most the upkeep's longest delay plus learning time) for a newer adapter. */
  private static void awaitAdapter(LuceneFaqBot bot, long after) {
    long deadline = System.nanoTime() + (LuceneFaqBot.ADAPTER_MAX_DELAY_MILLIS + 30_000) * 1_000_000;
    while (bot.adapterVersion() <= after && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertTrue(bot.adapterVersion() > after, "no new adapter was installed");
  }
}

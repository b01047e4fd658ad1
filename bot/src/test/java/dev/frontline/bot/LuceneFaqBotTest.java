package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LuceneFaqBotTest {

  private static final FaqEntry BALANCE =
      new FaqEntry(
          "bal", "怎么查询话费余额？", List.of("查话费", "我还有多少话费"), "发送CXHF到10001。", "话费");
  private static final FaqEntry DATA =
      new FaqEntry("data", "怎么查询剩余流量？", List.of("还剩多少流量", "流量查询"), "发送CXLL到10001。", "流量");
  private static final FaqEntry CARD =
      new FaqEntry(
          "card", "How do I activate my new card?", List.of("card activation"), "In the app.", "");

  private static FaqBot bot(FaqEntry... entries) {
    FaqBot bot = FaqBots.create(BotConfig.defaults());
    bot.replaceAll(List.of(entries));
    return bot;
  }

  @Test
  void exactPhrasing_isAnsweredWithFullConfidence() {
    try (FaqBot bot = bot(BALANCE, DATA, CARD)) {
      BotReply r = bot.answer("我还有多少话费", BotContext.NONE);
      assertEquals(Decision.ANSWER, r.decision());
      assertEquals("bal", r.faqId());
      assertTrue(r.score() > 0.95, "score " + r.score());
      assertEquals("card", bot.answer("how do i activate my new card", BotContext.NONE).faqId());
    }
  }

  @Test
  void blankOrPunctuationOnly_neverThrows() {
    try (FaqBot bot = bot(BALANCE)) {
      assertEquals("empty", bot.answer("", BotContext.NONE).reason());
      assertEquals("empty", bot.answer(" ", null).reason());
      assertEquals("no_match", bot.answer("？？？", BotContext.NONE).reason());
      assertEquals("no_match", bot.answer("zzzz qqqq", BotContext.NONE).reason());
    }
  }

  @Test
  void emptyIndex_handsOffAsNoMatch() {
    try (FaqBot bot = FaqBots.create(BotConfig.defaults())) {
      assertEquals("no_match", bot.answer("怎么查话费", BotContext.NONE).reason());
    }
  }

  @Test
  void chineseQuestionAboutAI_isNotHandedOffAsPersonRequest() {
    try (FaqBot bot = bot(BALANCE)) {
      assertNotEquals("asked_for_person", bot.answer("人工智能是什么", BotContext.NONE).reason());
      assertEquals("asked_for_person", bot.answer("转人工", BotContext.NONE).reason());
    }
  }

  @ParameterizedTest(name = "dense={0}")
  @ValueSource(booleans = {false, true})
  void upsertAndDelete_becomeVisibleWithinOneSecond_whileAnotherThreadKeepsAnswering(boolean dense)
      throws Exception {
    BotConfig config = BotConfig.defaults();
    if (dense) {
      config = config.withDense(EmbeddingModel.BGE_SMALL_ZH);
    }
    try (FaqBot bot = FaqBots.create(config)) {
      bot.replaceAll(List.of(BALANCE, DATA));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger answered = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread asker =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    assertNotNull(bot.answer("还剩多少流量", BotContext.NONE));
                    answered.incrementAndGet();
                  } catch (Throwable t) {
                    failure.set(t);
                    return;
                  }
                }
              },
              "test-asker");
      asker.start();
      try {
        FaqEntry roaming =
            new FaqEntry("roam", "出国怎么开通国际漫游？", List.of("国际漫游"), "默认开通。", "漫游");
        long t0 = System.nanoTime();
        bot.upsert(roaming);
        waitUntil(bot, "国际漫游怎么开通", r -> "roam".equals(r.faqId()));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "upsert took over 1 s to show");

        t0 = System.nanoTime();
        bot.delete("roam");
        waitUntil(bot, "国际漫游怎么开通", r -> !"roam".equals(r.faqId()));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "delete took over 1 s to show");

        FaqEntry newAnswer =
            new FaqEntry("data", "怎么查询剩余流量？", List.of("还剩多少流量"), "在App首页看。", "流量");
        bot.upsert(newAnswer);
        waitUntil(bot, "还剩多少流量", r -> "在App首页看。".equals(r.answer()));
      } finally {
        stop.set(true);
        asker.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("answering failed during updates", failure.get());
      }
      assertTrue(answered.get() > 0);
    }
  }

  private static void waitUntil(FaqBot bot, String question, Predicate<BotReply> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (done.test(bot.answer(question, BotContext.NONE))) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("not visible within 1 s: " + question);
  }

  @Test
  void replaceAll_dropsEntriesNotInTheNewSet() {
    try (FaqBot bot = bot(BALANCE, DATA)) {
      bot.replaceAll(List.of(CARD));
      assertNotEquals("bal", bot.answer("查话费", BotContext.NONE).faqId());
      assertEquals("card", bot.answer("card activation", BotContext.NONE).faqId());
    }
  }

  @Test
  void directCategory_handsOffWhenItIsTheBestEntry() {
    BotConfig config = BotConfig.defaults().withDirectCategories(java.util.Set.of("流量"));
    try (FaqBot bot = FaqBots.create(config)) {
      bot.replaceAll(List.of(BALANCE, DATA));
      BotReply r = bot.answer("流量查询", BotContext.NONE);
      assertEquals(Decision.HANDOFF, r.decision());
      assertEquals("direct_to_person", r.reason());
      assertEquals(Decision.ANSWER, bot.answer("查话费", BotContext.NONE).decision());
    }
  }
}

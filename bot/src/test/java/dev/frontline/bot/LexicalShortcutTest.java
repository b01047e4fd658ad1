package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.decide.Thresholds;
import dev.frontline.bot.embed.Embedders;
import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.bot.embed.TextEmbedder;
import dev.frontline.bot.match.Candidate;
import dev.frontline.bot.match.LexicalShortcut;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A question the BM25 evidence already decides is answered without embedding it, with the same
 * decision as the full hybrid; any other question still pays the dense pass. The demo base and
 * the real bge-small-zh model; the embedder is the shared model, counted.
 */
class LexicalShortcutTest {

  /** The real model; counts the visitors' questions it embeds. */
  private static final class CountingEmbedder implements TextEmbedder {
    private final TextEmbedder model = Embedders.shared(EmbeddingModel.BGE_SMALL_ZH, 1, false);
    final AtomicLong questions = new AtomicLong();

    @Override
    public int dimension() {
      return model.dimension();
    }

    @Override
    public float[] embedQuery(String text) {
      questions.incrementAndGet();
      return model.embedQuery(text);
    }

    @Override
    public List<float[]> embedPhrasings(List<String> texts) {
      return model.embedPhrasings(texts);
    }

    @Override
    public void close() {}
  }

  private static final BotConfig ON = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH).withCacheSize(0);
  private static final BotConfig OFF = ON.withDense(ON.dense().withShortcut(null));

  /** "服务密码忘记了": lexical 0.98 to "手机密码忘记了"'s entry, 0.30 to the next one. */
  private static final String DECISIVE = "服务密码忘记了";

  /** "流量还剩多少": a phrasing of tel-008 word for word, but tel-001 scores 0.70 lexically too. */
  private static final String CLOSE_RIVAL = "流量还剩多少";

  private record Asked(BotReply reply, long embedded, long shortcuts) {}

  private static Asked ask(BotConfig config, String question) throws Exception {
    CountingEmbedder embedder = new CountingEmbedder();
    try (LuceneFaqBot bot = new LuceneFaqBot(config, embedder)) {
      bot.replaceAll(TelecomDemoTest.demoFaq());
      bot.settle(); // calibration embeds the held-out phrasings; count only the question's
      long before = embedder.questions.get();
      BotReply reply = bot.answer(question, BotContext.NONE);
      return new Asked(reply, embedder.questions.get() - before, bot.shortcutsTaken());
    }
  }

  @Test
  void decisiveQuestion_isAnsweredWithoutEmbedding_asTheFullHybridAnswersIt() throws Exception {
    Asked fast = ask(ON, DECISIVE);
    Asked full = ask(OFF, DECISIVE);
    assertEquals(0, fast.embedded(), "the shortcut must not embed the question");
    assertEquals(1, fast.shortcuts());
    assertEquals(1, full.embedded());
    assertEquals(0, full.shortcuts());
    assertEquals(Decision.ANSWER, full.reply().decision());
    assertEquals(full.reply().decision(), fast.reply().decision());
    assertEquals("tel-031", fast.reply().faqId());
    assertEquals(full.reply().faqId(), fast.reply().faqId());
    // the reported confidence is the shortcut's calibrated floor, never above what the hybrid gave
    assertEquals(ON.dense().shortcut().confidence(), fast.reply().score());
    assertTrue(fast.reply().score() <= full.reply().score(), fast.reply() + " vs " + full.reply());
  }

  @Test
  void aPhrasingWithACloseLexicalRival_stillPaysTheDensePass_andGetsTheHybridDecision()
      throws Exception {
    Asked withRule = ask(ON, CLOSE_RIVAL);
    Asked full = ask(OFF, CLOSE_RIVAL);
    assertEquals(1, withRule.embedded());
    assertEquals(0, withRule.shortcuts());
    assertEquals(full.reply(), withRule.reply());
    assertEquals("tel-008", withRule.reply().faqId());
  }

  @Test
  void anAnswerCutAboveTheShortcutsConfidence_turnsTheShortcutOff() throws Exception {
    // a base whose answers need more confidence than the shortcut can vouch for (bq-webank's
    // learned cut is 1.0) must not answer from the lexical evidence alone
    BotConfig strict = ON.withCalibration(false).withDense(ON.dense().withThresholds(new Thresholds(0.95, 0.3)));
    Asked asked = ask(strict, DECISIVE);
    assertEquals(1, asked.embedded());
    assertEquals(0, asked.shortcuts());
  }

  @Test
  void rule_needsTheLevelTheLeadAndAnAnswerCutItCanMeet() {
    LexicalShortcut rule = new LexicalShortcut(0.85, 0.5, 0.91);
    Candidate a = new Candidate("a", 0.9);
    assertNotNull(rule.decides(List.of(a, new Candidate("b", 0.4)), 0.83));
    assertEquals(new Candidate("a", 0.91), rule.decides(List.of(a), 0.83));
    assertNull(rule.decides(List.of(a, new Candidate("b", 0.41)), 0.83), "lead 0.49");
    assertNull(rule.decides(List.of(new Candidate("a", 0.84)), 0.83), "level 0.84");
    assertNull(rule.decides(List.of(a), 0.92), "answer cut above the confidence");
    assertNull(rule.decides(List.of(), 0.5));
  }
}

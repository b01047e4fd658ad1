package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.bot.match.Candidate;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bge-small models (loaded once per JVM) find paraphrases that share no words. */
class DenseRetrievalTest {

  private static final List<FaqEntry> EN =
      List.of(
          new FaqEntry("refund", "How do I request a refund?", List.of("refund request"), "r", ""),
          new FaqEntry("buy", "How do I make a purchase with my card?", List.of("card purchase"), "b", ""),
          new FaqEntry("pin", "How do I change my PIN?", List.of(), "p", ""));

  private static final List<FaqEntry> ZH =
      List.of(
          new FaqEntry("data", "怎么查询剩余流量？", List.of("流量查询"), "发送CXLL。", "流量"),
          new FaqEntry("bal", "怎么查询话费余额？", List.of("查话费"), "发送CXHF。", "话费"),
          new FaqEntry("lost", "手机卡丢了怎么挂失？", List.of("挂失手机卡"), "拨打10001。", "号卡"));

  private static List<Candidate> rank(BotConfig config, List<FaqEntry> faq, String question) {
    try (LuceneFaqBot bot = new LuceneFaqBot(config.withCacheSize(0))) {
      bot.replaceAll(faq);
      return bot.rank(question);
    }
  }

  @Test
  void englishParaphrase_bm25PicksTheWrongEntry_denseFindsTheRightOne() {
    String q = "I want my money back for this purchase";
    assertNotEquals("refund", rank(BotConfig.defaults(), EN, q).get(0).faqId());
    BotConfig dense = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_EN);
    List<Candidate> ranked = rank(dense, EN, q);
    assertEquals("refund", ranked.get(0).faqId());
    assertTrue(ranked.get(0).score() > 0.5, "score " + ranked.get(0).score());
  }

  @Test
  void chineseParaphrase_withNoSharedCharacter_isFoundOnlyByDense() {
    String q = "这个月我还能上网多少G";
    assertEquals(List.of(), rank(BotConfig.defaults(), ZH, q));
    BotConfig dense = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH);
    assertEquals("data", rank(dense, ZH, q).get(0).faqId());
  }

  @Test
  void denseBot_answersConfidentParaphrase_andStillHandsOffOnRequest() {
    BotConfig dense = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH);
    try (FaqBot bot = FaqBots.create(dense)) {
      bot.replaceAll(ZH);
      BotReply r = bot.answer("电话卡找不到了", BotContext.NONE);
      assertEquals(Decision.ANSWER, r.decision());
      assertEquals("lost", r.faqId());
      assertEquals("asked_for_person", bot.answer("转人工", BotContext.NONE).reason());
      assertEquals("empty", bot.answer(" ", BotContext.NONE).reason());
    }
  }

  @Test
  void aKnowledgeBaseOfOneEntry_doesNotAnswerUnrelatedQuestions() {
    // With no runner-up the best entry would "stand out" for any question; an unrelated entry's
    // level stands in for the missing rival.
    BotConfig dense = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH);
    try (FaqBot bot = FaqBots.create(dense)) {
      bot.replaceAll(List.of(new FaqEntry("bb", "宽带怎么报修", List.of(), "拨打10000。", "宽带")));
      assertNotEquals(Decision.ANSWER, bot.answer("怎么开通国际漫游", BotContext.NONE).decision());
      assertNotEquals(Decision.ANSWER, bot.answer("今天天气怎么样", BotContext.NONE).decision());
      assertEquals(Decision.ANSWER, bot.answer("宽带坏了怎么报修", BotContext.NONE).decision());
    }
  }

  @Test
  void aTinyChineseBase_handsOffAnUnrelatedQuestion_insteadOfSuggesting() {
    BotConfig dense = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH);
    try (FaqBot bot = FaqBots.create(dense)) {
      bot.replaceAll(List.of(
          new FaqEntry("bill", "怎么查询话费余额", List.of("查话费"), "发送CXHF到10001。", "话费"),
          new FaqEntry("top", "怎么给手机充值", List.of("交话费"), "打开App充值。", "话费"),
          new FaqEntry("pkg", "流量套餐怎么办理", List.of("加流量包"), "发送LL到10001。", "流量")));
      for (String q : List.of("猫粮", "今天天气怎么样", "附近有什么好吃的")) {
        BotReply r = bot.answer(q, BotContext.NONE);
        assertEquals(Decision.HANDOFF, r.decision(), q + " -> " + r);
      }
      assertEquals(Decision.ANSWER, bot.answer("我想查一下话费余额", BotContext.NONE).decision());
    }
  }

  @Test
  void bilingualBot_sendsEachQuestionToItsLanguagesEntries() {
    try (FaqBot bot = FaqBots.bilingual(BotConfig.defaults(), true)) {
      FaqEntry named = new FaqEntry("mipay", "Mi Pay", List.of("小米手机的指纹支付怎么开通"), "在小米钱包里添加银行卡。", "");
      bot.replaceAll(List.of(ZH.get(2), EN.get(0), EN.get(2), named));
      assertEquals("lost", bot.answer("电话卡找不到了", BotContext.NONE).faqId());
      assertEquals("mipay", bot.answer("小米手机指纹支付如何开通", BotContext.NONE).faqId(),
          "an entry titled by a name, with Chinese phrasings, is a Chinese entry");
      assertEquals("refund", bot.answer("I want my money back for an order", BotContext.NONE).faqId());
      bot.upsert(new FaqEntry("refund", "退款怎么申请？", List.of("申请退款"), "在订单页申请。", ""));
      long deadline = System.nanoTime() + 1_000_000_000L;
      String got = null;
      while (System.nanoTime() < deadline && !"refund".equals(got)) {
        got = bot.answer("我想退款", BotContext.NONE).faqId();
      }
      assertEquals("refund", got, "an entry that changed language moves, within a second");
      assertNotEquals("refund", bot.answer("I want my money back for an order", BotContext.NONE).faqId());
    }
  }
}

package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.bot.match.Fusion;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Near-twin Chinese entries that differ only in a product name or an error code: the sentence
 * around the name is the same, so the embedding barely tells them apart, and the identifier
 * coverage (share of the question's Latin terms and long numbers that the entry has) decides.
 */
class IdentifierMatchingTest {

  private static final List<FaqEntry> TWINS =
      List.of(
          new FaqEntry("apple-bind", "Apple Pay怎么绑定银行卡？", List.of("苹果手机Apple Pay如何添加卡片"), "a", "手机支付"),
          new FaqEntry("huawei-bind", "Huawei Pay怎么绑定银行卡？", List.of("华为手机Huawei Pay如何添加卡片"), "h", "手机支付"),
          new FaqEntry("samsung-bind", "Samsung Pay怎么绑定银行卡？", List.of("三星手机Samsung Pay如何添加卡片"), "s", "手机支付"),
          new FaqEntry("mi-bind", "Mi Pay怎么绑定银行卡？", List.of("小米手机Mi Pay如何添加卡片"), "m", "手机支付"),
          new FaqEntry("mi-code", "Mi Pay短信验证码有效期多久？", List.of("Mi Pay验证码多长时间失效"), "mc", "手机支付"),
          new FaqEntry("samsung-code", "Samsung Pay短信验证码有效期多久？", List.of("Samsung Pay验证码多长时间失效"), "sc", "手机支付"),
          new FaqEntry("z6", "在线支付报错10000Z6是什么原因？", List.of("付款失败提示10000Z6"), "z6", "在线支付"),
          new FaqEntry("z8", "在线支付报错10000Z8是什么原因？", List.of("付款失败提示10000Z8"), "z8", "在线支付"),
          new FaqEntry("p1", "在线支付报错10000P1是什么原因？", List.of("付款失败提示10000P1"), "p1", "在线支付"),
          new FaqEntry("limit", "在线支付的限额是多少？", List.of("网上付款一次最多能付多少钱"), "l", "在线支付"));

  private static final Map<String, String> QUESTIONS =
      Map.of(
          "mi pay的验证码多久有效", "mi-code",
          "我的Samsung Pay收到的验证码过多久就不能用了", "samsung-code",
          "10000Z8", "z8",
          "支付的时候显示10000P1怎么办", "p1",
          "Huawei Pay里加不了卡", "huawei-bind",
          "请问Mi Pay能添加哪些银行卡", "mi-bind");

  private static List<String> misses(BotConfig config) {
    List<String> wrong = new ArrayList<>();
    try (LuceneFaqBot bot = new LuceneFaqBot(config.withCacheSize(0))) {
      bot.replaceAll(TWINS);
      for (Map.Entry<String, String> q : QUESTIONS.entrySet()) {
        String got = bot.rank(q.getKey()).get(0).faqId();
        if (!got.equals(q.getValue())) {
          wrong.add(q.getKey() + " -> " + got);
        }
      }
    }
    return wrong;
  }

  @Test
  void chineseQuestionNamingAProductOrCode_findsTheTwinWithTheSameName() {
    BotConfig tuned = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH);
    assertEquals(List.of(), misses(tuned));
  }

  @Test
  void withoutTheIdentifierWeight_someTwinIsConfused() {
    BotConfig tuned = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH);
    Fusion f = tuned.dense().fusion();
    Fusion off = new Fusion(f.lexical(), f.denseMax(), f.denseCentroid(), 0, f.level(), f.margin(), f.bias());
    List<String> wrong = misses(tuned.withDense(tuned.dense().withFusion(off)));
    assertTrue(!wrong.isEmpty(), "BM25 and the embedding alone told every twin apart");
  }
}

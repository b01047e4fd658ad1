package dev.frontline.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.knowledge.importer.JsonLines;
import dev.frontline.knowledge.model.FaqEntry;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The Chinese telecom demo base answers realistic visitor questions. */
class TelecomDemoTest {

  static List<FaqEntry> demoFaq() throws Exception {
    try (Reader in = resource("/demo/telecom-faq.jsonl")) {
      return JsonLines.readEntries(in, "demo/telecom-faq.jsonl");
    }
  }

  static Reader resource(String name) {
    return new InputStreamReader(
        Objects.requireNonNull(TelecomDemoTest.class.getResourceAsStream(name), name),
        StandardCharsets.UTF_8);
  }

  @Test
  void demoQuestions_withDense_areMostlyAnsweredRight() throws Exception {
    BotConfig config = BotConfig.defaults().withDense(EmbeddingModel.BGE_SMALL_ZH);
    EvalReport report = EvalReport.of(Evaluator.run(config, demoFaq(), questions()));
    assertTrue(report.top1() >= 0.9, "top-1 " + report.top1());
    assertTrue(report.answerRate() >= 0.5, "answer rate " + report.answerRate());
    assertTrue(report.answerPrecision() >= 0.9, "answer precision " + report.answerPrecision());
  }

  @Test
  void demoBase_answersItsOwnSampleQuestions_andEnglishVisitors() throws Exception {
    try (FaqBot bot = FaqBots.bilingual(BotConfig.defaults(), true)) {
      bot.replaceAll(demoFaq());
      bot.settle();
      // the demo page's sample question: running out of data is the add-on pack, not the
      // "why does data go so fast" entry
      assertEquals("tel-014", bot.answer("流量用完了怎么办", BotContext.NONE).faqId());
      assertEquals("tel-001", bot.answer("怎么查话费余额", BotContext.NONE).faqId());
      for (String[] q : new String[][] {
          {"how do I check my balance", "tel-001"},
          {"how can I see how much money is left on my phone", "tel-001"},
          {"I want to recharge my phone", "tel-002"},
          {"my home internet is not working", "tel-018"},
          {"how do I use my phone when travelling abroad", "tel-029"}}) {
        BotReply r = bot.answer(q[0], BotContext.NONE);
        assertEquals(q[1], r.faqId(), q[0] + " -> " + r);
      }
      BotReply balance = bot.answer("how do I check my balance", BotContext.NONE);
      assertEquals(Decision.ANSWER, balance.decision(), balance.toString());
      assertTrue(balance.answer().contains("Text CXHF to 10001"), "the answer's English half");
    }
  }

  static List<EvalQuery> questions() throws Exception {
    try (Reader in = resource("/telecom-questions.jsonl")) {
      return JsonLines.read(in, "telecom-questions.jsonl", EvalQuery.class);
    }
  }

  @Test
  void demoQuestions_mostlyRankTheRightEntryFirst() throws Exception {
    List<FaqEntry> faq = demoFaq();
    assertTrue(faq.size() >= 40, "entries " + faq.size());
    List<EvalQuery> questions;
    try (Reader in = resource("/telecom-questions.jsonl")) {
      questions = JsonLines.read(in, "telecom-questions.jsonl", EvalQuery.class);
    }
    EvalReport report = EvalReport.of(Evaluator.run(BotConfig.defaults(), faq, questions));
    assertTrue(report.top1() >= 0.8, "top-1 " + report.top1());
    assertTrue(report.top3() >= 0.95, "top-3 " + report.top3());
    assertEquals(0.0, report.inScopeHandedOff(), 0.1);
  }
}

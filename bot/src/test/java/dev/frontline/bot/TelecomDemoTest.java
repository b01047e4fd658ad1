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

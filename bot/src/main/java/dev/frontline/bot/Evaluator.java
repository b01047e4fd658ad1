package dev.frontline.bot;

import dev.frontline.knowledge.importer.JsonLines;
import dev.frontline.knowledge.model.FaqEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a labelled split of a data set folder ({@code faq.jsonl} + {@code SPLIT.jsonl}) through a bot. */
final class Evaluator {

  private static final int WARM_UP_QUERIES = 200;

  private Evaluator() {}

  static List<FaqEntry> faq(Path datasetDir) {
    return JsonLines.readEntries(datasetDir.resolve("faq.jsonl"));
  }

  static List<EvalQuery> queries(Path datasetDir, String split) {
    return JsonLines.read(datasetDir.resolve(split + ".jsonl"), EvalQuery.class);
  }

  /** Builds a bot over {@code faq} (cache off, so latency is the real search) and runs {@code queries}. */
  static List<EvalResult> run(BotConfig config, List<FaqEntry> faq, List<EvalQuery> queries) {
    return run(config, faq, queries, List.of());
  }

  /**
   * The same, the bot calibrated with {@code outOfScope} as an editor's out-of-scope examples
   * (the evaluation passes the dev split's out-of-scope questions).
   */
  static List<EvalResult> run(
      BotConfig config, List<FaqEntry> faq, List<EvalQuery> queries, List<String> outOfScope) {
    try (LuceneFaqBot bot = calibrated(config, faq, outOfScope)) {
      return run(bot, queries);
    }
  }

  /** A bot over {@code faq} (cache off), calibrated before it returns, as after a server import. */
  static LuceneFaqBot calibrated(BotConfig config, List<FaqEntry> faq, List<String> outOfScope) {
    LuceneFaqBot bot = new LuceneFaqBot(config.withCacheSize(0));
    bot.replaceAll(faq);
    if (!outOfScope.isEmpty()) {
      bot.calibrate(CalibrationSettings.DEFAULTS.withOutOfScope(outOfScope));
    }
    bot.settle();
    return bot;
  }

  /** The out-of-scope questions of a split (an editor's examples, in evaluations). */
  static List<String> outOfScope(Path datasetDir, String split) {
    return queries(datasetDir, split).stream().filter(q -> !q.inScope()).map(EvalQuery::query).toList();
  }

  static List<EvalResult> run(LuceneFaqBot bot, List<EvalQuery> queries) {
    for (int i = 0; i < Math.min(WARM_UP_QUERIES, queries.size()); i++) {
      bot.answerTraced(queries.get(i).query(), BotContext.NONE);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<EvalResult> out = new ArrayList<>(queries.size());
    for (EvalQuery q : queries) {
      long shortcuts = bot.shortcutsTaken();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      LuceneFaqBot.Traced traced = bot.answerTraced(q.query(), BotContext.NONE);
      long nanos = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - c0;
      out.add(new EvalResult(
          q, traced.reply(), traced.ranked(), nanos, cpu, bot.shortcutsTaken() > shortcuts));
    }
    return out;
  }
}

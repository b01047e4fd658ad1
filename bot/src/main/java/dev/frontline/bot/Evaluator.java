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
    try (LuceneFaqBot bot = new LuceneFaqBot(config.withCacheSize(0))) {
      bot.replaceAll(faq);
      return run(bot, queries);
    }
  }

  static List<EvalResult> run(LuceneFaqBot bot, List<EvalQuery> queries) {
    for (int i = 0; i < Math.min(WARM_UP_QUERIES, queries.size()); i++) {
      bot.answerTraced(queries.get(i).query(), BotContext.NONE);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<EvalResult> out = new ArrayList<>(queries.size());
    for (EvalQuery q : queries) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      LuceneFaqBot.Traced traced = bot.answerTraced(q.query(), BotContext.NONE);
      long nanos = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - c0;
      out.add(new EvalResult(q, traced.reply(), traced.ranked(), nanos, cpu));
    }
    return out;
  }
}

package dev.frontline.bot;

import dev.frontline.bot.analysis.ChineseSegmentation;
import dev.frontline.bot.decide.Thresholds;
import dev.frontline.knowledge.model.FaqEntry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Command line for the bot.
 *
 * <pre>
 * eval DATASET_DIR [dev|test]   figures of the default bot on a split (default: dev)
 * tune DATASET_DIR [dev]        thresholds picked from a labelled split (see ThresholdTuner)
 * </pre>
 */
@SuppressForbidden(reason = "a command-line tool prints its results")
public final class BotCli {

  private BotCli() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2 || !(args[0].equals("eval") || args[0].equals("tune"))) {
      err.println("usage: BotCli eval DATASET_DIR [dev|test]");
      err.println("       BotCli tune DATASET_DIR [dev]");
      return 2;
    }
    Path dir = Path.of(args[1]);
    String split = args.length > 2 ? args[2] : "dev";
    if (!Files.isRegularFile(dir.resolve("faq.jsonl"))
        || !Files.isRegularFile(dir.resolve(split + ".jsonl"))) {
      err.println("no faq.jsonl or " + split + ".jsonl in " + dir);
      return 2;
    }
    BotConfig config = configFromProperties(BotConfig.defaults());
    List<FaqEntry> faq = Evaluator.faq(dir);
    List<EvalQuery> queries = Evaluator.queries(dir, split);
    List<EvalResult> results = Evaluator.run(config, faq, queries);
    out.printf(Locale.ROOT, "dataset            %s (%s), %d FAQ entries%n", dir, split, faq.size());
    out.print(EvalReport.of(results).format());
    if (args[0].equals("tune")) {
      double precision = Double.parseDouble(System.getProperty("bot.targetPrecision", "0.9"));
      double maxHandoff = Double.parseDouble(System.getProperty("bot.maxInScopeHandoff", "0.1"));
      out.printf(
          Locale.ROOT, "tuned thresholds   %s (precision target %.2f, in-scope hand-off cap %.2f)%n",
          ThresholdTuner.tune(results, precision, maxHandoff), precision, maxHandoff);
    }
    return 0;
  }

  /** Experiment switches as system properties, e.g. {@code -Dbot.segmentation=BIGRAM}. */
  private static BotConfig configFromProperties(BotConfig c) {
    String seg = System.getProperty("bot.segmentation");
    if (seg != null) {
      c = c.withSegmentation(ChineseSegmentation.valueOf(seg.toUpperCase(Locale.ROOT)));
    }
    String ta = System.getProperty("bot.answer");
    String ts = System.getProperty("bot.suggest");
    if (ta != null && ts != null) {
      Thresholds t = new Thresholds(Double.parseDouble(ta), Double.parseDouble(ts));
      c = c.withThresholds(t, t);
    }
    String k1 = System.getProperty("bot.k1");
    String b = System.getProperty("bot.b");
    if (k1 != null || b != null) {
      c = c.withBm25(
          k1 == null ? c.bm25K1() : Double.parseDouble(k1),
          b == null ? c.bm25B() : Double.parseDouble(b));
    }
    return c;
  }
}

package dev.frontline.bot;

import dev.frontline.bot.analysis.ChineseSegmentation;
import dev.frontline.bot.analysis.Scripts;
import dev.frontline.bot.decide.Thresholds;
import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.bot.match.Candidate;
import dev.frontline.bot.match.EntryEvidence;
import dev.frontline.bot.match.LexicalShortcut;
import dev.frontline.bot.match.Fusion;
import dev.frontline.bot.match.MatrixDump;
import dev.frontline.bot.match.RerankFeature;
import dev.frontline.bot.match.RerankerConfig;
import java.util.Arrays;
import dev.frontline.bot.analysis.MixedLanguageAnalyzer;
import dev.frontline.bot.embed.Embedders;
import org.apache.lucene.search.similarities.BM25Similarity;
import dev.frontline.knowledge.model.FaqEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Command line for the bot.
 *
 * <pre>
 * eval DATASET_DIR [dev|test]   figures of the bot on a split (default: dev)
 * tune DATASET_DIR [dev]        eval, then thresholds picked from the split (see ThresholdTuner)
 * dump DATASET_DIR SPLIT OUT    per-candidate BM25 and dense evidence as TSV (fusion fitting)
 * matrices DATASET_DIR SPLIT OUT_DIR   vectors and BM25 scores of phrasings and queries (MatrixDump)
 * </pre>
 *
 * <p>Dense retrieval is on, with the bge-small model of the base's language (Chinese when most
 * questions contain Han characters); {@code -Dbot.dense=off} gives BM25 only. Other experiment
 * switches: {@code -Dbot.segmentation}, {@code -Dbot.k1}, {@code -Dbot.b}, {@code -Dbot.answer}
 * with {@code -Dbot.suggest}, {@code -Dbot.fusion=lexical,denseMax,denseCentroid[,identifiers],level,margin,bias}, {@code
 * -Dbot.instruction=true}, {@code -Dbot.adapter=off} (no question adapter), {@code
 * -Dbot.lexicalShortcut=off} (every question embedded, see {@code shortcutFromProperties}), {@code -Dbot.rerank=on} (a re-ranker
 * learned from the held-out phrasings, see {@code rerankerFromProperties}), {@code -Dbot.autotune=dev} (thresholds picked on dev by the tune
 * procedure, then the split evaluated with them).
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
    if (args.length < 2 || !List.of("eval", "tune", "dump", "matrices").contains(args[0])
        || (args.length < 4 && (args[0].equals("dump") || args[0].equals("matrices")))) {
      err.println("usage: BotCli eval DATASET_DIR [dev|test]");
      err.println("       BotCli tune DATASET_DIR [dev]");
      err.println("       BotCli dump DATASET_DIR SPLIT OUT.tsv");
      err.println("       BotCli matrices DATASET_DIR SPLIT OUT_DIR");
      return 2;
    }
    Path dir = Path.of(args[1]);
    String split = args.length > 2 ? args[2] : "dev";
    if (!Files.isRegularFile(dir.resolve("faq.jsonl"))
        || !Files.isRegularFile(dir.resolve(split + ".jsonl"))) {
      err.println("no faq.jsonl or " + split + ".jsonl in " + dir);
      return 2;
    }
    List<FaqEntry> faq = Evaluator.faq(dir);
    List<EvalQuery> queries = Evaluator.queries(dir, split);
    BotConfig config = configFromProperties(BotConfig.defaults(), faq);
    if (args[0].equals("matrices")) {
      matrices(config, faq, queries, Path.of(args[3]));
      return 0;
    }
    if (args[0].equals("dump")) {
      dump(config, faq, queries, Path.of(args[3]));
      return 0;
    }
    String autotune = System.getProperty("bot.autotune");
    if (autotune != null) {
      Thresholds t = tune(config, faq, Evaluator.queries(dir, autotune));
      out.printf(Locale.ROOT, "thresholds         %s, picked on %s by BotCli tune%n", t, autotune);
      config = withThresholds(config, t);
    }
    long t0 = System.nanoTime();
    List<EvalResult> results;
    long buildNanos;
    long adapterMillis;
    Calibration calibration;
    String reranker;
    String examples = System.getProperty("bot.outOfScope");
    // an editor's out-of-scope examples: the out-of-scope questions of that split
    List<String> outOfScope = examples == null ? List.of() : Evaluator.outOfScope(dir, examples);
    try (LuceneFaqBot bot = Evaluator.calibrated(config, faq, outOfScope)) {
      buildNanos = System.nanoTime() - t0;
      adapterMillis = bot.adapterMillis();
      reranker = bot.rerankerDescription();
      calibration = bot.calibrations().isEmpty() ? null : bot.calibrations().get(0);
      results = Evaluator.run(bot, queries);
      String lexicalDump = System.getProperty("bot.shortcutDump");
      if (lexicalDump != null) {
        lexicalDump(bot, results, Path.of(lexicalDump));
      }
    }
    out.printf(Locale.ROOT, "dataset            %s (%s), %d FAQ entries%n", dir, split, faq.size());
    out.printf(Locale.ROOT, "retrieval          %s%n", describe(config));
    out.printf(Locale.ROOT, "re-ranker          %s%n", reranker);
    if (calibration != null && config.calibrated()) {
      out.printf(Locale.ROOT, "calibration        %s from %d held-out phrasings, %d out-of-scope examples%s%n",
          calibration.thresholds(), calibration.heldOut(), calibration.outOfScope(),
          calibration.suggestDefaulted() ? " (suggest: safe default)" : "");
    }
    out.print(EvalReport.of(results).format());
    out.print(shortcutReport(results, config));
    out.printf(
        Locale.ROOT, "index build        %.1f s (embedding, question adapter %d ms, index)%n",
        buildNanos / 1e9, adapterMillis);
    out.printf(Locale.ROOT, "wall time          %.1f s (index build and all questions)%n", (System.nanoTime() - t0) / 1e9);
    if (calibration != null && Boolean.getBoolean("bot.curves")) {
      List<Calibration.Point> onSplit = Calibrator.curve(
          results.stream().filter(r -> r.query().inScope()).toList(),
          results.stream().filter(r -> !r.query().inScope()).toList());
      out.println("cut   held-out: answered precision below | " + split + ": answered precision in-below oos-below");
      for (int i = 0; i < onSplit.size(); i += 5) {
        Calibration.Point h = calibration.curve().get(i);
        Calibration.Point d = onSplit.get(i);
        out.printf(Locale.ROOT, "%.2f  %5.1f %5.1f %5.1f | %5.1f %5.1f %5.1f %5.1f%n", h.threshold(),
            100 * h.answered(), 100 * h.precision(), 100 * h.inScopeBelow(), 100 * d.answered(),
            100 * d.precision(), 100 * d.inScopeBelow(), 100 * d.outOfScopeBelow());
      }
    }
    if (Boolean.getBoolean("bot.sweep")) {
      out.print(ThresholdTuner.sweep(results));
    }
    if (args[0].equals("tune")) {
      out.printf(
          Locale.ROOT, "tuned thresholds   %s (precision target %.2f, in-scope hand-off cap %.2f)%n",
          tune(config, results), targetPrecision(), maxInScopeHandoff());
    }
    return 0;
  }

  private static double targetPrecision() {
    return Double.parseDouble(System.getProperty("bot.targetPrecision", "0.9"));
  }

  private static double maxInScopeHandoff() {
    return Double.parseDouble(System.getProperty("bot.maxInScopeHandoff", "0.05"));
  }

  private static Thresholds tune(BotConfig config, List<FaqEntry> faq, List<EvalQuery> queries) {
    return tune(config, Evaluator.run(config, faq, queries));
  }

  private static Thresholds tune(BotConfig config, List<EvalResult> results) {
    boolean chinese = config.dense() == null
        ? results.stream().filter(r -> Scripts.hasHan(r.query().query())).count() * 2 >= results.size()
        : config.dense().model() == EmbeddingModel.BGE_SMALL_ZH;
    double defaultSuggest = config.thresholdsFor(chinese).suggest();
    return ThresholdTuner.tune(results, targetPrecision(), maxInScopeHandoff(), defaultSuggest);
  }

  /** Fixed thresholds: the calibration is off. */
  private static BotConfig withThresholds(BotConfig c, Thresholds t) {
    c = c.withThresholds(t, t).withCalibration(false);
    return c.dense() == null ? c : c.withDense(c.dense().withThresholds(t));
  }

  private static String describe(BotConfig c) {
    String lexical = "BM25 (" + c.segmentation().name().toLowerCase(Locale.ROOT) + ")";
    if (c.dense() == null) {
      return lexical + ", thresholds zh " + c.chinese() + " en " + c.english();
    }
    return lexical + " + " + c.dense().model() + " " + c.dense().fusion()
        + (c.dense().queryInstruction() ? " with query instruction" : "") + ", " + c.dense().thresholds();
  }

  private static void dump(BotConfig config, List<FaqEntry> faq, List<EvalQuery> queries, Path out) {
    try (LuceneFaqBot bot = new LuceneFaqBot(config.withCacheSize(0));
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      bot.replaceAll(faq);
      w.printf(Locale.ROOT, "# rival_floor %.5f%n", bot.rivalFloor());
      w.println("qid\tgold\tfaq_id\tright\tlexical\tdense_max\tdense_centroid\tdense_second"
          + "\tphrasings\tidentifiers\tdense_mean\tlexical_of_nearest\tdense_of_lexical\tquery");
      int qid = 0;
      if (Boolean.getBoolean("bot.dumpHeldOut")) {
        for (LuceneFaqBot.HeldOutEvidence h : bot.heldOutEvidence()) {
          dumpRows(w, qid++, h.faqId(), h.text(), h.evidence());
        }
        return;
      }
      for (EvalQuery q : queries) {
        dumpRows(w, qid++, q.faqId(), q.query(), bot.evidence(q.query()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void dumpRows(
      PrintWriter w, int qid, String gold, String text, List<EntryEvidence> evidence) {
    for (EntryEvidence e : evidence) {
      w.printf(
          Locale.ROOT, "%d\t%s\t%s\t%d\t%.5f\t%.5f\t%.5f\t%.5f\t%d\t%.3f\t%.5f\t%.5f\t%.5f\t%s%n", qid,
          gold, e.faqId(), e.faqId().equals(gold) ? 1 : 0, e.lexical(), e.denseMax(),
          e.denseCentroid(), e.denseSecond(), e.phrasings(), e.identifiers(), e.denseMean(),
          e.lexicalOfNearest(), e.denseOfLexical(), text.replace('\t', ' ').replace('\n', ' '));
    }
  }

  private static void matrices(
      BotConfig config, List<FaqEntry> faq, List<EvalQuery> queries, Path out) {
    DenseConfig d = config.dense() == null ? DenseConfig.tuned(modelFor(faq)) : config.dense();
    try (MixedLanguageAnalyzer analyzer = new MixedLanguageAnalyzer(config.segmentation())) {
      MatrixDump.write(
          analyzer, new BM25Similarity((float) config.bm25K1(), (float) config.bm25B()),
          Embedders.shared(d.model(), d.threads(), d.queryInstruction()), faq,
          queries.stream().map(q -> new MatrixDump.Query(q.query(), q.faqId())).toList(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The language of a base: Chinese when most entries' questions contain Han characters. */
  static EmbeddingModel modelFor(List<FaqEntry> faq) {
    long han = faq.stream().filter(e -> Scripts.hasHan(e.question())).count();
    return han * 2 >= faq.size() ? EmbeddingModel.BGE_SMALL_ZH : EmbeddingModel.BGE_SMALL_EN;
  }

  /**
   * {@code -Dbot.rerank=on} learns a re-ranker at calibration ({@link RerankerConfig#EXPERIMENT},
   * changed by {@code -Dbot.rerank.features=A,B}, {@code .lambda}, {@code .steps}, {@code .lr}).
   */
  private static RerankerConfig rerankerFromProperties(RerankerConfig tuned) {
    String on = System.getProperty("bot.rerank");
    RerankerConfig r = "on".equals(on) ? RerankerConfig.EXPERIMENT : "off".equals(on) ? null : tuned;
    if (r == null) {
      return null;
    }
    String f = System.getProperty("bot.rerank.features");
    List<RerankFeature> features = f == null ? r.features()
        : Arrays.stream(f.split(",")).map(x -> RerankFeature.valueOf(x.strip().toUpperCase(Locale.ROOT))).toList();
    return new RerankerConfig(features,
        Double.parseDouble(System.getProperty("bot.rerank.lambda", String.valueOf(r.regularisation()))),
        Integer.parseInt(System.getProperty("bot.rerank.steps", String.valueOf(r.steps()))),
        Double.parseDouble(System.getProperty("bot.rerank.lr", String.valueOf(r.learningRate()))));
  }

  /**
   * {@code -Dbot.lexicalShortcut=off} embeds every question; {@code =MIN_LEXICAL,MIN_LEAD,CONFIDENCE}
   * tries another rule (tuning on dev).
   */
  private static LexicalShortcut shortcutFromProperties(LexicalShortcut tuned) {
    String s = System.getProperty("bot.lexicalShortcut");
    if (s == null || s.equals("on")) {
      return tuned;
    }
    if (s.equals("off")) {
      return null;
    }
    String[] v = s.split(",");
    return new LexicalShortcut(
        Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]));
  }

  /** How many questions skipped the dense pass, and the CPU per question of each kind. */
  private static String shortcutReport(List<EvalResult> results, BotConfig config) {
    List<EvalResult> skipped = results.stream().filter(EvalResult::shortcut).toList();
    List<EvalResult> dense = results.stream().filter(r -> !r.shortcut()).toList();
    return String.format(Locale.ROOT,
        "dense pass skipped %d of %d questions (%.1f %%), lexical shortcut %s%n"
            + "CPU p50 shortcut   %.3f ms; with the dense pass %.3f ms%n",
        skipped.size(), results.size(), 100.0 * skipped.size() / Math.max(1, results.size()),
        config.dense() == null ? "n/a" : config.dense().shortcut(),
        EvalReport.of(skipped).cpuP50Millis(), EvalReport.of(dense).cpuP50Millis());
  }

  /**
   * Per question: the lexical pre-pass's two best entries and what the bot decided (run with
   * {@code -Dbot.lexicalShortcut=off} to get the full hybrid's decisions), for tuning the shortcut.
   */
  private static void lexicalDump(LuceneFaqBot bot, List<EvalResult> results, Path out) {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      w.println("shortcut\tgold\tlex1_id\tlex1\tlex2\tdecision\tfaq_id\tscore\ttop1\tcpu_ms\tquery");
      for (EvalResult r : results) {
        List<Candidate> lex = bot.lexicalCandidates(r.query().query());
        w.printf(Locale.ROOT, "%d\t%s\t%s\t%.5f\t%.5f\t%s\t%s\t%.5f\t%s\t%.3f\t%s%n",
            r.shortcut() ? 1 : 0, r.query().inScope() ? r.query().faqId() : "-",
            lex.isEmpty() ? "-" : lex.get(0).faqId(), lex.isEmpty() ? 0 : lex.get(0).score(),
            lex.size() < 2 ? 0 : lex.get(1).score(), r.reply().decision().wireName(),
            r.reply().faqId() == null ? "-" : r.reply().faqId(), r.reply().score(),
            r.ranked().isEmpty() ? "-" : r.ranked().get(0).faqId(), r.cpuNanos() / 1e6,
            r.query().query().replace('\t', ' ').replace('\n', ' '));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BotConfig configFromProperties(BotConfig c, List<FaqEntry> faq) {
    String seg = System.getProperty("bot.segmentation");
    if (seg != null) {
      c = c.withSegmentation(ChineseSegmentation.valueOf(seg.toUpperCase(Locale.ROOT)));
    }
    String k1 = System.getProperty("bot.k1");
    String b = System.getProperty("bot.b");
    if (k1 != null || b != null) {
      c = c.withBm25(
          k1 == null ? c.bm25K1() : Double.parseDouble(k1),
          b == null ? c.bm25B() : Double.parseDouble(b));
    }
    if (!"off".equals(System.getProperty("bot.dense"))) {
      DenseConfig d = DenseConfig.tuned(modelFor(faq));
      String fusion = System.getProperty("bot.fusion");
      if (fusion != null) {
        String[] w = fusion.split(",");
        double[] f = new double[w.length];
        for (int i = 0; i < w.length; i++) {
          f[i] = Double.parseDouble(w[i]);
        }
        d = d.withFusion(f.length == 6
            ? new Fusion(f[0], f[1], f[2], 0, f[3], f[4], f[5])
            : new Fusion(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
      }
      d = d.withReranker(rerankerFromProperties(d.reranker()));
      d = d.withShortcut(shortcutFromProperties(d.shortcut()));
      if ("off".equals(System.getProperty("bot.adapter"))) {
        d = d.withAdapter(null);
      }
      if (System.getProperty("bot.instruction") != null) {
        d = d.withQueryInstruction(Boolean.getBoolean("bot.instruction"));
      }
      c = c.withDense(d);
    }
    if ("off".equals(System.getProperty("bot.calibrate"))) {
      c = c.withCalibration(false);
    }
    String ta = System.getProperty("bot.answer");
    String ts = System.getProperty("bot.suggest");
    if (ta != null && ts != null) {
      c = withThresholds(c, new Thresholds(Double.parseDouble(ta), Double.parseDouble(ts)));
    }
    return c;
  }
}

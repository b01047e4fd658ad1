package dev.frontline.bot;

import dev.frontline.bot.analysis.ChineseSegmentation;
import dev.frontline.bot.decide.Thresholds;
import dev.frontline.bot.embed.EmbeddingModel;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the FAQ bot matches and decides. Start from {@link #defaults()} and change with the
 * {@code with*} methods.
 *
 * @param chinese thresholds for questions containing Chinese characters
 * @param english thresholds for other questions
 * @param handoffPhrases extra phrases that mean "let me talk to a person" (the built-in Chinese
 *     and English ones always apply)
 * @param directCategories categories whose questions always go to a person (complaints, legal)
 * @param cacheSize hot questions cached per index snapshot; 0 turns the cache off
 * @param segmentation how Chinese is cut into terms
 * @param bm25K1 BM25 term-frequency saturation
 * @param bm25B BM25 length normalisation
 * @param refreshMillis how often index changes become visible to answers
 * @param dense dense retrieval fused with BM25, or null for BM25 only (no model loaded)
 * @param calibrated learn the thresholds from each knowledge base ({@link Calibration}); when
 *     off, or before a base has enough phrasings to learn from, the thresholds above apply
 */
public record BotConfig(
    Thresholds chinese,
    Thresholds english,
    List<String> handoffPhrases,
    Set<String> directCategories,
    int cacheSize,
    ChineseSegmentation segmentation,
    double bm25K1,
    double bm25B,
    long refreshMillis,
    DenseConfig dense,
    boolean calibrated) {

  public BotConfig {
    Objects.requireNonNull(chinese, "chinese");
    Objects.requireNonNull(english, "english");
    Objects.requireNonNull(segmentation, "segmentation");
    handoffPhrases = List.copyOf(handoffPhrases);
    directCategories = Set.copyOf(directCategories);
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize must be >= 0: " + cacheSize);
    }
    if (!(bm25K1 >= 0) || !(bm25B >= 0 && bm25B <= 1)) {
      throw new IllegalArgumentException("need bm25K1 >= 0 and 0 <= bm25B <= 1");
    }
    if (refreshMillis < 1 || refreshMillis > 1000) {
      throw new IllegalArgumentException("refreshMillis must be in [1, 1000]: " + refreshMillis);
    }
  }

  /** Settings tuned on the dev splits of the bundled data sets (see docs/bot.md). */
  public static BotConfig defaults() {
    return new BotConfig(
        new Thresholds(0.90, 0.35),
        new Thresholds(0.70, 0.30),
        List.of(),
        Set.of(),
        10_000,
        ChineseSegmentation.UNIGRAM,
        1.2,
        0.75,
        100,
        null,
        true);
  }

  public BotConfig withThresholds(Thresholds chinese, Thresholds english) {
    return new BotConfig(
        chinese, english, handoffPhrases, directCategories, cacheSize, segmentation, bm25K1,
        bm25B, refreshMillis, dense, calibrated);
  }

  public BotConfig withDirectCategories(Set<String> categories) {
    return new BotConfig(
        chinese, english, handoffPhrases, categories, cacheSize, segmentation, bm25K1, bm25B,
        refreshMillis, dense, calibrated);
  }

  public BotConfig withHandoffPhrases(List<String> phrases) {
    return new BotConfig(
        chinese, english, phrases, directCategories, cacheSize, segmentation, bm25K1, bm25B,
        refreshMillis, dense, calibrated);
  }

  public BotConfig withCacheSize(int size) {
    return new BotConfig(
        chinese, english, handoffPhrases, directCategories, size, segmentation, bm25K1, bm25B,
        refreshMillis, dense, calibrated);
  }

  public BotConfig withSegmentation(ChineseSegmentation s) {
    return new BotConfig(
        chinese, english, handoffPhrases, directCategories, cacheSize, s, bm25K1, bm25B,
        refreshMillis, dense, calibrated);
  }

  public BotConfig withBm25(double k1, double b) {
    return new BotConfig(
        chinese, english, handoffPhrases, directCategories, cacheSize, segmentation, k1, b,
        refreshMillis, dense, calibrated);
  }

  /** Dense retrieval with {@code d}, or BM25 only when null. */
  public BotConfig withDense(DenseConfig d) {
    return new BotConfig(
        chinese, english, handoffPhrases, directCategories, cacheSize, segmentation, bm25K1, bm25B,
        refreshMillis, d, calibrated);
  }

  /** Thresholds learned per knowledge base ({@code true}, the default) or fixed. */
  public BotConfig withCalibration(boolean on) {
    return new BotConfig(
        chinese, english, handoffPhrases, directCategories, cacheSize, segmentation, bm25K1, bm25B,
        refreshMillis, dense, on);
  }

  /** Dense retrieval with {@code model} and its tuned settings. */
  public BotConfig withDense(EmbeddingModel model) {
    return withDense(DenseConfig.tuned(model));
  }

  /** The thresholds that apply to {@code question}: the dense ones when dense is on. */
  public Thresholds thresholdsFor(boolean chineseQuestion) {
    if (dense != null) {
      return dense.thresholds();
    }
    return chineseQuestion ? chinese : english;
  }
}

package dev.frontline.bot;

import dev.frontline.bot.decide.Thresholds;
import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.bot.match.AdapterConfig;
import dev.frontline.bot.match.Fusion;
import dev.frontline.bot.match.LexicalShortcut;
import dev.frontline.bot.match.RerankerConfig;
import java.util.Objects;

/**
 * Dense retrieval settings: which embedding model, how its evidence is fused with BM25, and the
 * thresholds that apply to the fused score.
 *
 * @param model the embedding model (its ONNX file ships in a Maven artifact)
 * @param queryInstruction prefix questions with bge's retrieval instruction
 * @param fusion weights of the fused score
 * @param thresholds answer / suggest cut-offs on the fused score
 * @param threads ONNX Runtime threads per embedding call
 * @param adapter how the question adapter is learned from the base at each rebuild, or null for
 *     none
 * @param reranker how the re-ranker is learned from the base's held-out phrasings at each
 *     calibration, or null for none
 * @param shortcut when the lexical evidence alone answers a question without embedding it, or
 *     null for never (every question pays the dense pass)
 */
public record DenseConfig(
    EmbeddingModel model,
    boolean queryInstruction,
    Fusion fusion,
    Thresholds thresholds,
    int threads,
    AdapterConfig adapter,
    RerankerConfig reranker,
    LexicalShortcut shortcut) {

  public DenseConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(fusion, "fusion");
    Objects.requireNonNull(thresholds, "thresholds");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
  }

  /**
   * The settings tuned on the dev splits for {@code model} (see docs/bot.md). No re-ranker: the
   * one learned from held-out phrasings did not rank better on any dev split (docs/bot.md,
   * "Re-ranking"); {@link #withReranker} turns it on for experiments. The lexical shortcut
   * (lexical score ≥ 0.85 leading the second entry by ≥ 0.5) was picked on the dev splits; its
   * confidence is the lowest the full hybrid gave a dev question it takes (zh unionpay, en
   * banking77 and clinc150; docs/bot.md, "Skipping the dense pass").
   */
  public static DenseConfig tuned(EmbeddingModel model) {
    return switch (model) {
      case BGE_SMALL_ZH ->
          new DenseConfig(
              model, false, new Fusion(4, 2, 16, 4, 0.135, 0.931, -2.831), new Thresholds(0.85, 0.3), 1,
              AdapterConfig.CHINESE, null,
              new LexicalShortcut(0.85, 0.5, 0.91));
      case BGE_SMALL_EN ->
          new DenseConfig(
              model, false, new Fusion(1, 4, 16, 0, 0.695, 1.575, -10.473), new Thresholds(0.6, 0.45), 1,
              AdapterConfig.ENGLISH, null,
              new LexicalShortcut(0.85, 0.5, 0.96));
    };
  }

  public DenseConfig withFusion(Fusion f) {
    return new DenseConfig(model, queryInstruction, f, thresholds, threads, adapter, reranker, shortcut);
  }

  public DenseConfig withThresholds(Thresholds t) {
    return new DenseConfig(model, queryInstruction, fusion, t, threads, adapter, reranker, shortcut);
  }

  public DenseConfig withQueryInstruction(boolean on) {
    return new DenseConfig(model, on, fusion, thresholds, threads, adapter, reranker, shortcut);
  }

  /** The re-ranker learned at each calibration with {@code r}, or none when null. */
  public DenseConfig withReranker(RerankerConfig r) {
    return new DenseConfig(model, queryInstruction, fusion, thresholds, threads, adapter, r, shortcut);
  }

  /** The question adapter learned at each rebuild with {@code a}, or none when null. */
  public DenseConfig withAdapter(AdapterConfig a) {
    return new DenseConfig(model, queryInstruction, fusion, thresholds, threads, a, reranker, shortcut);
  }

  /** Questions the lexical evidence decides answered without the dense pass with {@code s}; null: never. */
  public DenseConfig withShortcut(LexicalShortcut s) {
    return new DenseConfig(model, queryInstruction, fusion, thresholds, threads, adapter, reranker, s);
  }
}

package dev.frontline.bot.match;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A correction of the fusion's ranking score learned from this knowledge base's own phrasings
 * ({@link RerankerTrainer}): {@code z' = z + Σ w_k·f_k + shift} over a few candidate features
 * (docs/bot.md, "Re-ranking"). Immutable and thread-safe.
 */
public final class Reranker {
  private final RerankerConfig config;
  private final double[] weights;
  private final double shift;
  private final int trainedOn;

  Reranker(RerankerConfig config, double[] weights, double shift, int trainedOn) {
    this.config = config;
    this.weights = weights.clone();
    this.shift = shift;
    this.trainedOn = trainedOn;
  }

  /** What to add to candidate {@code e}'s ranking score among the candidates {@code all}. */
  double adjustment(EntryEvidence e, List<EntryEvidence> all) {
    double[] f = config.values(e, all);
    double s = shift;
    for (int k = 0; k < f.length; k++) {
      s += weights[k] * f[k];
    }
    return s;
  }

  /** The held-out questions it learned from. */
  public int trainedOn() {
    return trainedOn;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Reranker[");
    for (int k = 0; k < weights.length; k++) {
      b.append(k == 0 ? "" : ", ").append(config.features().get(k).name().toLowerCase(Locale.ROOT))
          .append(String.format(Locale.ROOT, " %.3f", weights[k]));
    }
    return b.append(String.format(Locale.ROOT, "; from %d questions]", trainedOn)).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reranker r && r.config.equals(config) && Arrays.equals(r.weights, weights)
        && r.shift == shift;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights);
  }
}

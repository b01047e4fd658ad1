package dev.frontline.bot.match;

import java.util.List;

/**
 * How {@link RerankerTrainer} learns a {@link Reranker} from the base's held-out phrasings.
 *
 * @param features what is weighed beyond the fusion's ranking score
 * @param regularisation weight of the L2 penalty on the standardised weights (towards none)
 * @param steps full-batch Adam steps
 * @param learningRate Adam step size
 */
public record RerankerConfig(
    List<RerankFeature> features, double regularisation, int steps, double learningRate) {

  /**
   * The variant measured in the bot (docs/bot.md, "Re-ranking"): the fusion's two main features
   * re-weighted per base. Off in the tuned settings: it ranked no dev split better.
   */
  public static final RerankerConfig EXPERIMENT = new RerankerConfig(
      List.of(RerankFeature.LEXICAL, RerankFeature.DENSE_CENTROID), 1.0, 200, 0.05);

  public RerankerConfig {
    features = List.copyOf(features);
    if (features.isEmpty() || steps < 0) {
      throw new IllegalArgumentException("need at least one feature and steps >= 0");
    }
    if (!(regularisation >= 0) || !(learningRate > 0)) {
      throw new IllegalArgumentException("need regularisation >= 0, learningRate > 0");
    }
  }

  int dimensions() {
    return features.size();
  }

  double[] values(EntryEvidence e, List<EntryEvidence> all) {
    double[] out = new double[features.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = features.get(k).value(e, all);
    }
    return out;
  }
}

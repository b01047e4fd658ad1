package dev.frontline.bot.match;

/**
 * How {@link AdapterTrainer} learns a {@link QueryAdapter} from the knowledge base.
 *
 * @param rank principal directions of the phrasing vectors the correction acts in
 * @param regularisation weight of the penalty pulling the correction to none (L2 on the matrix)
 * @param scale softmax scale applied to cosines (an inverse temperature)
 * @param steps Adam steps over the whole training set
 * @param learningRate Adam step size
 * @param negatives competing entries per training phrasing (the nearest ones by centroid)
 * @param maxEntries entries taken into training at most (a deterministic sample of larger bases)
 */
public record AdapterConfig(
    int rank,
    double regularisation,
    double scale,
    int steps,
    double learningRate,
    int negatives,
    int maxEntries) {

  /** The settings chosen on the dev splits of the English data sets (docs/bot.md). */
  public static final AdapterConfig ENGLISH = new AdapterConfig(128, 1.0, 30, 150, 0.003, 32, 1500);

  /**
   * The settings chosen on the Chinese dev splits: a stronger pull towards no correction (their
   * bases have one or two phrasings per entry and noisier paraphrase labels).
   */
  public static final AdapterConfig CHINESE = new AdapterConfig(128, 10.0, 30, 150, 0.003, 32, 1500);

  public AdapterConfig {
    if (rank < 1 || steps < 0 || negatives < 1 || maxEntries < 2) {
      throw new IllegalArgumentException("need rank >= 1, steps >= 0, negatives >= 1, maxEntries >= 2");
    }
    if (!(regularisation >= 0) || !(scale > 0) || !(learningRate > 0)) {
      throw new IllegalArgumentException("need regularisation >= 0, scale > 0, learningRate > 0");
    }
  }
}

package dev.frontline.bot;

import java.util.List;

/**
 * What a knowledge base's owner tells the calibration.
 *
 * @param targetPrecision share of answers that should be right, in [0.5, 1]
 * @param outOfScope questions the base should not answer (an editor's examples, dismissed
 *     unanswered questions); at most {@link #MAX_OUT_OF_SCOPE} are used, the first ones
 */
public record CalibrationSettings(double targetPrecision, List<String> outOfScope) {

  public static final int MAX_OUT_OF_SCOPE = 500;

  /** Precision aimed at unless the owner says otherwise. */
  public static final double DEFAULT_TARGET_PRECISION = 0.9;

  public static final CalibrationSettings DEFAULTS =
      new CalibrationSettings(DEFAULT_TARGET_PRECISION, List.of());

  public CalibrationSettings {
    if (!(targetPrecision >= 0.5 && targetPrecision <= 1)) {
      throw new IllegalArgumentException("targetPrecision must be in [0.5, 1]: " + targetPrecision);
    }
    outOfScope = outOfScope.stream().filter(s -> s != null && !s.isBlank()).map(String::strip)
        .limit(MAX_OUT_OF_SCOPE).toList();
  }

  public CalibrationSettings withTargetPrecision(double p) {
    return new CalibrationSettings(p, outOfScope);
  }

  public CalibrationSettings withOutOfScope(List<String> examples) {
    return new CalibrationSettings(targetPrecision, examples);
  }
}

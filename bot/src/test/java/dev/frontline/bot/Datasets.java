package dev.frontline.bot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Finds the shared evaluation data sets, which live beside the repository, not in it. */
final class Datasets {
  private Datasets() {}

  /** {@code shared/datasets/NAME} found from the working directory upwards, if present. */
  static Optional<Path> find(String name) {
    String configured = System.getProperty("frontline.datasets");
    if (configured != null) {
      Path p = Path.of(configured, name);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("shared").resolve("datasets").resolve(name);
      if (Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The data set's folder; when it is missing the test is skipped, and the reason, naming the
   * folder, is appended to {@code target/datasets-skipped.txt}, which {@code ./test} prints.
   */
  static Path require(String name) {
    Optional<Path> dir = find(name);
    if (dir.isPresent()) {
      return dir.get();
    }
    String configured = System.getProperty("frontline.datasets");
    String reason = "data set " + name + " not found: no "
        + (configured != null ? Path.of(configured, name).toString()
            : "shared/datasets/" + name + " in " + Path.of("").toAbsolutePath() + " or a folder above it")
        + " (set -Dfrontline.datasets=DIR to point elsewhere); the tests on it are skipped";
    try {
      Files.writeString(Path.of("target", "datasets-skipped.txt"), "bot: " + reason + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the skip is still reported by JUnit, with the same reason
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }
}

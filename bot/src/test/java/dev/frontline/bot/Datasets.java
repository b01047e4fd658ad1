package dev.frontline.bot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
}

package dev.frontline.knowledge.importer;

/** An import file that cannot be read; names the 1-based line where the bad record starts. */
public final class FaqFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final String problem;

  public FaqFormatException(long line, String problem) {
    super("line " + line + ": " + problem, null, false, false);
    this.line = line;
    this.problem = problem;
  }

  /** The 1-based line number; 0 when the problem is the file as a whole. */
  public long line() {
    return line;
  }

  /** What is wrong, without the line number. */
  public String problem() {
    return problem;
  }
}

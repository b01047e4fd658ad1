package dev.frontline.knowledge.importer;

/** A JSON Lines input that could not be read; names the source and the 1-based line. */
public final class JsonLinesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;

  JsonLinesException(String source, long line, String problem, Throwable cause) {
    super(source + ":" + line + ": " + problem, cause);
    this.source = source;
    this.line = line;
  }

  /** The file name or other label the caller gave for the input. */
  public String source() {
    return source;
  }

  /** The 1-based line number of the bad line; 0 when the input could not be read at all. */
  public long line() {
    return line;
  }
}

package dev.frontline.knowledge.model;

/** Content that breaks a rule of {@link FaqContent}; names the field. */
public final class InvalidContentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidContentException(String field, String problem) {
    super("field '" + field + "' " + problem);
    this.field = field;
  }

  /** The offending field, as named on the wire. */
  public String field() {
    return field;
  }
}

package dev.frontline.server.protocol;

import java.util.Locale;

/** Every error the server reports, with its wire code and HTTP status. */
public enum ErrorCode {
  BAD_REQUEST(400),
  BAD_JSON(400),
  MISSING_FIELD(400),
  INVALID_FIELD(400),
  UNKNOWN_TYPE(400),
  HELLO_REQUIRED(400),
  UNSUPPORTED(400),
  UNAUTHORIZED(401),
  INVALID_CREDENTIALS(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  CONFLICT(409),
  NOT_ALLOWED_NOW(409),
  TOO_LARGE(413),
  QUOTA_EXCEEDED(413),
  RATE_LIMITED(429),
  OVERLOADED(503),
  UNAVAILABLE(503),
  STORAGE_FULL(507),
  INTERNAL(500);

  private final int status;
  private final String wire;

  ErrorCode(int status) {
    this.status = status;
    this.wire = name().toLowerCase(Locale.ROOT);
  }

  /** The HTTP status this error maps to. */
  public int status() {
    return status;
  }

  /** The snake_case code on the wire. */
  public String wire() {
    return wire;
  }
}

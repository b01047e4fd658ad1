package dev.frontline.server.protocol;

import java.util.Objects;

/**
 * The one exception type for errors the client caused or should see. Mapped to the contract's
 * error envelope by each transport; never carries a stack trace to the wire.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }

  public static ApiException missing(String field) {
    return new ApiException(ErrorCode.MISSING_FIELD, "missing field '" + field + "'");
  }

  public static ApiException invalid(String field, String why) {
    return new ApiException(ErrorCode.INVALID_FIELD, "field '" + field + "' " + why);
  }

  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ApiException forbidden(String message) {
    return new ApiException(ErrorCode.FORBIDDEN, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(ErrorCode.CONFLICT, message);
  }
}

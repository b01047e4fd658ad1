package dev.frontline.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a JSON body (any Jackson-serialisable value) or raw bytes with a
 * content type, plus extra headers.
 */
public record ApiResponse(int status, Object json, byte[] raw, String contentType, Map<String, String> headers,
    Streamer stream) {

  /** Writes a body too large to hold in memory; runs on the API pool, may block. */
  @FunctionalInterface
  public interface Streamer {
    void write(java.io.OutputStream out) throws Exception;
  }

  public ApiResponse(int status, Object json, byte[] raw, String contentType, Map<String, String> headers) {
    this(status, json, raw, contentType, headers, null);
  }

  /** A streamed 200 response of {@code contentType}. */
  public static ApiResponse stream(String contentType, Streamer s) {
    return new ApiResponse(200, null, null, contentType, Map.of(), s);
  }

  public static ApiResponse ok(Object json) {
    return new ApiResponse(200, json, null, null, Map.of());
  }

  public static ApiResponse created(Object json) {
    return new ApiResponse(201, json, null, null, Map.of());
  }

  public static ApiResponse raw(int status, byte[] body, String contentType) {
    return new ApiResponse(status, null, body, contentType, Map.of());
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, json, raw, contentType, h, stream);
  }
}

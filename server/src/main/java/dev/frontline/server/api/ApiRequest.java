package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Json;
import java.util.List;
import java.util.Map;

/**
 * An HTTP API request as handlers see it: no Netty types.
 *
 * @param principal the logged-in user, or null on public routes
 * @param token the session token the request carried (header or cookie), or null
 * @param remote the client's address (behind a trusted proxy, the proxy's client)
 * @param secure whether the client reached us over TLS (a trusted proxy said so, or the setting
 *     {@code FRONTLINE_SECURE_COOKIE} says every client does)
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body,
    Principal principal,
    String token,
    String remote,
    boolean secure) {

  public String param(String name) {
    return pathParams.get(name);
  }

  /** The first value of a query parameter, or null. */
  public String query(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** A query parameter as epoch milliseconds, or {@code fallback} when absent. */
  public long queryLong(String name, long fallback) {
    String v = query(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, "must be an integer");
    }
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** The body as a JSON object; 400 when it is not one. */
  public ObjectNode json() {
    if (body.length == 0) {
      throw new ApiException(dev.frontline.server.protocol.ErrorCode.BAD_JSON, "expected a JSON body");
    }
    return Json.parseObject(body);
  }
}

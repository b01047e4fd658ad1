package dev.frontline.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small JSON-over-HTTP client for tests (JDK HttpClient). */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Status, raw body, parsed body (null when not JSON), and the Set-Cookie header. */
  public record Res(int status, String body, JsonNode json, String setCookie, String contentType) {}

  private final String base;

  public Http(String base) {
    this.base = base;
  }

  public Res get(String path, String token) {
    return send("GET", path, null, token, "application/json");
  }

  public Res post(String path, Object body, String token) {
    return send("POST", path, body, token, "application/json");
  }

  public Res put(String path, Object body, String token) {
    return send("PUT", path, body, token, "application/json");
  }

  public Res delete(String path, String token) {
    return send("DELETE", path, null, token, "application/json");
  }

  /**
   * Generous: a bulk import embeds and indexes hundreds of entries before it answers, which on a
   * busy 2-core machine can take far longer than the few seconds it takes on an idle one.
   */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  public Res send(String method, String path, Object body, String token, String contentType) {
    try {
      String text = body == null ? null : body instanceof String s ? s : WsClient.JSON.writeValueAsString(body);
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
          .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
      if (text != null) {
        b.header("Content-Type", contentType);
      }
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode json = null;
      String ct = r.headers().firstValue("content-type").orElse("");
      if (ct.startsWith("application/json")) {
        json = WsClient.JSON.readTree(r.body());
      }
      return new Res(r.statusCode(), r.body(), json, r.headers().firstValue("set-cookie").orElse(null), ct);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package dev.frontline.server.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** JSON requests with headers of the test's choosing (Origin, Cookie, X-Forwarded-*), JDK HttpClient. */
final class HeaderHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HeaderHttp() {}

  /** Status, body and the Set-Cookie header (or null). */
  record Res(int status, String body, String setCookie) {}

  static Res post(int port, String path, String json, Map<String, String> headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
          .header("Content-Type", "application/json");
      headers.forEach(b::header);
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Res(r.statusCode(), r.body(), r.headers().firstValue("set-cookie").orElse(null));
    } catch (Exception e) {
      throw new IllegalStateException("POST " + path + " failed: " + e, e);
    }
  }

  /** {@code POST /api/login} from the client these headers describe. */
  static Res login(int port, String username, String password, Map<String, String> headers) {
    return post(port, "/api/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", headers);
  }
}

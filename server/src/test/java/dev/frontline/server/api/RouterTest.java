package dev.frontline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.server.auth.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router router = new Router()
      .open("GET", "/api/bot/answer", r -> ApiResponse.ok("a"))
      .secured("GET", "/api/conversations/{id}", r -> ApiResponse.ok("c"), Role.AGENT)
      .secured("GET", "/api/visitors/{id}/trail", r -> ApiResponse.ok("t"));

  @Test
  void pathParametersAreCaptured() {
    Router.Match m = router.match("GET", "/api/visitors/v-1/trail");
    assertEquals(Map.of("id", "v-1"), m.params());
    assertTrue(m.route().login());
  }

  @Test
  void wrongMethodIsNotANotFound() {
    assertTrue(router.match("POST", "/api/bot/answer").methodMismatch());
    assertNull(router.match("GET", "/api/bot/answer/extra"));
    assertNull(router.match("GET", "/api/conversations/"));
  }

  @Test
  void sameOrigin_comparesOriginWithHost() {
    assertTrue(Api.sameOrigin(Map.of("host", "a.example:8080", "origin", "https://a.example:8080")));
    assertTrue(Api.sameOrigin(Map.of("host", "a.example")), "no Origin header: not a browser cross-site request");
    assertEquals(false, Api.sameOrigin(Map.of("host", "a.example", "origin", "https://evil.example")));
  }
}

package dev.frontline.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.frontline.server.trail.MovingClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenSessionsTest {
  private final MovingClock clock = new MovingClock();
  private final OpenSessions open = new OpenSessions(clock);
  private final List<String> ended = new ArrayList<>();

  private OpenSessions.Entry console(String name, String tokenHash, long userId, Duration ttl) {
    Principal p = new Principal(userId, "u" + userId, "U", Set.of(Role.AGENT));
    return open.add(new AuthService.Session(p, tokenHash, clock.millis() + ttl.toMillis()),
        reason -> ended.add(name + ": " + reason));
  }

  @Test
  void aLogout_endsTheConsolesOfThatSessionOnly() {
    console("a", "h1", 1, Duration.ofHours(1));
    console("b", "h2", 1, Duration.ofHours(1));
    open.tokenEnded("h1", "logged out");
    assertEquals(List.of("a: logged out"), ended);
    assertEquals(1, open.size());
  }

  @Test
  void aPasswordChange_endsEverySessionOfTheUser() {
    console("a", "h1", 1, Duration.ofHours(1));
    console("b", "h2", 1, Duration.ofHours(1));
    console("c", "h3", 2, Duration.ofHours(1));
    open.userEnded(1, "the password was changed");
    assertEquals(2, ended.size());
    assertEquals(1, open.size());
  }

  @Test
  void expiry_endsASessionWhenItsTimeIsUp_notBefore() {
    console("a", "h1", 1, Duration.ofSeconds(10));
    clock.advance(Duration.ofMillis(9_999));
    open.expire();
    assertEquals(List.of(), ended);
    clock.advance(Duration.ofMillis(1));
    open.expire();
    assertEquals(List.of("a: the session expired"), ended);
  }

  @Test
  void aClosedConsole_isNotTold() {
    OpenSessions.Entry e = console("a", "h1", 1, Duration.ofSeconds(1));
    e.close();
    clock.advance(Duration.ofSeconds(2));
    open.expire();
    open.userEnded(1, "x");
    assertEquals(List.of(), ended);
  }
}

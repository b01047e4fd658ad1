package dev.frontline.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckStateTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  private final CheckState state = new CheckState(Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(2));

  @Test
  void whileUp_probesEveryInterval_andReportsNoChange() {
    for (int i = 0; i < 3; i++) {
      assertEquals(new CheckState.Step(CheckState.Change.NONE, Duration.ofSeconds(1)), state.succeeded());
    }
    assertFalse(state.down());
  }

  @Test
  void failures_reportLostOnce_andBackOffDoublingUpToTheMaximum() {
    assertEquals(new CheckState.Step(CheckState.Change.LOST, Duration.ofMillis(250)), state.failed(T0));
    assertEquals(new CheckState.Step(CheckState.Change.NONE, Duration.ofMillis(500)), state.failed(T0.plusMillis(250)));
    assertEquals(Duration.ofSeconds(1), state.failed(T0.plusMillis(750)).next());
    assertEquals(Duration.ofSeconds(2), state.failed(T0.plusMillis(1750)).next());
    assertEquals(new CheckState.Step(CheckState.Change.NONE, Duration.ofSeconds(2)), state.failed(T0.plusMillis(3750)));
    assertTrue(state.down());
    assertEquals(5, state.failures());
    assertEquals(Duration.ofMillis(4000), state.downFor(T0.plusMillis(4000)), "down since the first failure");
  }

  @Test
  void success_afterFailures_reportsRestoredOnce_andTheBackOffStartsOver() {
    state.failed(T0);
    state.failed(T0.plusMillis(250));
    assertEquals(new CheckState.Step(CheckState.Change.RESTORED, Duration.ofSeconds(1)), state.succeeded());
    assertEquals(CheckState.Change.NONE, state.succeeded().change());
    assertEquals(Duration.ZERO, state.downFor(T0.plusSeconds(9)));
    assertEquals(new CheckState.Step(CheckState.Change.LOST, Duration.ofMillis(250)), state.failed(T0.plusSeconds(10)));
  }
}

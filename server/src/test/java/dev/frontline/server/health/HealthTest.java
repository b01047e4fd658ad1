package dev.frontline.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The health status over real probe threads, with a check the test makes fail and recover. */
class HealthTest {

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within 5 s: " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void startingThenServing_downWhileACheckFails_upAgainWhenItRecovers_drainingIsDownForGood() throws Exception {
    AtomicReference<String> failure = new AtomicReference<>();
    AtomicInteger probes = new AtomicInteger();
    try (Health health = new Health(Clock.systemUTC(), Duration.ofMillis(20), Duration.ofMillis(10),
        Duration.ofMillis(40))) {
      assertFalse(health.status().up());
      assertEquals("starting", health.status().reason());
      health.watch("database", () -> {
        probes.incrementAndGet();
        String f = failure.get();
        if (f != null) {
          throw new java.sql.SQLException(f);
        }
      });
      health.serving();
      assertTrue(health.status().up());

      failure.set("Connection refused");
      await(() -> !health.status().up(), "the failing check takes the status down");
      assertEquals("database unreachable: Connection refused", health.status().reason());
      int before = probes.get();
      await(() -> probes.get() >= before + 3, "the probe retries while down");

      failure.set(null);
      await(() -> health.status().up(), "the recovered check brings the status back up");

      health.draining();
      assertFalse(health.status().up());
      assertEquals("draining: the server is stopping", health.status().reason());
    }
  }
}

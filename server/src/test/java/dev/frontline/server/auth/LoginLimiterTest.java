package dev.frontline.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.server.trail.MovingClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {
  private final MovingClock clock = new MovingClock();
  private final LoginLimiter limiter = new LoginLimiter(new LoginLimiter.Policy(Duration.ofMinutes(5), 5, 20, 50), clock);

  @Test
  void fiveReservationsPerPair_thenRefused_evenBeforeAnyOutcomeIsKnown() {
    for (int i = 0; i < 5; i++) {
      assertTrue(limiter.tryAcquire("agent1", "10.0.0.1"));
    }
    assertFalse(limiter.tryAcquire("agent1", "10.0.0.1"), "in-flight checks count");
    assertTrue(limiter.tryAcquire("agent1", "10.0.0.2"), "another address may still try the account");
    assertTrue(limiter.tryAcquire("agent2", "10.0.0.1"), "and this address another account");
  }

  @Test
  void theWindowEnds_fiveMinutesAfterTheFirstFailure() {
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire("agent1", "10.0.0.1");
    }
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertFalse(limiter.tryAcquire("agent1", "10.0.0.1"));
    clock.advance(Duration.ofMillis(1));
    assertTrue(limiter.tryAcquire("agent1", "10.0.0.1"));
  }

  @Test
  void aSuccess_givesTheReservationBack_andForgetsThePairsFailures() {
    for (int i = 0; i < 4; i++) {
      limiter.tryAcquire("agent1", "10.0.0.1");
    }
    assertTrue(limiter.tryAcquire("agent1", "10.0.0.1"));
    limiter.succeeded("agent1", "10.0.0.1");
    for (int i = 0; i < 5; i++) {
      assertTrue(limiter.tryAcquire("agent1", "10.0.0.1"), "attempt " + i);
    }
  }

  @Test
  void twentyFailuresFromOneAddress_closeItForEveryAccount() {
    for (int i = 0; i < 20; i++) {
      assertTrue(limiter.tryAcquire("user" + i, "10.0.0.9"));
    }
    assertFalse(limiter.tryAcquire("fresh", "10.0.0.9"));
    assertTrue(limiter.tryAcquire("fresh", "10.0.0.10"));
  }

  @Test
  void anAccountUnderAttack_refusesAddressesThatFailedOnIt_butNotOneThatNeverDid() {
    for (int i = 0; i < 50; i++) {
      assertTrue(limiter.tryAcquire("agent1", "10.1.0." + i));
    }
    assertFalse(limiter.tryAcquire("agent1", "10.1.0.7"), "an attacking address gets no second try");
    assertTrue(limiter.tryAcquire("agent1", "192.168.1.5"), "the owner's own address still may log in");
  }

  @Test
  void anAbortedCheck_isNotCountedAsAFailure() {
    for (int i = 0; i < 10; i++) {
      assertTrue(limiter.tryAcquire("agent1", "10.0.0.1"));
      limiter.aborted("agent1", "10.0.0.1");
    }
  }
}

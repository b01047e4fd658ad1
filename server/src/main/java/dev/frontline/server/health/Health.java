package dev.frontline.server.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code GET /healthz} answers: up once the server serves, down while it starts or drains,
 * and down while a watched dependency (the database, Redis) cannot be reached. Each dependency is
 * probed on the probe threads, never on an event loop: every second while it answers, with
 * back-off while it does not; one log line when it is lost, one when it is back. Readers get an
 * immutable {@link Status} the probes publish.
 */
public final class Health implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Health.class);

  /** A probe of one dependency; may block (it runs on a probe thread); throws when unreachable. */
  @FunctionalInterface
  public interface Check {
    void probe() throws Exception;
  }

  /** Up, or down with a reason for people. */
  public record Status(boolean up, String reason) {
    static final Status UP = new Status(true, "ok");
  }

  private final Clock clock;
  private final Duration interval;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final ScheduledExecutorService probes;
  /** Reasons of the checks that are down, by name; guarded by this. */
  private final Map<String, String> failing = new TreeMap<>();
  private String phase = "starting";
  private volatile Status status = new Status(false, "starting");

  public Health(Clock clock) {
    this(clock, Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(5));
  }

  Health(Clock clock, Duration interval, Duration firstRetry, Duration maxRetry) {
    this.clock = clock;
    this.interval = interval;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
    AtomicInteger n = new AtomicInteger();
    // Two threads: a database probe waiting on a dead network does not hold up the Redis probe.
    this.probes = Executors.newScheduledThreadPool(2,
        r -> Thread.ofPlatform().name("health-" + n.getAndIncrement()).daemon(true).unstarted(r));
  }

  /** Starts probing {@code check} now and for as long as the server runs. */
  public void watch(String name, Check check) {
    CheckState state = new CheckState(interval, firstRetry, maxRetry);
    probes.execute(() -> probe(name, check, state));
  }

  private void probe(String name, Check check, CheckState state) {
    CheckState.Step step;
    try {
      check.probe();
      Duration downFor = state.downFor(clock.instant());
      int failures = state.failures();
      step = state.succeeded();
      if (step.change() == CheckState.Change.RESTORED) {
        log.info("event=health.restored check={} downMs={} failedProbes={}", name, downFor.toMillis(), failures);
        update(name, null);
      }
    } catch (Exception e) {
      if (probes.isShutdown()) {
        return; // the server is stopping: a dependency closed under the probe is no outage
      }
      step = state.failed(clock.instant());
      String reason = name + " unreachable: " + message(e);
      if (step.change() == CheckState.Change.LOST) {
        log.warn("event=health.lost check={} reason=\"{}\" retry=backoff maxRetryMs={}", name, message(e),
            maxRetry.toMillis());
      }
      update(name, reason);
    }
    try {
      probes.schedule(() -> probe(name, check, state), step.next().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // draining or closed
    }
  }

  private static String message(Throwable e) {
    Throwable c = e;
    while ((c.getMessage() == null || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return m.replace('"', '\'').replace('\n', ' ');
  }

  /** The server serves: up unless a dependency is down. */
  public synchronized void serving() {
    phase = null;
    publish();
  }

  /** The server drains before it stops: down for good, and the probes stop (their outcome no longer matters). */
  public synchronized void draining() {
    phase = "draining: the server is stopping";
    publish();
    probes.shutdownNow();
  }

  private synchronized void update(String name, String reason) {
    if (reason == null) {
      failing.remove(name);
    } else {
      failing.put(name, reason);
    }
    publish();
  }

  private void publish() {
    List<String> reasons = new ArrayList<>();
    if (phase != null) {
      reasons.add(phase);
    }
    reasons.addAll(failing.values());
    status = reasons.isEmpty() ? Status.UP : new Status(false, String.join("; ", reasons));
  }

  private final java.util.List<Requirement> requirements = new java.util.concurrent.CopyOnWriteArrayList<>();

  private record Requirement(String reason, java.util.function.BooleanSupplier holds) {}

  /**
   * A condition read at every status, without probing or back-off (it must be cheap and never
   * block): down with {@code reason} while it does not hold.
   */
  public void require(String reason, java.util.function.BooleanSupplier holds) {
    requirements.add(new Requirement(reason, holds));
  }

  /** The latest status; cheap, never blocks (the event loops call it). */
  public Status status() {
    Status s = status;
    for (Requirement r : requirements) {
      if (!r.holds().getAsBoolean()) {
        return new Status(false, s.up() ? r.reason() : s.reason() + "; " + r.reason());
      }
    }
    return s;
  }

  @Override
  public void close() {
    probes.shutdownNow();
    try {
      probes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.frontline.server.transport;

import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One sweeper for every WebSocket instead of a timer per connection: pings a connection that has
 * been silent for the ping interval, closes one silent (not even a pong) past the idle timeout,
 * and one that never said hello/auth in time. Cheap per idle socket: a set entry and two longs.
 */
final class Liveness implements AutoCloseable {

  /** What the sweeper needs of a connection. */
  interface Tracked {
    long lastReadNanos();

    long openedNanos();

    boolean greeted();

    void ping();

    void expire(String reason);

    /**
     * The server is draining: send a service-restart close (1012) so that the client reconnects at
     * once, to another process when there is one; completes when the connection is closed.
     */
    ChannelFuture serviceRestart();
  }

  private final Set<Tracked> tracked = ConcurrentHashMap.newKeySet();
  private final long pingNanos;
  private final long idleNanos;
  private final long helloNanos;
  private final ScheduledFuture<?> task;

  Liveness(ScheduledExecutorService timers, long pingMillis, long idleMillis, long helloMillis) {
    this.pingNanos = TimeUnit.MILLISECONDS.toNanos(pingMillis);
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    this.helloNanos = TimeUnit.MILLISECONDS.toNanos(helloMillis);
    long period = Math.max(200, Math.min(pingMillis, helloMillis) / 4);
    this.task = timers.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  void add(Tracked t) {
    tracked.add(t);
  }

  void remove(Tracked t) {
    tracked.remove(t);
  }

  int size() {
    return tracked.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Tracked t : tracked) {
      if (!t.greeted() && now - t.openedNanos() > helloNanos) {
        t.expire("hello_timeout");
        continue;
      }
      long silent = now - t.lastReadNanos();
      if (silent > idleNanos) {
        t.expire("idle_timeout");
      } else if (silent > pingNanos) {
        t.ping();
      }
    }
  }

  /**
   * Closes every WebSocket with 1012 (service restart) and waits, up to {@code wait}, until they
   * are closed; returns how many there were.
   */
  int restartAll(Duration wait) {
    List<ChannelFuture> closing = new ArrayList<>();
    for (Tracked t : tracked) {
      closing.add(t.serviceRestart());
    }
    long deadline = System.nanoTime() + wait.toNanos();
    for (ChannelFuture f : closing) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
        break;
      }
    }
    return closing.size();
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}

package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontline.server.cluster.RedisLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A cluster member's link to Redis (CONTRACT section 10), to the real Redis at 127.0.0.1:6379
 * through a TCP relay the test cuts and restores; and the configuration error of Redis without
 * PostgreSQL.
 */
class RedisLinkIT {
  private static final int REDIS_PORT = 6379;

  @Test
  @Tag("embedded-only")
  void redisWithoutExternalDatabase_exits2_withAClearMessage() throws Exception {
    Path dir = Files.createTempDirectory("frontline-redis-embedded");
    try {
      ServerProcess.Exit exit = ServerProcess.runToExit(Map.of("FRONTLINE_DATA", dir.toString(), "FRONTLINE_PORT", "0",
          "FRONTLINE_REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT), java.time.Duration.ofSeconds(60));
      assertEquals(2, exit.code(), exit.output());
      assertTrue(exit.output().contains("FRONTLINE_REDIS_URL needs FRONTLINE_DB_URL (PostgreSQL): the embedded"
          + " database serves one process only"), exit.output());
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }

  /**
   * A machine at load 20 held a member's Redis thread up for two seconds, and the publishes
   * queued behind it were dropped (Lettuce does not write a command that has timed out): a gap in
   * a numbered stream, every socket of the member closed. Here the sender's command thread is held
   * up for three seconds by a publish's own completion, which runs on it, while 200 numbered
   * messages are published; every one must arrive, in order.
   */
  @Test
  @Tag("postgres-only")
  void publishesQueuedBehindAStalledLinkThread_allArrive_inOrder() throws Exception {
    String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
    String url = "redis://127.0.0.1:" + REDIS_PORT;
    int n = 200;
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch all = new CountDownLatch(n);
    try (RedisLink sender = new RedisLink(url, prefix); RedisLink receiver = new RedisLink(url, prefix)) {
      receiver.listen(receiver.channel("data"), m -> {
        got.add(m);
        all.countDown();
      });
      sender.start();
      receiver.start();
      assertTrue(sender.awaitConnected(Duration.ofSeconds(10)), "sender connected");
      assertTrue(receiver.awaitConnected(Duration.ofSeconds(10)), "receiver connected");

      holdCommandThread(sender, 3_000);
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sent.add("m" + i);
        sender.publish(sender.channel("data"), "m" + i);
      }
      assertTrue(all.await(20, TimeUnit.SECONDS), "arrived " + got.size() + " of " + n);
      assertEquals(sent, got);
    }
  }

  /**
   * Past the bound on waiting commands a publish is refused, as a failed future: it never throws
   * into its caller (a conversation's thread, an event loop).
   */
  @Test
  @Tag("postgres-only")
  void publishesBeyondTheQueueBound_failTheirFuture_neverThrow() throws Exception {
    String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
    try (RedisLink sender = new RedisLink("redis://127.0.0.1:" + REDIS_PORT, prefix)) {
      sender.start();
      assertTrue(sender.awaitConnected(Duration.ofSeconds(10)), "sender connected");
      holdCommandThread(sender, 3_000);
      List<java.util.concurrent.CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 60_000; i++) {
        futures.add(sender.publish(sender.channel("nobody"), "m" + i).toCompletableFuture());
      }
      long refused = 0;
      for (var f : futures) {
        try {
          f.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          refused++;
        }
      }
      assertTrue(refused >= 10_000 - 1_000 && refused < 60_000, "refused " + refused + " of 60,000 (bound 50,000)");
    }
  }

  /** Holds the link's command thread up for {@code ms}: a publish's completion runs on it. */
  private static void holdCommandThread(RedisLink link, long ms) throws InterruptedException {
    CountDownLatch stalled = new CountDownLatch(1);
    // The completion runs on the thread that writes the link's commands, unless the publish
    // completed before the callback was attached: then this thread ran it; try again.
    for (int attempt = 0; attempt < 5 && stalled.getCount() > 0; attempt++) {
      link.publish(link.channel("nobody"), "hold").thenRun(() -> {
        if (Thread.currentThread().getName().startsWith("lettuce-")) {
          stalled.countDown();
          try {
            Thread.sleep(ms);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      stalled.await(1, TimeUnit.SECONDS);
    }
    assertEquals(0, stalled.getCount(), "the link's command thread is held up");
  }

  @Test
  @Tag("postgres-only")
  void redisCut_healthz503_restored_healthz200_withOneLogLineEach_andNoRestart() throws Exception {
    assumeTrue(TestDb.postgres(), "a cluster member needs PostgreSQL: this runs in the PostgreSQL execution");
    Path dir = Files.createTempDirectory("frontline-redis");
    try (TcpRelay relay = new TcpRelay("127.0.0.1", REDIS_PORT)) {
      Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
      env.put("FRONTLINE_REDIS_URL", "redis://" + relay.address());
      env.put("FRONTLINE_CLUSTER", "t-" + UUID.randomUUID().toString().substring(0, 8));
      env.put("FRONTLINE_BOT_DENSE", "0");
      try (ServerProcess p = ServerProcess.start(env)) {
        String started = p.output();
        assertTrue(started.contains("event=cluster.redis_connected redis=127.0.0.1:" + relay.port()), started);
        assertEquals(0, Outages.lines(started, "event=health.lost"), "a reachable Redis is never reported lost");

        relay.cut();
        Outages.awaitHealth(p, 503, "redis unreachable", Duration.ofSeconds(20));
        relay.restore();
        Outages.awaitHealth(p, 200, "ok", Duration.ofSeconds(30));
        // A second outage is seen and recovered from as well (Lettuce's own reconnection).
        relay.cut();
        Outages.awaitHealth(p, 503, "redis unreachable", Duration.ofSeconds(20));
        relay.restore();
        Outages.awaitHealth(p, 200, "ok", Duration.ofSeconds(30));

        String out = p.output();
        assertEquals(2, Outages.lines(out, "event=health.lost check=redis"), out);
        assertEquals(2, Outages.lines(out, "event=health.restored check=redis"), out);
        assertEquals(1, Outages.lines(out, "event=cluster.redis_connected"), "connected once, reconnected by Lettuce");
        assertTrue(Outages.lines(out, " i.l.") <= 4, "Lettuce's own reconnect attempts stay quiet:\n" + out);
        assertEquals(0, p.terminate(30));
      }
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }
}

package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
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

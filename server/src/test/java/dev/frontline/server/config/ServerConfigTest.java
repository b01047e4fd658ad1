package dev.frontline.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void defaults_matchTheContract() {
    ServerConfig c = ServerConfig.fromEnv(Map.of());
    assertEquals(8080, c.port());
    assertTrue(c.dataDir().endsWith("data"));
    assertTrue(c.demo());
    assertTrue(c.embeddedDatabase());
    assertEquals("frontline", c.cluster());
    assertNull(c.adminPassword());
  }

  @Test
  void postgresUrl_isTurnedIntoJdbc() {
    ServerConfig c = ServerConfig.fromEnv(Map.of("FRONTLINE_DB_URL", "postgres://u:p@db.local:5433/chat?sslmode=require"));
    assertEquals("jdbc:postgresql://db.local:5433/chat?sslmode=require", c.dbUrl());
  }

  @Test
  void everyProblemIsListedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.fromEnv(Map.of(
        "FRONTLINE_PORT", "eighty", "FRONTLINE_DEMO", "maybe", "FRONTLINE_DB_URL", "mysql://x",
        "FRONTLINE_ADMIN_PASSWORD", "short")));
    for (String name : new String[] {"FRONTLINE_PORT", "FRONTLINE_DEMO", "FRONTLINE_DB_URL", "FRONTLINE_ADMIN_PASSWORD"}) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }

  @Test
  void queueUpdateInterval_defaultsToASecond_zeroIsAllowed_andOutOfRangeIsAProblem() {
    assertEquals(java.time.Duration.ofSeconds(1), ServerConfig.fromEnv(Map.of()).limits().queueUpdateInterval());
    assertEquals(java.time.Duration.ZERO,
        ServerConfig.fromEnv(Map.of("FRONTLINE_QUEUE_UPDATE_MS", "0")).limits().queueUpdateInterval());
    for (String bad : new String[] {"-1", "60001", "soon"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ServerConfig.fromEnv(Map.of("FRONTLINE_QUEUE_UPDATE_MS", bad)));
      assertTrue(e.getMessage().contains("FRONTLINE_QUEUE_UPDATE_MS"), e.getMessage());
    }
  }

  @Test
  void demoZero_andPortZero_areAccepted() {
    ServerConfig c = ServerConfig.fromEnv(Map.of("FRONTLINE_DEMO", "0", "FRONTLINE_PORT", "0"));
    assertEquals(0, c.port());
    assertEquals(false, c.demo());
  }

  @Test
  void redisWithoutExternalDatabase_isAProblem_withPostgresItIsAClusterMember() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.fromEnv(Map.of("FRONTLINE_REDIS_URL", "redis://127.0.0.1:6379")));
    assertTrue(e.getMessage().contains("FRONTLINE_REDIS_URL needs FRONTLINE_DB_URL"), e.getMessage());
    ServerConfig c = ServerConfig.fromEnv(Map.of("FRONTLINE_REDIS_URL", "redis://127.0.0.1:6379",
        "FRONTLINE_DB_URL", "postgres://db.local/chat", "FRONTLINE_CLUSTER", "eu-1"));
    assertEquals("redis://127.0.0.1:6379", c.redisUrl());
    assertEquals("eu-1", c.cluster());
  }
}

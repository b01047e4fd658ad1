package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL out of reach (CONTRACT section 10), through a TCP relay the test cuts and restores:
 * {@code /healthz} says 503 with the reason while it is, 200 again once it is back, without a
 * restart; one log line when it is lost and one when it is back; a message sent during the outage
 * waits and is acknowledged after (never acknowledged and lost).
 */
@Tag("postgres-only")
class DatabaseOutageIT {

  @Test
  void databaseCut_healthz503_messageWaits_restored_healthz200_andTheMessageIsAckedAndStoredOnce() throws Exception {
    assumeTrue(TestDb.postgres(), "the relay stands in front of PostgreSQL: this runs in the PostgreSQL execution");
    Path dir = Files.createTempDirectory("frontline-dbcut");
    try (TcpRelay relay = new TcpRelay("127.0.0.1", Integer.parseInt(TestDb.PG_HOST.split(":")[1]))) {
      Map<String, String> env = new HashMap<>(TestDb.freshEnv(dir));
      env.put("FRONTLINE_DB_URL", env.get("FRONTLINE_DB_URL").replace(TestDb.PG_HOST, relay.address()));
      env.put("FRONTLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
      env.put("FRONTLINE_BOT_DENSE", "0");
      try (ServerProcess p = ServerProcess.start(env)) {
        WsClient v = WsClient.connect(p.ws("/ws/visitor"));
        v.send(obj("type", "hello", "token", null, "lastSeq", 0));
        String conversationId = v.take("welcome").get("conversationId").asText();
        v.send(obj("type", "send", "clientId", "o1", "text", "before the outage"));
        int seq1 = v.take("ack", f -> "o1".equals(f.path("clientId").asText())).get("seq").asInt();

        relay.cut();
        Http.Res down = Outages.awaitHealth(p, 503, "database unreachable", Duration.ofSeconds(20));
        assertTrue(down.body().contains("\"code\":\"unavailable\""), down.body());
        v.send(obj("type", "send", "clientId", "o2", "text", "during the outage"));
        // Two health probes' worth (the probe retries from 250 ms): the database cannot have
        // committed anything, so an ack now would be a lie.
        Outages.awaitHealth(p, 503, "database unreachable", Duration.ofSeconds(5));
        Thread.sleep(600);
        assertTrue(v.pending("ack").stream().noneMatch(f -> "o2".equals(f.path("clientId").asText())),
            "nothing is acknowledged while the database is out of reach");

        relay.restore();
        Outages.awaitHealth(p, 200, "ok", Duration.ofSeconds(30));
        ObjectNode reply = v.take(f -> "o2".equals(f.path("clientId").asText()), Duration.ofSeconds(30),
            "the ack (or an error) for the message sent during the outage");
        if (!"ack".equals(reply.path("type").asText())) {
          // Refused with an error the widget understands: it resends with the same clientId.
          v.send(obj("type", "send", "clientId", "o2", "text", "during the outage"));
          reply = v.take("ack", f -> "o2".equals(f.path("clientId").asText()));
        }
        int seq2 = reply.get("seq").asInt();

        String admin = new DurabilityIT.TestLogin(p.http()).admin();
        JsonNode conv = p.http().get("/api/conversations/" + conversationId, admin).json();
        Map<String, Integer> stored = Outages.storedOnce(conv);
        assertEquals(Map.of("o1", seq1, "o2", seq2), stored);
        v.close();
        String out = p.output();
        assertEquals(1, Outages.lines(out, "event=health.lost check=database"), out);
        assertEquals(1, Outages.lines(out, "event=health.restored check=database"), out);
        assertEquals(0, p.terminate(30));
      }
    } finally {
      TestServer.deleteQuietly(dir);
    }
  }
}

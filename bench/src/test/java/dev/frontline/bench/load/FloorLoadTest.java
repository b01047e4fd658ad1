package dev.frontline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.bench.floor.FloorServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load generator's own visitor clients (in this JVM) against the floor: they reach ready the
 * way they would on Frontline, and every message they send comes back acked with its client id (a
 * wrong or unknown id is counted as {@code ack:unexpected}, a missing ack stays outstanding).
 */
class FloorLoadTest {

  private static WorkerResult run(int port, String conversation) throws Exception {
    LoadOptions options = LoadOptions.parse(new String[] {
        "--url", "ws://127.0.0.1:" + port + "/ws/visitor", "--mode", "chat", "--clients", "20", "--rate", "200",
        "--warmup", "1", "--duration", "2", "--drain", "5", "--workers", "0", "--threads", "2",
        "--conversation", conversation, "--text", "floor question {n}"});
    List<String> progress = new ArrayList<>();
    try (Worker w = new Worker(options, 0, progress::add)) {
      Map<String, Long> connected = w.connectAll();
      assertEquals(20L, connected.get("ready"), "connected: " + connected + " progress: " + progress);
      return w.run(System.currentTimeMillis() + 200);
    }
  }

  private static void assertAllAcked(WorkerResult r) {
    String counts = r.counts.toString();
    assertTrue(r.count("sentMeasured") >= 300, "about 400 sent in the measured 2 s: " + counts);
    assertEquals(r.count("sent"), r.count("acked"), counts);
    assertEquals(r.count("sentMeasured"), r.count("ackedMeasured"), counts);
    assertEquals(r.count("ackedMeasured"), r.ack.getTotalCount(), counts);
    assertEquals(0, r.count("outstanding"), counts);
    assertEquals(0, r.count("errored"), counts);
    assertEquals(0, r.count("ack:unexpected"), counts);
    assertEquals(20, r.count("openAtEnd"), counts);
  }

  @Test
  void chatWithTheBot_everyMessageIsAcked() throws Exception {
    try (FloorServer floor = new FloorServer()) {
      assertAllAcked(run(floor.start(0), "bot"));
    }
  }

  @Test
  void queuedConversation_reachesReadyOnQueued_andEveryMessageIsAcked() throws Exception {
    try (FloorServer floor = new FloorServer()) {
      assertAllAcked(run(floor.start(0), "queued"));
    }
  }
}

package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access decisions come from the conversation's owner: while a conversation is handed back and
 * forth between two agents, the agent who has it reads it and the one who gave it away does not,
 * from the moment the hand-over happened (not when the database row caught up), and reads racing
 * the hand-overs are answered 200 or 403, never anything else.
 */
class AccessRaceIT {
  private static final int HANDOVERS = 30;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of("FRONTLINE_DEMO", "0"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void transfersRacingReads_everyAnswerFollowsTheOwnersStateAtThatMoment() throws Exception {
    long idA = server.createUser("ann", List.of("agent"), List.of("consult"), 3);
    long idB = server.createUser("bob", List.of("agent"), List.of("consult"), 3);
    String tokenA = server.login("ann", "secret-ann");
    String tokenB = server.login("bob", "secret-bob");
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try (WsClient a = server.agent("ann", "secret-ann", true); TestServer.Visitor v = server.visitor()) {
      v.ws().send(obj("type", "human"));
      String conv = a.take("assigned").get("conversationId").asText();
      try (WsClient b = server.agent("bob", "secret-bob", true)) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> odd = new ConcurrentLinkedQueue<>();
        List<Future<?>> running = new java.util.ArrayList<>();
        for (String token : List.of(tokenA, tokenB, tokenA, tokenB)) {
          running.add(readers.submit(() -> {
            while (!stop.get()) {
              for (String path : List.of("/api/conversations/" + conv, "/api/visitors/" + v.visitorId() + "/trail")) {
                int status = server.http.get(path, token).status();
                reads.incrementAndGet();
                if (!Set.of(200, 403).contains(status)) {
                  odd.add(path + " -> " + status);
                }
              }
            }
          }));
        }
        WsClient holder = a;
        WsClient other = b;
        String holderToken = tokenA;
        String otherToken = tokenB;
        long otherId = idB;
        for (int i = 0; i < HANDOVERS; i++) {
          holder.send(obj("type", "transfer", "conversationId", conv, "toAgent", otherId));
          other.take("assigned", f -> conv.equals(f.path("conversationId").asText()));
          // The owner made the new agent the conversation's agent before it sent 'assigned'.
          assertEquals(200, server.http.get("/api/conversations/" + conv, otherToken).status(),
              "hand-over " + i + ": the new agent reads the conversation");
          assertEquals(403, server.http.get("/api/conversations/" + conv, holderToken).status(),
              "hand-over " + i + ": the agent who gave it away reads it no more");
          holder.take("done", f -> "transfer".equals(f.path("for").asText()));
          WsClient w = holder;
          holder = other;
          other = w;
          String t = holderToken;
          holderToken = otherToken;
          otherToken = t;
          otherId = otherId == idB ? idA : idB;
        }
        stop.set(true);
        for (Future<?> f : running) {
          f.get(30, TimeUnit.SECONDS);
        }
        assertTrue(odd.isEmpty(), "answers other than 200 and 403 while racing: " + odd);
        assertTrue(reads.get() >= HANDOVERS, "the readers raced the hand-overs: " + reads.get() + " reads");
      }
    } finally {
      readers.shutdownNow();
    }
  }
}

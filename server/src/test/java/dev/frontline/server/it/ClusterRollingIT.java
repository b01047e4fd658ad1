package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of every member of a three-process cluster, through HAProxy configured from
 * {@code scripts/haproxy.cfg.template} (no stickiness), while visitors keep chatting: each member
 * in turn gets SIGTERM (drain, 1012, exit 0) and is started again on its port. The visitors behave
 * as the widget does: on a close they reconnect through HAProxy with their token and
 * {@code lastSeq} and send again what was not acknowledged. Afterwards every acknowledged message
 * is stored exactly once, with the {@code seq} its ack gave.
 */
@Tag("postgres-only")
class ClusterRollingIT {
  private static final int MEMBERS = 3;
  private static final int VISITORS = 6;
  /** Messages acknowledged so far, all visitors: the restarts wait for traffic, not for a clock. */
  private static final java.util.concurrent.atomic.AtomicInteger ACKED = new java.util.concurrent.atomic.AtomicInteger();

  /** A visitor as the widget behaves: resends what was not acknowledged after a reconnect. */
  private static final class Chatter {
    final String name;
    WsClient ws;
    String token;
    String conversationId;
    int lastSeq;
    int seen;
    int sent;
    int reconnects;
    final Map<String, Integer> acked = new LinkedHashMap<>();
    final Map<String, String> unacked = new LinkedHashMap<>();
    /** Refused for now (busy, rate limit): sent again after a pause, as the widget's outbox does. */
    final java.util.Set<String> retry = new java.util.LinkedHashSet<>();
    long retryAt;
    long lastSend;
    int retried;

    Chatter(String name) {
      this.name = name;
    }

    /** Connects (again) through the balancer and sends again what is not acknowledged. */
    void connect(URI uri) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          WsClient c = WsClient.connect(uri);
          c.send(obj("type", "hello", "token", token, "lastSeq", lastSeq));
          ObjectNode welcome = c.take("welcome");
          if (conversationId != null) {
            assertEquals(conversationId, welcome.get("conversationId").asText(), name + " keeps its conversation");
          }
          ws = c;
          seen = 0;
          token = welcome.get("token").asText();
          conversationId = welcome.get("conversationId").asText();
          break;
        } catch (AssertionError | RuntimeException notYet) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError(name + " could not reconnect through the balancer in 30 s", notYet);
          }
          Thread.sleep(200);
        }
      }
      unacked.forEach((id, text) -> ws.send(obj("type", "send", "clientId", id, "text", text)));
    }

    /**
     * The widget's loop until {@code stop}: take in frames, reconnect when closed, send while
     * {@code traffic} (afterwards only what was refused for now). Synchronized with {@link #settled}.
     */
    void run(URI through, java.util.concurrent.atomic.AtomicBoolean traffic,
        java.util.concurrent.atomic.AtomicBoolean stop) {
      try {
        while (!stop.get()) {
          synchronized (this) {
            pump();
            if (!ws.open()) {
              reconnects++;
              connect(through);
            } else if (traffic.get() || !retry.isEmpty()) {
              step();
            }
          }
          Thread.sleep(60);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Everything sent is acknowledged and the socket is open. */
    synchronized boolean settled() {
      return unacked.isEmpty() && ws.open();
    }

    /** Takes in the frames received since the last look. */
    void pump() {
      List<ObjectNode> frames = ws.history();
      for (; seen < frames.size(); seen++) {
        ObjectNode f = frames.get(seen);
        switch (f.path("type").asText()) {
          case "ack" -> {
            String id = f.path("clientId").asText();
            int seq = f.get("seq").asInt();
            Integer before = acked.putIfAbsent(id, seq);
            if (before == null) {
              ACKED.incrementAndGet();
            }
            assertTrue(before == null || before == seq, name + ": " + id + " acked with " + before + " then " + seq);
            unacked.remove(id);
          }
          case "message" -> {
            if (conversationId.equals(f.path("conversationId").asText())) {
              lastSeq = Math.max(lastSeq, f.get("seq").asInt());
            }
          }
          case "error" -> {
            String id = f.path("clientId").asText(null);
            if (id != null && unacked.containsKey(id)
                && java.util.Set.of("overloaded", "unavailable", "rate_limited", "internal").contains(f.path("code").asText())) {
              retry.add(id);
              retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            }
          }
          default -> { }
        }
      }
    }

    /** One step of the widget: resend what was refused for now, else at most a new message every 200 ms. */
    void step() {
      long now = System.nanoTime();
      if (!retry.isEmpty() && now >= retryAt) {
        for (String id : retry) {
          if (unacked.containsKey(id)) {
            retried++;
            ws.send(obj("type", "send", "clientId", id, "text", unacked.get(id)));
          }
        }
        retry.clear();
      } else if (unacked.size() < 3 && now - lastSend >= TimeUnit.MILLISECONDS.toNanos(200)) {
        lastSend = now;
        sendNext();
      }
    }

    void sendNext() {
      String id = name + "-" + sent++;
      String text = "rolling " + id;
      unacked.put(id, text);
      ws.send(obj("type", "send", "clientId", id, "text", text));
    }
  }

  @Test
  void rollingRestartOfEveryMember_throughHaproxy_underChatTraffic_losesAndDoublesNothing() throws Exception {
    List<Path> dirs = new ArrayList<>();
    List<ServerProcess> running = new ArrayList<>();
    Process haproxy = null;
    try {
      Path shared = Files.createTempDirectory("frontline-rolling");
      dirs.add(shared);
      Map<String, String> env = ClusterIT.clusterEnv(shared);
      env.put("FRONTLINE_TRUSTED_PROXIES", "127.0.0.1/32");
      List<Map<String, String>> memberEnv = new ArrayList<>();
      StringBuilder servers = new StringBuilder();
      for (int i = 0; i < MEMBERS; i++) {
        Path dir = Files.createTempDirectory("frontline-rolling-member");
        dirs.add(dir);
        Map<String, String> own = new HashMap<>(env);
        own.put("FRONTLINE_DATA", dir.toString());
        own.put("FRONTLINE_PORT", Integer.toString(freePort()));
        memberEnv.add(own);
        running.add(ServerProcess.start(own));
        servers.append("    server member-").append(i).append(" 127.0.0.1:").append(own.get("FRONTLINE_PORT")).append('\n');
      }
      int port = freePort();
      Path cfg = shared.resolve("haproxy.cfg");
      String template = Files.readString(repo().resolve("scripts/haproxy.cfg.template"), StandardCharsets.UTF_8);
      Files.writeString(cfg, template.replace("{{PORT}}", Integer.toString(port)).replace("{{SERVERS}}\n", servers.toString())
          .replace("{{SERVERS}}", servers.toString()));
      ProcessBuilder pb = new ProcessBuilder(haproxyBinary(), "-db", "-f", cfg.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(shared.resolve("haproxy.log").toFile());
      haproxy = pb.start();
      URI through = URI.create("ws://127.0.0.1:" + port + "/ws/visitor");
      Http balancer = new Http("http://127.0.0.1:" + port);
      awaitStatus(balancer, 200, Duration.ofSeconds(20), shared);

      List<Chatter> chatters = new ArrayList<>();
      for (int i = 0; i < VISITORS; i++) {
        Chatter c = new Chatter("v" + i);
        c.connect(through);
        chatters.add(c);
      }
      // Every visitor on a thread of its own, as every widget is: one's slow reconnect holds no other.
      java.util.concurrent.atomic.AtomicBoolean traffic = new java.util.concurrent.atomic.AtomicBoolean(true);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      List<CompletableFuture<Void>> visitors = new ArrayList<>();
      for (Chatter c : chatters) {
        visitors.add(CompletableFuture.runAsync(() -> c.run(through, traffic, stop), r -> new Thread(r, c.name).start()));
      }
      // Each member in turn: SIGTERM, exit 0, started again on its port; before the first restart
      // and after each, the next waits until every visitor could have had 5 more messages acked
      // (progress, not a pause: a slow machine gets the same traffic between restarts).
      StringBuilder restarts = new StringBuilder();
      try {
        awaitTraffic(VISITORS * 5, "before the first restart", visitors);
        for (int i = 0; i < MEMBERS; i++) {
          int code = running.get(i).terminate(30);
          restarts.append("member-").append(i).append(" exit ").append(code).append('\n');
          if (code != 0) {
            throw new AssertionError("member-" + i + " exited " + code + ":\n" + running.get(i).output());
          }
          running.set(i, ServerProcess.start(memberEnv.get(i)));
          awaitTraffic(VISITORS * 5, "after member-" + i + " was restarted", visitors);
        }
        // Traffic stops; each visitor reconnects if the last restart closed it and sends what is
        // not acknowledged until it is.
        traffic.set(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!chatters.stream().allMatch(Chatter::settled)) {
          failIfAVisitorFailed(visitors);
          if (System.nanoTime() > deadline) {
            StringBuilder why = new StringBuilder();
            for (Chatter c : chatters) {
              if (!c.settled()) {
                List<ObjectNode> h = c.ws.history();
                why.append(c.name).append(" unacked ").append(c.unacked.keySet()).append(" open=").append(c.ws.open())
                    .append(" last frames ").append(h.subList(Math.max(0, h.size() - 4), h.size())).append('\n');
              }
            }
            throw new AssertionError("unacknowledged after 40 s:\n" + why + restarts);
          }
          Thread.sleep(100);
        }
        stop.set(true);
        CompletableFuture.allOf(visitors.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      } catch (AssertionError | Exception e) {
        stop.set(true);
        throw new AssertionError(e.getMessage() + "\n" + restarts + lastLines(running, shared), e);
      }

      String admin = TestServer.login(balancer, "admin", TestServer.ADMIN_PASSWORD);
      int total = 0;
      int reconnects = 0;
      int retried = 0;
      for (Chatter c : chatters) {
        JsonNode stored = balancer.get("/api/conversations/" + c.conversationId, admin).json();
        Map<String, Integer> once = Outages.storedOnce(stored);
        for (Map.Entry<String, Integer> e : c.acked.entrySet()) {
          assertEquals(e.getValue(), once.get(e.getKey()), c.name + ": " + e.getKey() + " stored once with its acked seq");
        }
        total += c.acked.size();
        reconnects += c.reconnects;
        retried += c.retried;
        c.ws.close();
      }
      System.out.printf("ClusterRollingIT: %d messages acknowledged and stored once over %d visitors, %d reconnects,"
          + " %d sent again after a refusal%n%s", total, VISITORS, reconnects, retried, restarts);
      assertTrue(reconnects >= VISITORS, "every visitor was moved at least once: " + reconnects);
      assertTrue(total >= VISITORS * 20, "the traffic went on during the restarts: " + total);
    } finally {
      if (haproxy != null) {
        haproxy.destroy();
        haproxy.waitFor(5, TimeUnit.SECONDS);
      }
      running.forEach(ServerProcess::close);
      dirs.forEach(TestServer::deleteQuietly);
    }
  }

  /** Waits until {@code more} messages were acknowledged from now; fails after 60 s of too few. */
  private static void awaitTraffic(int more, String when, List<CompletableFuture<Void>> visitors) throws Exception {
    int from = ACKED.get();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ACKED.get() < from + more) {
      failIfAVisitorFailed(visitors);
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the chat stalled " + when + ": " + (ACKED.get() - from) + " acks in 60 s");
      }
      Thread.sleep(50);
    }
  }

  /** A visitor's thread that failed (an assertion on its frames, a reconnect that never came) fails the test. */
  private static void failIfAVisitorFailed(List<CompletableFuture<Void>> visitors) throws Exception {
    for (CompletableFuture<Void> v : visitors) {
      if (v.isCompletedExceptionally()) {
        v.get();
      }
    }
  }

  /** The last lines of every member's output and of HAProxy's log, for a failure's message. */
  private static String lastLines(List<ServerProcess> members, Path shared) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < members.size(); i++) {
      try {
        List<String> lines = members.get(i).output().lines().toList();
        b.append("--- member-").append(i).append('\n');
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
      } catch (Exception e) {
        b.append("--- member-").append(i).append(": ").append(e).append('\n');
      }
    }
    try {
      List<String> lines = Files.readAllLines(shared.resolve("haproxy.log"));
      b.append("--- haproxy\n");
      lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> b.append(l).append('\n'));
    } catch (IOException e) {
      b.append("--- haproxy: ").append(e).append('\n');
    }
    return b.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The repository's root (the tests run in server/). */
  private static Path repo() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("scripts/haproxy.cfg.template")) ? here : here.getParent();
  }

  /** HAProxy must be there: ./test installs it; CI fails rather than skips without it. */
  private static String haproxyBinary() {
    for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError("haproxy is not installed (./test installs it: apt-get install haproxy)");
  }

  private static void awaitStatus(Http http, int status, Duration max, Path logs) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = http.get("/healthz", null).status();
      } catch (RuntimeException e) {
        last = -2;
      }
      if (last == status) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/healthz through HAProxy stayed " + last + ":\n" + Files.readString(logs.resolve("haproxy.log")));
  }
}

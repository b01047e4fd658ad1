package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * At most 3 connections per client address: a direct client (from 127.0.0.2) is cut off when it
 * connects, a client behind the trusted proxy (127.0.0.1) is counted by the address the proxy
 * names and answered 429; other clients are served meanwhile, and a closed connection frees its place.
 */
@Tag("database-agnostic")
class ConnectionCapIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS", "3",
        "FRONTLINE_TRUSTED_PROXIES", "127.0.0.1", "FRONTLINE_BOT_DENSE", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aDirectClient_getsThreeConnections_theFourthIsClosedAtOnce_andAClosedOneFreesItsPlace() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = from("127.0.0.2");
        held.add(s);
        assertTrue(get(s, null).startsWith("HTTP/1.1 200"), "connection " + i);
      }
      try (Socket fourth = from("127.0.0.2")) {
        assertTrue(RawHttp.endedWithin(fourth, 3_000), "the fourth connection was closed");
      }
      try (Socket other = from("127.0.0.3")) {
        assertTrue(get(other, null).startsWith("HTTP/1.1 200"), "another address is served");
      }
      held.remove(0).close();
      assertTrue(eventually(() -> {
        try (Socket again = from("127.0.0.2")) {
          return get(again, null).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
          return false;
        }
      }), "a closed connection frees its place");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void behindTheTrustedProxy_theForwardedClientIsCounted_andTheFourthGets429() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = from("127.0.0.1");
        held.add(s);
        assertTrue(get(s, "203.0.113.5").startsWith("HTTP/1.1 200"), "connection " + i);
      }
      try (Socket fourth = from("127.0.0.1")) {
        String head = get(fourth, "203.0.113.5");
        assertTrue(head.startsWith("HTTP/1.1 429"), head);
        assertTrue(RawHttp.endedWithin(fourth, 3_000), "and closed");
      }
      try (Socket other = from("127.0.0.1")) {
        assertTrue(get(other, "203.0.113.6").startsWith("HTTP/1.1 200"), "another client of the proxy is served");
      }
      // An untrusted peer naming the client that is at its cap: were the header believed, 429.
      try (Socket spoofed = from("127.0.0.2")) {
        assertTrue(get(spoofed, "203.0.113.5").startsWith("HTTP/1.1 200"),
            "an untrusted peer's X-Forwarded-For is not believed (it is counted as itself)");
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static Socket from(String local) throws IOException {
    Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.port(), InetAddress.getByName(local), 0);
    s.setSoTimeout(5_000);
    return s;
  }

  /** Sends GET /healthz (with X-Forwarded-For when given) and returns the response head. */
  private static String get(Socket s, String forwardedFor) throws IOException {
    String req = "GET /healthz HTTP/1.1\r\nHost: x\r\n" + (forwardedFor == null ? "" : "X-Forwarded-For: "
        + forwardedFor + "\r\n") + "\r\n";
    RawHttp.write(s, req);
    return RawHttp.response(s);
  }

  private static boolean eventually(java.util.function.BooleanSupplier ok) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (ok.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}

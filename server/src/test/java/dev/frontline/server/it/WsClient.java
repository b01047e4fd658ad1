package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (JDK) that keeps every frame it receives, for tests to wait on. */
public final class WsClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<ObjectNode> frames = new ArrayList<>();
  private final List<ObjectNode> all = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket ws;
  private volatile int closeCode = -1;

  private WsClient() {}

  public static WsClient connect(URI uri) {
    return connect(uri, Map.of());
  }

  public static WsClient connect(URI uri, Map<String, String> headers) {
    WsClient c = new WsClient();
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(b::header);
    c.ws = b.buildAsync(uri, c.new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    return c;
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode n = JSON.readTree(partial.toString());
          synchronized (WsClient.this) {
            frames.add((ObjectNode) n);
            all.add((ObjectNode) n);
            WsClient.this.notifyAll();
          }
        } catch (Exception e) {
          throw new IllegalStateException("server sent a non-JSON frame: " + partial, e);
        } finally {
          partial.setLength(0);
        }
      }
      w.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
      synchronized (WsClient.this) {
        closeCode = statusCode;
        WsClient.this.notifyAll();
      }
      return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
      synchronized (WsClient.this) {
        if (closeCode < 0) {
          closeCode = 1006;
        }
        WsClient.this.notifyAll();
      }
    }
  }

  public WsClient send(Object frame) {
    try {
      return sendRaw(JSON.writeValueAsString(frame));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public synchronized WsClient sendRaw(String text) {
    ws.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    return this;
  }

  public synchronized WsClient sendBinary(byte[] bytes) {
    ws.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(5, TimeUnit.SECONDS).join();
    return this;
  }

  /** Removes and returns the first frame (oldest first) matching {@code p}, waiting up to {@code timeout}. */
  public synchronized ObjectNode take(Predicate<ObjectNode> p, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Iterator<ObjectNode> it = frames.iterator(); it.hasNext(); ) {
        ObjectNode f = it.next();
        if (p.test(f)) {
          it.remove();
          return f;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("no " + what + " within " + timeout + "; unconsumed frames: " + frames + "; closed=" + closeCode);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  public ObjectNode take(String type) {
    return take(f -> type.equals(f.path("type").asText()), Duration.ofSeconds(10), "'" + type + "' frame");
  }

  public ObjectNode take(String type, Predicate<ObjectNode> p) {
    return take(f -> type.equals(f.path("type").asText()) && p.test(f), Duration.ofSeconds(10), "matching '" + type + "' frame");
  }

  /** The next message frame from {@code from} (bot, agent, visitor, system). */
  public ObjectNode message(String from) {
    return take("message", f -> from.equals(f.path("from").asText()));
  }

  /** Frames of a type received so far and not taken, without waiting. */
  public synchronized List<ObjectNode> pending(String type) {
    return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
  }

  /** Every frame ever received, in order. */
  public synchronized List<ObjectNode> history() {
    return List.copyOf(all);
  }

  /** Waits up to {@code timeout} for the server to close; returns the close code or -1. */
  public synchronized int awaitClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closeCode < 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return -1;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return closeCode;
  }

  public boolean open() {
    return closeCode < 0 && !ws.isInputClosed();
  }

  /** Drops the TCP connection without a close handshake (a lost network). */
  public void abort() {
    ws.abort();
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).join();
      } catch (RuntimeException ignored) {
        ws.abort();
      }
    }
    ws.abort();
  }

  public static ObjectNode obj(Object... kv) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
    }
    return o;
  }
}

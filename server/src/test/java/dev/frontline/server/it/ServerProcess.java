package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real server jar in its own process, for restarts, SIGTERM and SIGKILL. */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("event=server\\.listening port=(\\d+)");

  private final Process process;
  private final int port;
  /** Everything the process printed so far; the reader thread keeps appending. */
  private final StringBuffer output;

  private final Thread reader;

  private ServerProcess(Process process, int port, StringBuffer output, Thread reader) {
    this.process = process;
    this.port = port;
    this.output = output;
    this.reader = reader;
  }

  public static ServerProcess start(Map<String, String> env) {
    String jar = System.getProperty("frontline.jar", "target/frontline.jar");
    if (!Files.exists(Path.of(jar))) {
      fail("server jar not built: " + jar);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar);
    pb.environment().putAll(env);
    // A free port unless the test names one (a member behind a load balancer keeps its port).
    pb.environment().putIfAbsent("FRONTLINE_PORT", "0");
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      StringBuffer out = new StringBuffer();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            out.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              port.complete(Integer.parseInt(m.group(1)));
            }
          }
        } catch (IOException ignored) {
          // process ended
        }
        port.complete(-1);
      }, "server-output");
      reader.setDaemon(true);
      reader.start();
      int n = port.get(120, TimeUnit.SECONDS);
      if (n < 0) {
        fail("server exited before listening:\n" + out);
      }
      ServerProcess sp = new ServerProcess(p, n, out, reader);
      sp.awaitHealthy();
      return sp;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the server: " + e, e);
    }
  }

  /** How a process that was expected to stop by itself ended. */
  public record Exit(int code, String output) {}

  /** Starts the server jar and waits for it to exit by itself (a refused start); fails after {@code timeout}. */
  public static Exit runToExit(Map<String, String> env, java.time.Duration timeout) throws Exception {
    return runToExit(env, timeout, List.of());
  }

  /** The jar with command-line arguments (a command such as reset-password), run until it exits. */
  public static Exit runToExit(Map<String, String> env, java.time.Duration timeout, List<String> args)
      throws Exception {
    String jar = System.getProperty("frontline.jar", "target/frontline.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(
        List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put("FRONTLINE_PORT", "0");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    });
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      fail("the server did not exit within " + timeout + ":\n" + out.getNow(""));
    }
    return new Exit(p.exitValue(), out.get(10, TimeUnit.SECONDS));
  }

  private void awaitHealthy() throws InterruptedException {
    Http http = new Http(base());
    for (int i = 0; i < 200; i++) {
      try {
        if (http.get("/healthz", null).status() == 200) {
          return;
        }
      } catch (IllegalStateException e) {
        // not yet
      }
      Thread.sleep(50);
    }
    fail("server never became healthy");
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  public URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + port + path);
  }

  public Http http() {
    return new Http(base());
  }

  /** SIGKILL: no chance to flush anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM; returns the exit code, or -1 if it did not exit within {@code seconds}. */
  public int terminate(int seconds) throws InterruptedException {
    // The handle only signals; Process.destroy() would also close our end of the output pipe
    // and lose what the server prints while it stops.
    process.toHandle().destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** What the server printed so far; once it has exited, everything it printed. */
  public String output() throws InterruptedException {
    if (!process.isAlive()) {
      reader.join(5_000);
    }
    return output.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

package dev.frontline.server.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of a test's own (the machine's {@code redis-server}), on a free port, that the
 * test may kill and start again on the same port without disturbing anyone else.
 */
final class PrivateRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private PrivateRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  static PrivateRedis start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PrivateRedis r = new PrivateRedis(port, Files.createTempDirectory("frontline-redis"));
    r.restart();
    return r;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts it (again) and waits until it accepts connections. */
  void restart() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("redis.log").toFile());
    process = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port + ": " + Files.readString(dir.resolve("redis.log")));
  }

  /** SIGKILL: connections drop at once, nothing is kept. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
    TestServer.deleteQuietly(dir);
  }
}

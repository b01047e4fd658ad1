package dev.frontline.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frontline.bench.BenchMain;
import dev.frontline.bench.SuppressForbidden;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code load}: splits the clients over worker JVMs (each below the open-file limit, each on its
 * own loopback source address so that ephemeral ports do not run out), starts them together,
 * and merges their counters and histograms into one report.
 */
@SuppressForbidden
public final class Coordinator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoadOptions options;
  /** When the workers start sending (wall clock, ms). */
  private long goAtMillis;

  public Coordinator(LoadOptions options) {
    this.options = options;
  }

  public int run() throws Exception {
    Report report = new Report(options);
    report.header();
    if (options.mode() == LoadOptions.Mode.ROUTING) {
      return new RoutingRun(options, report).run();
    }
    if (options.mode() == LoadOptions.Mode.DELIVER) {
      return new DeliverRun(options, report).run();
    }
    // Track mode logs in first: a wrong password should fail before the run, not after it.
    AdminApi admin = options.mode() == LoadOptions.Mode.TRACK ? AdminApi.login(options.url(), options.adminPassword())
        : null;
    BenchAgent agent = options.conversation() == LoadOptions.Conversation.QUEUED ? BenchAgent.start(options) : null;
    try {
      // Track mode counts the durable events while the sockets are still open: the server drops
      // the queued commands of a socket that closed, and a busy server may still be working off
      // its backlog when the last frame was sent.
      AfterRun after = admin == null ? r -> { } : r -> report.track(r, durability(admin, r.count("trackSent")));
      WorkerResult merged = options.workers() == 0 ? inProcess(report, after) : processes(report, after);
      if (merged == null) {
        return 1;
      }
      report.result(merged);
      return 0;
    } finally {
      if (agent != null) {
        agent.close();
      }
    }
  }

  /** Runs once the workers' results are in, before their sockets close. */
  @FunctionalInterface
  interface AfterRun {
    void accept(WorkerResult merged) throws Exception;
  }

  private WorkerResult inProcess(Report report, AfterRun after) throws Exception {
    try (Worker w = new Worker(options, 0, line -> System.err.println("[in-process] " + line))) {
      report.connected(w.connectAll());
      long goAt = System.currentTimeMillis() + 500;
      goAtMillis = goAt;
      report.started();
      WorkerResult r = w.run(goAt);
      after.accept(r);
      return r;
    }
  }

  /** One worker process and what it has said so far. */
  private static final class Child {
    final Process process;
    final CompletableFuture<Map<String, Long>> ready = new CompletableFuture<>();
    final CompletableFuture<WorkerResult> result = new CompletableFuture<>();

    Child(Process process) {
      this.process = process;
    }
  }

  private WorkerResult processes(Report report, AfterRun after) throws Exception {
    List<Child> children = new ArrayList<>();
    // Killed (Ctrl-C, SIGTERM from a script)? Take the workers down too.
    Thread reaper = new Thread(() -> children.forEach(c -> c.process.destroy()));
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      for (int i = 0; i < options.workers(); i++) {
        children.add(spawn(i));
      }
      Map<String, Long> ready = new TreeMap<>();
      long readyWait = options.readyTimeoutSeconds() + 60L;
      for (Child c : children) {
        await(c.ready, readyWait).forEach((k, v) -> ready.merge(k, v, Long::sum));
      }
      report.connected(ready);
      long goAt = System.currentTimeMillis() + 1000;
      goAtMillis = goAt;
      for (Child c : children) {
        OutputStream in = c.process.getOutputStream();
        in.write(("go " + goAt + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
      }
      report.started();
      long runWait = 1 + options.durationSeconds() + (options.mode() != LoadOptions.Mode.IDLE
          ? options.warmupSeconds() + options.drainSeconds() + 60L : 60L);
      WorkerResult merged = new WorkerResult();
      for (Child c : children) {
        merged.add(await(c.result, runWait));
      }
      after.accept(merged);
      for (Child c : children) {
        OutputStream in = c.process.getOutputStream();
        in.write("close\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
      }
      for (Child c : children) {
        c.process.waitFor(30, TimeUnit.SECONDS);
      }
      return merged;
    } catch (TimeoutException | ExecutionException e) {
      System.err.println("load: a worker failed or did not answer: " + e.getMessage());
      return null;
    } finally {
      for (Child c : children) {
        c.process.destroy();
      }
    }
  }

  /**
   * One look at the trail: {@code afterEndMs} after the last track frame was due, {@code durable}
   * of them were in the export; {@code refused}: the server's count of trail events its events
   * journal refused (each a client sent was answered {@code overloaded}), -1 if it has none.
   */
  record Poll(long afterEndMs, long durable, long tookMs, long refused) {}

  /**
   * Track mode: counts this run's events in the trail export ({@code GET /api/trajectory/export},
   * which reads what the events journal has committed) until all {@code sent} are there or
   * accounted for (durable, or refused by the server and answered {@code overloaded}), the count
   * stops growing for 5 looks in a row, or 180 s have passed since the last send.
   */
  private List<Poll> durability(AdminApi admin, long sent) throws IOException, InterruptedException {
    long endSend = goAtMillis + (options.warmupSeconds() + options.durationSeconds()) * 1000L;
    String marker = "\"run\":\"" + options.runId() + "\"";
    List<Poll> polls = new ArrayList<>();
    long last = -1;
    int still = 0;
    while (true) {
      long t0 = System.currentTimeMillis();
      long n = admin.countExport(goAtMillis - 60_000, marker);
      long t1 = System.currentTimeMillis();
      JsonNode stats = admin.trailStats();
      long refused = stats == null ? -1 : stats.get("refused").asLong();
      polls.add(new Poll(t1 - endSend, n, t1 - t0, refused));
      System.err.printf(java.util.Locale.ROOT, "[trail] %+.1f s after the last send: %d of %d durable (export took %d ms);"
          + " server: %s%n", (t1 - endSend) / 1000.0, n, sent, t1 - t0, stats);
      still = n == last ? still + 1 : 0;
      last = n;
      boolean accounted = refused > 0 && n + refused >= sent && stats.get("backlog").asLong() == 0;
      if (n >= sent || accounted || still >= 5 || t1 - endSend > 180_000) {
        return polls;
      }
      // Each look reads the whole run back: wait at least as long as it took, so the looks take at
      // most half of the server's time.
      Thread.sleep(Math.max(1000, t1 - t0));
    }
  }

  private static <T> T await(CompletableFuture<T> f, long seconds)
      throws InterruptedException, ExecutionException, TimeoutException {
    return f.get(seconds, TimeUnit.SECONDS);
  }

  private Child spawn(int index) throws IOException {
    LoadOptions mine = options.forWorker(index);
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xms" + options.workerHeap());
    cmd.add("-Xmx" + options.workerHeap());
    cmd.add("-XX:+UseG1GC");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(jarPath());
    cmd.add(BenchMain.class.getName());
    cmd.add("load-worker");
    cmd.add("--index");
    cmd.add(Integer.toString(index));
    cmd.addAll(mine.toArgs());
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Child c = new Child(p);
    Thread.ofPlatform().daemon(true).name("worker-" + index + "-stdout").start(() -> read(c, index));
    return c;
  }

  private static void read(Child c, int index) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(c.process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("@ready ")) {
          c.ready.complete(JSON.readValue(line.substring(7), new com.fasterxml.jackson.core.type.TypeReference<>() {}));
        } else if (line.startsWith("@result ")) {
          c.result.complete(WorkerResult.fromJson(line.substring(8)));
        } else {
          System.err.println("[worker " + index + "] " + line);
        }
      }
    } catch (IOException | RuntimeException e) {
      c.ready.completeExceptionally(e);
      c.result.completeExceptionally(e);
    }
    IllegalStateException gone = new IllegalStateException("worker " + index + " exited");
    c.ready.completeExceptionally(gone);
    c.result.completeExceptionally(gone);
  }

  private static String jarPath() {
    try {
      return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

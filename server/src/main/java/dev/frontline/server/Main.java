package dev.frontline.server;

import dev.frontline.server.cluster.ClusterNode;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.demo.Bootstrap;
import dev.frontline.server.store.DataDirLock;
import dev.frontline.server.store.Database;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar frontline.jar}: reads FRONTLINE_* from the environment and runs until SIGTERM/SIGINT.
 * {@code java -jar frontline.jar reset-password [--enable] [USER]} sets a new password instead ({@link ResetPassword}).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  @SuppressForbidden
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (args.length > 0 && "reset-password".equals(args[0])) {
      quietLogs();
      int code = ResetPassword.run(List.of(args).subList(1, args.length), System.getenv(), out,
          new PrintStream(System.err, true, StandardCharsets.UTF_8));
      System.exit(code);
      return;
    }
    if (args.length > 0) {
      System.err.println("unknown command '" + args[0] + "'; usage: frontline.jar [reset-password [--enable] [USER]]");
      System.exit(2);
      return;
    }
    ServerConfig config;
    try {
      config = ServerConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (config.clustered()) {
      runClusterMember(out, config);
      return;
    }
    DataDirLock dataLock = config.embeddedDatabase() ? lockDataDir(config) : null;
    Frontline server;
    try {
      server = Frontline.start(config);
    } catch (Database.IncompatibleDataException e) {
      log.error("event=server.start_refused reason=incompatible_data dir={}", config.dataDir());
      System.err.println("Frontline will not start: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      log.error("event=server.start_failed reason={}", e.getMessage());
      System.err.println("Frontline could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    banner(out, config, server.port(), server.bootstrap());
    awaitSignal();
    log.info("event=server.stopping");
    server.close();
    if (dataLock != null) {
      dataLock.close();
    }
    exit();
  }

  /**
   * The embedded data directory's lock, held while this process runs so that reset-password can
   * tell a running server; null (and a warning) when another process holds it.
   */
  private static DataDirLock lockDataDir(ServerConfig config) {
    try {
      DataDirLock lock = DataDirLock.tryAcquire(config.dataDir());
      if (lock == null) {
        log.warn("event=server.data_dir_in_use dir={} another process holds {}", config.dataDir(), DataDirLock.FILE);
      }
      return lock;
    } catch (java.io.IOException e) {
      log.warn("event=server.data_dir_lock_failed dir={} reason={}", config.dataDir(), e.getMessage());
      return null;
    }
  }

  /** A command-line tool prints its own lines; the database's start-up events are noise there. */
  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
      logs.getLogger("dev.frontline").setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /** A member of a cluster (CONTRACT section 10): PostgreSQL and Redis shared with the others. */
  @SuppressForbidden
  private static void runClusterMember(PrintStream out, ServerConfig config) throws Exception {
    ClusterNode node;
    try {
      node = ClusterNode.start(config, java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(60));
    } catch (Exception e) {
      log.error("event=server.start_failed reason={}", e.getMessage());
      System.err.println("Frontline could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Frontline leader = node.domain();
    banner(out, config, node.port(), leader == null ? null : leader.bootstrap());
    awaitSignal();
    log.info("event=server.stopping");
    node.close();
    exit();
  }

  @SuppressForbidden // sun.misc.Signal: the JDK's only way to wait for SIGTERM without a shutdown hook
  private static void awaitSignal() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    stop.await();
  }

  @SuppressForbidden
  private static void exit() {
    log.info("event=server.stopped");
    // The log is written by an asynchronous appender: let it write its last lines before the exit.
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs) {
      logs.stop();
    }
    System.exit(0);
  }

  @SuppressForbidden
  private static void banner(PrintStream out, ServerConfig config, int port, Bootstrap.Outcome o) {
    String base = "http://localhost:" + port;
    StringBuilder b = new StringBuilder();
    b.append("\nFrontline is running (data: ").append(config.embeddedDatabase() ? config.dataDir() : config.dbUrl())
        .append(")\n");
    b.append("  Demo site with the chat widget  ").append(base).append("/\n");
    b.append("  Agent console                   ").append(base).append("/console\n");
    b.append("  Supervisor                      ").append(base).append("/supervisor\n");
    b.append("  Knowledge editor                ").append(base).append("/editor\n");
    b.append("  Admin (accounts, settings)      ").append(base).append("/admin\n");
    if (config.clustered()) {
      b.append("  Cluster member of '").append(config.cluster()).append("' (Redis ").append(config.redisUrl()
          .replaceAll("//[^@/]*@", "//")).append(")\n");
    }
    if (o != null && o.generatedAdminPassword() != null) {
      b.append("  Admin account                   admin / ").append(o.generatedAdminPassword())
          .append("   (shown once: note it now)\n");
    }
    if (o != null && o.demo()) {
      b.append("  Demo accounts (password ").append(Bootstrap.DEMO_PASSWORD)
          .append(")  agent1, agent2, agent3, supervisor, editor\n");
    }
    b.append("Stop with Ctrl+C.\n");
    out.println(b);
  }
}

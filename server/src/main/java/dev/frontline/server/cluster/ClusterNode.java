package dev.frontline.server.cluster;

import dev.frontline.server.Frontline;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.health.Health;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.store.Database;
import dev.frontline.server.transport.NettyServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of a cluster (CONTRACT section 10, decision 0011): PostgreSQL and Redis shared with
 * the others. Its public port takes any visitor or agent and relays them ({@link Relay}); an
 * election thread tries every second to lead ({@link Election}), and the leader runs the
 * conversations, the dispatcher and the API exactly as a single process does ({@link Frontline}
 * on an internal port, with {@link Hub} as the far end of every relayed socket). When the leader
 * dies, PostgreSQL frees its lock, another member takes the lead, rebuilds the open conversations
 * from the database and announces itself; every member then closes its sockets with 1012 and the
 * clients resume with the new leader.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final ServerConfig config;
  private final Clock clock;
  private final String node;
  private RedisLink redis;
  private Relay relay;
  private Health health;
  private NettyServer net;
  private Election election;
  private Thread electionThread;
  private int port;
  private volatile Frontline domain;
  private Frontline.WarmBot warm;
  private volatile boolean fenced;
  private volatile boolean closed;
  private final Object leading = new Object();

  private ClusterNode(ServerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    byte[] id = new byte[4];
    ThreadLocalRandom.current().nextBytes(id);
    this.node = HexFormat.of().formatHex(id);
  }

  /**
   * Starts a member; returns once its port is open and a leader is known (itself or another), or
   * after {@code leaderWait} without one (it keeps trying; {@code /healthz} says 503 meanwhile).
   */
  public static ClusterNode start(ServerConfig config, Clock clock, Duration leaderWait) throws Exception {
    ClusterNode n = new ClusterNode(config, clock);
    try {
      n.boot(leaderWait);
    } catch (Exception | Error e) {
      n.close();
      throw e;
    }
    return n;
  }

  private <T extends AutoCloseable> T own(T c) {
    closeables.push(c);
    return c;
  }

  private void boot(Duration leaderWait) throws Exception {
    ServerMetrics metrics = own(new ServerMetrics());
    // Opening runs the migrations; Flyway holds a lock while it does, so members may start together.
    Database db = own(Database.open(config));
    health = own(new Health(clock));
    health.watch("database", db::probe);
    redis = own(new RedisLink(config.redisUrl(), config.cluster()));
    relay = own(new Relay(redis, node));
    redis.listen(Wire.leaderChannel(redis), message -> {
      Frontline d = domain;
      if (d != null && d.hub() != null) {
        d.hub().received(message);
      }
    });
    redis.start();
    redis.awaitConnected(Duration.ofSeconds(10));
    health.watch("redis", redis::ping);
    health.require("no leader of the cluster is known yet", relay::ready);
    // Every member keeps the bot loaded and current, so that taking the lead costs no embedding.
    warm = Frontline.warmBot(config, db, clock);
    ScheduledExecutorService standby = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name("bot-standby").daemon(true).unstarted(r));
    own(standby::shutdownNow);
    standby.scheduleWithFixedDelay(() -> {
      if (domain == null) {
        try {
          warm.feed().tick();
        } catch (java.sql.SQLException | RuntimeException e) {
          log.debug("event=cluster.standby_refresh_failed reason={}", e.toString());
        }
      }
    }, 5, 5, TimeUnit.SECONDS);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(1,
        r -> Thread.ofPlatform().name("timers").daemon(true).unstarted(r));
    own(timers::shutdownNow);
    AtomicInteger apiThreads = new AtomicInteger();
    ThreadPoolExecutor apiPool = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4_000),
        r -> Thread.ofPlatform().name("relay-api-" + apiThreads.getAndIncrement()).daemon(true).unstarted(r));
    own(apiPool::shutdownNow);
    net = own(new NettyServer(config, relay, apiPool, timers, health, metrics));
    port = net.start();
    election = new Election(config);
    electionThread = Thread.ofPlatform().name("cluster-election").daemon(true).start(this::elect);
    long deadline = System.nanoTime() + leaderWait.toNanos();
    while (!relay.ready() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    health.serving();
    log.info("event=cluster.member_ready node={} port={} cluster={} leader={}", node, port, config.cluster(),
        domain != null ? "this" : relay.ready() ? "other" : "none_yet");
  }

  /** The election thread: try to lead every second; while leading, check the lock every second. */
  private void elect() {
    while (!closed) {
      try {
        if (domain == null) {
          tryLead();
        } else if (fenced || !election.stillLeads()) {
          stepDown(fenced ? "fenced: another member leads" : "lost the database session that held the lead");
        }
      } catch (java.sql.SQLException e) {
        log.debug("event=cluster.election_failed reason={}", e.getMessage());
        election.close();
      } catch (RuntimeException e) {
        log.error("event=cluster.election_failed", e);
        election.close();
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void tryLead() throws java.sql.SQLException {
    synchronized (leading) {
      if (closed) {
        return;
      }
      long epoch = election.tryLead(node, config.advertiseHost(), clock.millis());
      if (epoch == 0) {
        return;
      }
      fenced = false;
      long started = System.nanoTime();
      log.info("event=cluster.leading node={} epoch={} note=\"starting the conversations\"", node, epoch);
      try {
        domain = Frontline.start(config.forLeader(), clock, new Frontline.Leadership(redis, node, epoch,
            election.fence(epoch, () -> fenced = true), warm));
        log.info("event=cluster.leader_ready node={} epoch={} internalPort={} tookMs={}", node, epoch, domain.port(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      } catch (Exception e) {
        log.error("event=cluster.lead_failed node={} epoch={} reason={}", node, epoch, e.toString());
        election.close();
      }
    }
  }

  private void stepDown(String reason) {
    synchronized (leading) {
      Frontline d = domain;
      domain = null;
      log.warn("event=cluster.step_down node={} reason=\"{}\"", node, reason);
      if (d != null) {
        d.close();
      }
      election.close();
    }
  }

  public int port() {
    return port;
  }

  public String node() {
    return node;
  }

  /** The conversations' process while this member leads; null otherwise. */
  public Frontline domain() {
    return domain;
  }

  /**
   * SIGTERM (CONTRACT section 10): no new connections, every socket here closed with 1012, then,
   * if this member leads, its conversations' writes are committed and the lead is released, so
   * that another member takes it at once.
   */
  @Override
  public void close() {
    closed = true;
    if (health != null) {
      health.draining();
    }
    if (net != null) {
      net.drain(Duration.ofSeconds(5));
    }
    if (electionThread != null) {
      electionThread.interrupt();
      try {
        electionThread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (leading) {
      Frontline d = domain;
      domain = null;
      if (d != null) {
        d.close();
      }
      if (election != null) {
        election.close();
      }
    }
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("event=cluster.close_failed part={} reason={}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}

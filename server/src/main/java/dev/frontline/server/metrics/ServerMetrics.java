package dev.frontline.server.metrics;

import dev.frontline.server.routing.RoutingFigures;
import dev.frontline.server.routing.QueueWaits;
import dev.frontline.server.store.CommitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's figures for Prometheus (Micrometer with its Prometheus registry). Every recording
 * method is cheap and never blocks (counters and fixed-bucket histograms), so event loops,
 * conversation shards, the dispatcher and the journals' writers call them directly. The
 * names, as scraped, are listed in docs/operations.md.
 */
public final class ServerMetrics implements CommitListener, QueueWaits, AutoCloseable {
  /** The two kinds of WebSocket. */
  public enum SocketKind {
    VISITOR,
    AGENT;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
      Duration.ofSeconds(5)};
  private static final Duration[] WAIT_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
      Duration.ofMinutes(5), Duration.ofMinutes(10)};
  private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger[] sockets = new AtomicInteger[SocketKind.values().length];
  private final Counter acks;
  private final Timer ackLatency;
  private final Map<String, Counter> messagesBySender;
  private final MultiGauge queueLengths;
  private final MultiGauge agents;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public ServerMetrics() {
    for (SocketKind k : SocketKind.values()) {
      AtomicInteger open = new AtomicInteger();
      sockets[k.ordinal()] = open;
      Gauge.builder("frontline.sockets.open", open, AtomicInteger::get).tag("kind", k.tag())
          .description("Open WebSockets").register(registry);
    }
    acks = Counter.builder("frontline.acks").description("Acks sent for chat messages (durable)").register(registry);
    ackLatency = Timer.builder("frontline.ack.latency")
        .description("From a chat message's arrival at its conversation to its ack (the journal's commit)")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    Map<String, Counter> bySender = new java.util.HashMap<>();
    for (String from : List.of("visitor", "agent", "bot", "system")) {
      bySender.put(from, Counter.builder("frontline.messages").tag("from", from)
          .description("Chat messages stored, by sender").register(registry));
    }
    messagesBySender = Map.copyOf(bySender);
    queueLengths = MultiGauge.builder("frontline.queue.length").description("Visitors waiting for a person, by group")
        .register(registry);
    agents = MultiGauge.builder("frontline.agents")
        .description("Agents known to routing by presence (grace: connection lost, chats kept for now)")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  public void socketOpened(SocketKind kind) {
    sockets[kind.ordinal()].incrementAndGet();
  }

  public void socketClosed(SocketKind kind) {
    sockets[kind.ordinal()].decrementAndGet();
  }

  /** A chat message is durable; {@code from} is its sender's wire name. */
  public void message(String from) {
    Counter c = messagesBySender.get(from);
    if (c != null) {
      c.increment();
    }
  }

  /** An ack went out for a message that arrived {@code nanos} ago. */
  public void ack(long nanos) {
    acks.increment();
    ackLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An ack went out again for a message sent twice (same client id): counted, not timed. */
  public void repeatedAck() {
    acks.increment();
  }

  /** The bot answered a visitor's question with {@code decision} ({@code answer}, {@code suggest}, {@code handoff}, {@code error}). */
  public void botQuestion(String decision, long nanos) {
    Timer.builder("frontline.bot.questions").tag("decision", decision)
        .description("Visitors' questions to the bot by decision, and how long the bot took")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The bot did not take a visitor's question because it could not answer in time ({@code full}: it would have
   * waited past the budget; {@code late}: its turn came too late); the visitor got a short reply instead.
   */
  public void botDegraded(String reason) {
    Counter.builder("frontline.bot.degraded").tag("reason", reason)
        .description("Visitors' questions the bot was too busy to answer; a short reply went out instead")
        .register(registry).increment();
  }

  /**
   * The bot's reply to a visitor's question is durable and sent, {@code nanos} after the question was (durable);
   * {@code outcome}: {@code answered} (the bot decided) or {@code degraded} (the bot was too busy).
   */
  public void botReply(String outcome, long nanos) {
    Timer.builder("frontline.bot.reply").tag("outcome", outcome)
        .description("From a visitor's question (stored) to the bot's reply (stored and sent), queue included")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An error envelope went out ({@code transport}: {@code http} or {@code ws}). */
  public void error(String transport, String code) {
    Counter.builder("frontline.errors").tags("transport", transport, "code", code)
        .description("Error envelopes sent, by wire code").register(registry).increment();
  }

  @Override
  public void committed(String journal, int writes, long nanos) {
    DistributionSummary.builder("frontline.journal.batch.size").tag("journal", journal)
        .description("Submissions per group commit").serviceLevelObjectives(BATCH_BUCKETS).register(registry)
        .record(writes);
    Timer.builder("frontline.journal.commit").tag("journal", journal)
        .description("Time of one group commit (log append and force, or the database commit)")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void waited(String group, long millis, String outcome) {
    Timer.builder("frontline.queue.wait").tags("group", group, "outcome", outcome)
        .description("Time visitors waited in a group's queue, by how the wait ended")
        .serviceLevelObjectives(WAIT_BUCKETS).register(registry).record(millis, TimeUnit.MILLISECONDS);
  }

  /** Publishes routing's figures (queue lengths, agents by presence) for the next scrape. */
  public void routing(RoutingFigures f) {
    List<MultiGauge.Row<?>> queues = new ArrayList<>();
    f.queued().forEach((group, n) -> queues.add(MultiGauge.Row.of(Tags.of("group", group), n)));
    queueLengths.register(queues, true);
    List<MultiGauge.Row<?>> presence = new ArrayList<>();
    f.agentsByPresence().forEach((p, n) -> presence.add(MultiGauge.Row.of(Tags.of("presence", p), n)));
    agents.register(presence, true);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}

package dev.frontline.bench.load;

import dev.frontline.bench.SuppressForbidden;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code --mode deliver}: how long a visitor's message takes to reach the agent who serves it,
 * over real sockets, in this JVM (one clock for both ends).
 *
 * <p>Creates {@code agents} agents of group {@code consult} with {@code maxChats} slots (admin API,
 * at the first agent URL), connects them to the agent URLs round-robin ({@code auth},
 * {@code status online}); then {@code clients} visitors connect to the visitor URLs round-robin,
 * say {@code hello}, ask for a person ({@code human}) and are assigned. Once all are assigned, the
 * visitors send on one open-loop schedule of {@code rate} messages a second in all (message k due
 * at {@code start + k / rate}, from visitor {@code k mod n}), each with its own text. Measured per
 * message due in the measured window: from the instant it was due to the moment its
 * {@code message} frame was read on the agent's socket, and to the {@code ack} on the visitor's.
 * With visitors on one cluster member and agents on another, the path crosses processes.
 */
@SuppressForbidden
final class DeliverRun {
  private final LoadOptions o;
  private final Report report;
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<Visitor> visitors = new ArrayList<>();
  private final String tail;
  private volatile Delivery delivery;
  private CountDownLatch agentsOnline;
  private CountDownLatch visitorsAssigned;

  DeliverRun(LoadOptions o, Report report) {
    this.o = o;
    this.report = report;
    this.tail = Frames.distinctTail(o.text());
  }

  private void count(String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  int run() throws Exception {
    if (o.clients() > o.agents() * o.maxChats()) {
      System.err.printf(Locale.ROOT, "deliver: --clients %d is more than --agents x --max-chats = %d: some visitors"
          + " would wait in the queue%n", o.clients(), o.agents() * o.maxChats());
      return 2;
    }
    line("deliver: %d agents x maxChats %d at %s; %d visitors at %s; %.0f msgs/s; threads %d", o.agents(),
        o.maxChats(), o.agentUrls(), o.clients(), o.urls(), o.rate(), o.threads());
    AdminApi admin = AdminApi.login(o.agentUrlOf(0), o.adminPassword());
    long t0 = System.nanoTime();
    List<String> tokens = createAgents(admin);
    line("created and logged in %d agents in %.1f s (load average %s)", tokens.size(), (System.nanoTime() - t0) / 1e9,
        Report.loadAverage());
    try (WsPeer.Connector net = new WsPeer.Connector(o.threads(), o.sourceBase(), o.connectConcurrency())) {
      agentsOnline = new CountDownLatch(tokens.size());
      for (int i = 0; i < tokens.size(); i++) {
        net.connect(o.agentUrlOf(i), new Agent(tokens.get(i)));
      }
      if (!agentsOnline.await(o.readyTimeoutSeconds(), TimeUnit.SECONDS)) {
        line("agents: only %d of %d online; stopping", tokens.size() - agentsOnline.getCount(), tokens.size());
        return 1;
      }
      visitorsAssigned = new CountDownLatch(o.clients());
      for (int i = 0; i < o.clients(); i++) {
        Visitor v = new Visitor(i);
        visitors.add(v);
        net.connect(o.urlOf(i), v);
      }
      boolean all = visitorsAssigned.await(o.readyTimeoutSeconds(), TimeUnit.SECONDS);
      List<Visitor> ready = visitors.stream().filter(v -> v.assigned).toList();
      Map<String, Long> connected = new TreeMap<>();
      connected.put("attempted", (long) o.clients());
      connected.put("ready", (long) ready.size());
      counts.forEach((k, v) -> {
        if (k.startsWith("failed:")) {
          connected.put(k, v.sum());
        }
      });
      report.connected(connected);
      if (!all || ready.isEmpty()) {
        line("visitors: %d of %d assigned after %d s; stopping", ready.size(), o.clients(), o.readyTimeoutSeconds());
        return 1;
      }
      send(net.group().next(), ready);
      result();
      return 0;
    }
  }

  /** Runs the open-loop schedule on {@code loop} until the end, then waits for the stragglers. */
  private void send(EventLoop loop, List<Visitor> ready) throws InterruptedException {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    long measureStart = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
    long end = measureStart + TimeUnit.SECONDS.toNanos(o.durationSeconds());
    Delivery d = new Delivery(measureStart, end);
    delivery = d;
    report.started();
    Visitor[] order = ready.toArray(new Visitor[0]);
    long[] next = {0};
    ScheduledFuture<?>[] ticker = new ScheduledFuture<?>[1];
    ticker[0] = loop.scheduleAtFixedRate(() -> {
      long now = System.nanoTime();
      while (true) {
        long due = Delivery.dueAt(start, o.rate(), next[0]);
        if (due >= end) {
          ticker[0].cancel(false);
          return;
        }
        if (due > now) {
          return;
        }
        order[(int) (next[0] % order.length)].send(due, d);
        next[0]++;
      }
    }, start - System.nanoTime(), 1_000_000L, TimeUnit.NANOSECONDS);
    long nextReport = start + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(100);
      if (System.nanoTime() >= nextReport) {
        nextReport += TimeUnit.SECONDS.toNanos(5);
        line("  sent=%d delivered=%d acked=%d (load %s)", d.sent(), d.delivered(), d.acked(), Report.loadAverage());
      }
    }
    long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainSeconds());
    while (System.nanoTime() < drainEnd && (!ticker[0].isDone() || d.delivered() < d.sent() || d.acked() < d.sent())) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private void result() {
    Delivery d = delivery;
    var json = report.json();
    long missing = d.sent() - d.delivered();
    line("measured window (%ds): sent %d (%.1f/s), delivered to the agent %d; all phases: sent %d, delivered %d,"
        + " acked %d, not delivered %d, delivered twice %d", o.durationSeconds(), d.sentMeasured(),
        d.sentMeasured() / (double) o.durationSeconds(), d.deliveredMeasured(), d.sent(), d.delivered(), d.acked(),
        missing, d.duplicates());
    json.put("agents", o.agents());
    json.put("maxChats", o.maxChats());
    json.put("urls", o.urls().toString());
    json.put("agentUrls", o.agentUrls().toString());
    json.put("sent", d.sent());
    json.put("sentPerSecond", d.sentMeasured() / (double) o.durationSeconds());
    json.put("delivered", d.delivered());
    json.put("notDelivered", missing);
    json.put("deliveredTwice", d.duplicates());
    json.put("acked", d.acked());
    report.latencies("visitor send -> message on the agent's socket (from intended send time)", d.deliverLatency(),
        "deliverMs");
    report.latencies("visitor send -> ack on the visitor's socket (from intended send time)", d.ackLatency(), "ackMs");
    report.latencies("client send lag (written - intended)", d.sendLag(), "sendLagMs");
    StringBuilder other = new StringBuilder();
    new TreeMap<>(counts).forEach((k, v) -> other.append(' ').append(k).append('=').append(v.sum()));
    if (d.foreign() > 0) {
      other.append(" agent_message_not_ours=").append(d.foreign());
    }
    line("other counts:%s", other.length() == 0 ? " none" : other);
    json.put("counts", other.toString().trim());
    report.end();
  }

  private void line(String fmt, Object... args) {
    report.out().printf(Locale.ROOT, fmt + "%n", args);
    report.out().flush();
  }

  /** Creates the agents and logs them in; their tokens. */
  private List<String> createAgents(AdminApi admin) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < o.agents(); i++) {
      names.add("dlv-" + o.runId() + "-" + i);
    }
    return admin.createAgents(names, o.maxChats());
  }

  /** An agent's console: online, then every {@code message} frame with a client id is timed. */
  private final class Agent extends WsPeer {
    private final String token;

    Agent(String token) {
      this.token = token;
    }

    @Override
    void handshaken() {
      write("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    }

    @Override
    void frame(String text, long nanos) {
      Frames.Inbound f = Frames.parse(text);
      String type = f.type() == null ? "" : f.type();
      switch (type) {
        case "message" -> {
          Delivery d = delivery;
          if (d != null && f.clientId() != null) {
            d.delivered(f.clientId(), nanos);
          }
        }
        case "ready" -> write("{\"type\":\"status\",\"status\":\"online\"}");
        case "done" -> {
          if (!settled()) {
            settle();
            agentsOnline.countDown();
          }
        }
        case "assigned" -> count("agent_assigned");
        case "error" -> count("agent_error:" + f.code());
        default -> {
          // typing, queue, ...
        }
      }
    }

    @Override
    void failed(String reason) {
      count("agent_failed:" + reason);
      agentsOnline.countDown();
    }

    @Override
    void closed() {
      count("agent_closed");
    }
  }

  /** A visitor: hello, human, assigned; then sends when the schedule says. */
  private final class Visitor extends WsPeer {
    private final int id;
    volatile boolean assigned;

    Visitor(int id) {
      this.id = id;
    }

    @Override
    void handshaken() {
      write(Frames.HELLO);
    }

    /** Called on the schedule's loop: the write hops to this socket's loop. */
    void send(long due, Delivery d) {
      if (!isOpen()) {
        count("skipped:closed");
        return;
      }
      write(Frames.sendDistinct(Delivery.clientId(id, due), tail));
      d.sent(due, System.nanoTime());
    }

    @Override
    void frame(String text, long nanos) {
      Frames.Inbound f = Frames.parse(text);
      String type = f.type() == null ? "" : f.type();
      switch (type) {
        case "ack" -> {
          Delivery d = delivery;
          if (d != null) {
            d.acked(f.clientId(), nanos);
          }
        }
        case "welcome" -> write(Frames.HUMAN);
        case "assigned" -> {
          if (!assigned) {
            assigned = true;
            settle();
            visitorsAssigned.countDown();
          }
        }
        case "no_agent" -> {
          if (!settled()) {
            settle();
            failed("no_agent");
            channel().close();
          }
        }
        case "error" -> count("visitor_error:" + f.code());
        default -> {
          // message (own echo, bot), queued, typing, ...
        }
      }
    }

    @Override
    void failed(String reason) {
      count("failed:" + reason);
      visitorsAssigned.countDown();
    }

    @Override
    void closed() {
      if (assigned) {
        count("visitor_closed");
      }
    }
  }
}

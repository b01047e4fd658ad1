package dev.frontline.bench.load;

import dev.frontline.bench.SuppressForbidden;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * {@code --mode routing}: routing throughput and assignment latency over real sockets, in this JVM.
 *
 * <p>Creates {@code agents} agents of group {@code consult} (admin API), each with
 * {@code maxChats} slots, connects them to the agent URLs round-robin ({@code auth}, {@code status
 * online}), then opens {@code agents x maxChats + queue} visitors at the visitor URLs round-robin. Each visitor asks for a person
 * ({@code human}); once assigned, its agent closes the chat {@code handleMs} later ({@code close});
 * when the visitor sees {@code closed} it asks again (after {@code thinkMs}), in a new
 * conversation. Demand thus always exceeds the slots by about {@code queue} visitors, who wait
 * in the queue.
 *
 * <p><b>Assignment latency</b>, per assignment: from the later of (a) the moment the agent's client
 * received {@code closed} for the chat whose slot this visitor takes, and (b) the moment the
 * visitor sent {@code human}, to the moment the visitor received {@code assigned}. Slots are
 * matched to assignments per agent, first freed first taken; an agent's first {@code maxChats}
 * slots are free from the moment it was online. When the visitor's {@code assigned} is read
 * before the agent's {@code closed} (two sockets, read in either order), the latency is counted
 * as 0 and reported apart.
 */
@SuppressForbidden
final class RoutingRun {
  private final LoadOptions o;
  private final Report report;
  private final Map<String, Agent> agentsByName = new ConcurrentHashMap<>();
  private final List<Agent> agents = new ArrayList<>();
  private final List<Visitor> visitors = new ArrayList<>();
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final LongAdder queueEntries = new LongAdder();
  private final LongAdder queuedFrames = new LongAdder();
  private final LongAdder assignments = new LongAdder();
  private final LongAdder closes = new LongAdder();

  /** Assignment latency, and its two kinds; time in the queue (human -> assigned); all in µs, measured window only. */
  private final Histogram latency = Histograms.create();
  private final Histogram fromSlot = Histograms.create();
  private final Histogram fromHuman = Histograms.create();
  private final Histogram queueWait = Histograms.create();
  private long zeroLatency;

  private volatile boolean running;
  private volatile long measureStart = Long.MAX_VALUE;
  private volatile long end = Long.MAX_VALUE;
  private CountDownLatch agentsOnline;
  private CountDownLatch visitorsReady;
  private Semaphore connectSlots;

  RoutingRun(LoadOptions o, Report report) {
    this.o = o;
    this.report = report;
  }

  private void count(String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private boolean measured(long t) {
    return t >= measureStart && t < end;
  }

  private synchronized void recordAssignment(long assignedAt, long start, boolean slotFreedLater, long humanAt) {
    if (!measured(assignedAt)) {
      return;
    }
    long us = VisitorClient.micros(assignedAt - start);
    latency.recordValue(us);
    (slotFreedLater ? fromSlot : fromHuman).recordValue(us);
    queueWait.recordValue(VisitorClient.micros(assignedAt - humanAt));
  }

  private synchronized void recordZero(long assignedAt, long humanAt) {
    if (!measured(assignedAt)) {
      return;
    }
    zeroLatency++;
    latency.recordValue(1);
    fromSlot.recordValue(1);
    queueWait.recordValue(VisitorClient.micros(assignedAt - humanAt));
  }

  int run() throws Exception {
    PrintOut p = new PrintOut(report.out());
    int nVisitors = o.agents() * o.maxChats() + o.queueTarget();
    p.line("routing: %d agents x maxChats %d = %d slots; %d visitors (queue %d); handle %d ms; think %d ms; threads %d",
        o.agents(), o.maxChats(), o.agents() * o.maxChats(), nVisitors, o.queueTarget(), o.handleMs(), o.thinkMs(),
        o.threads());
    AdminApi admin = AdminApi.login(o.url(), o.adminPassword());
    long t0 = System.nanoTime();
    List<String> tokens = createAgents(admin);
    p.line("created and logged in %d agents in %.1f s (load average %s)", tokens.size(),
        (System.nanoTime() - t0) / 1e9, Report.loadAverage());

    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(o.threads(), io);
    try {
      Bootstrap b = new Bootstrap().group(group)
          .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.SO_REUSEADDR, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
          .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
      InetSocketAddress local = new InetSocketAddress(o.sourceBase(), 0);
      connectSlots = new Semaphore(o.connectConcurrency());

      agentsOnline = new CountDownLatch(tokens.size());
      for (int i = 0; i < tokens.size(); i++) {
        Agent a = new Agent(agentName(i), tokens.get(i));
        agents.add(a);
        agentsByName.put(a.name, a);
        connect(b, local, o.agentUrlOf(i), a);
      }
      if (!agentsOnline.await(o.readyTimeoutSeconds(), TimeUnit.SECONDS)) {
        p.line("agents: only %d of %d online; stopping", tokens.size() - agentsOnline.getCount(), tokens.size());
        return 1;
      }
      p.line("agents online: %d", tokens.size());

      visitorsReady = new CountDownLatch(nVisitors);
      for (int i = 0; i < nVisitors; i++) {
        Visitor v = new Visitor();
        visitors.add(v);
        connect(b, local, o.urlOf(i), v);
      }
      boolean allReady = visitorsReady.await(o.readyTimeoutSeconds(), TimeUnit.SECONDS);
      Map<String, Long> ready = new TreeMap<>();
      ready.put("attempted", (long) nVisitors);
      ready.put("ready", visitors.stream().filter(v -> v.state >= Visitor.READY && v.state != Visitor.DONE).count());
      counts.forEach((k, v) -> {
        if (k.startsWith("failed:")) {
          ready.put(k, v.sum());
        }
      });
      report.connected(ready);
      if (!allReady) {
        p.line("visitors: not all ready after %d s; going on with those that are", o.readyTimeoutSeconds());
      }

      // Go: the first requests are spread over a ramp (half the warm-up, at least 1 s).
      long rampNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1000, o.warmupSeconds() * 500L));
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      measureStart = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
      end = measureStart + TimeUnit.SECONDS.toNanos(o.durationSeconds());
      running = true;
      report.started();
      for (int i = 0; i < visitors.size(); i++) {
        Visitor v = visitors.get(i);
        long at = start + rampNanos * i / visitors.size();
        v.channel.eventLoop().schedule(v::askHuman, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      List<long[]> series = sample(start, p);
      running = false;
      Thread.sleep(500);
      result(p, series);
      return 0;
    } finally {
      running = false;
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(15, TimeUnit.SECONDS);
    }
  }

  private String agentName(int i) {
    return "bench-" + o.runId() + "-" + i;
  }

  /** Creates the agents and logs them in; their tokens. */
  private List<String> createAgents(AdminApi admin) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < o.agents(); i++) {
      names.add(agentName(i));
    }
    return admin.createAgents(names, o.maxChats());
  }

  private void connect(Bootstrap b, InetSocketAddress local, URI uri, Peer handler) throws InterruptedException {
    connectSlots.acquire();
    WsPeer.open(b, local, uri, handler, handler::failed);
  }

  /** Once a second until the end: waiting visitors and cumulative counters; progress every 5 s. */
  private List<long[]> sample(long start, PrintOut p) throws InterruptedException {
    List<long[]> series = new ArrayList<>();
    long next = start;
    while (true) {
      next += TimeUnit.SECONDS.toNanos(1);
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        TimeUnit.NANOSECONDS.sleep(sleep);
      }
      long now = System.nanoTime();
      long[] row = {now, waiting.get(), queueEntries.sum(), assignments.sum(), queuedFrames.sum(), closes.sum()};
      series.add(row);
      int sec = series.size();
      if (sec % 5 == 0 && sec > 5) {
        long[] prev = series.get(sec - 6);
        double d = (row[0] - prev[0]) / 1e9;
        p.line("  t=%3ds waiting=%d  per s over the last 5 s (measured window only): queued %.0f assigned %.0f closed"
            + " %.0f queued-frames %.0f  (load %s)", sec, row[1], (row[2] - prev[2]) / d, (row[3] - prev[3]) / d,
            (row[5] - prev[5]) / d, (row[4] - prev[4]) / d, Report.loadAverage());
      }
      if (now >= end) {
        return series;
      }
    }
  }

  private void result(PrintOut p, List<long[]> series) {
    // Rows inside the measured window: counters at its start and end, queue lengths in it.
    long[] first = null;
    long[] last = null;
    long minQ = Long.MAX_VALUE;
    long maxQ = 0;
    long sumQ = 0;
    int nQ = 0;
    for (long[] row : series) {
      if (row[0] < measureStart) {
        first = row;
        continue;
      }
      if (first == null) {
        first = row;
      }
      last = row;
      minQ = Math.min(minQ, row[1]);
      maxQ = Math.max(maxQ, row[1]);
      sumQ += row[1];
      nQ++;
    }
    var json = report.json();
    if (first == null || last == null || last == first) {
      p.line("no measured window");
      report.end();
      return;
    }
    // The counters count only events inside [measureStart, end): divide by exactly that.
    double secs = (end - measureStart) / 1e9;
    first = new long[] {measureStart, 0, 0, 0, 0, 0};
    double queuedPerS = (last[2] - first[2]) / secs;
    double assignedPerS = (last[3] - first[3]) / secs;
    double framesPerS = (last[4] - first[4]) / secs;
    double closedPerS = (last[5] - first[5]) / secs;
    p.line("measured window %.1f s: visitors queued %.1f/s, assigned %.1f/s, chats closed %.1f/s; queued frames"
        + " (position updates) %.0f/s = %.0f per assignment", secs, queuedPerS, assignedPerS, closedPerS, framesPerS,
        assignedPerS > 0 ? framesPerS / assignedPerS : 0.0);
    p.line("waiting visitors (sent human, not yet assigned), sampled each second: mean %.0f, min %d, max %d",
        nQ == 0 ? 0.0 : sumQ / (double) nQ, minQ, maxQ);
    json.put("agents", o.agents());
    json.put("maxChats", o.maxChats());
    json.put("handleMs", o.handleMs());
    json.put("visitors", visitors.size());
    json.put("queuedPerSecond", queuedPerS);
    json.put("assignedPerSecond", assignedPerS);
    json.put("closedPerSecond", closedPerS);
    json.put("queuedFramesPerSecond", framesPerS);
    json.put("waitingMean", nQ == 0 ? 0.0 : sumQ / (double) nQ);
    json.put("waitingMin", minQ);
    json.put("waitingMax", maxQ);
    synchronized (this) {
      report.latencies("assignment latency (slot free or human, whichever later -> assigned)", latency, "assignMs");
      p.line("  of which from a slot freed after the visitor asked: n=%d (read before the agent's closed, counted 0:"
          + " %d); from the visitor's human (a slot was free): n=%d", fromSlot.getTotalCount(), zeroLatency,
          fromHuman.getTotalCount());
      report.latencies("  slot freed -> assigned", fromSlot, "assignFromSlotMs");
      report.latencies("  human -> assigned (slot was free)", fromHuman, "assignFromHumanMs");
      report.latencies("time in queue (human -> assigned)", queueWait, "queueWaitMs");
      json.put("assignedBeforeClosedSeen", zeroLatency);
      p.line("p99 %.2f ms  (target < 50 ms with ~1,000 queued)", latency.getValueAtPercentile(99) / 1000.0);
    }
    StringBuilder other = new StringBuilder();
    new TreeMap<>(counts).forEach((k, v) -> other.append(' ').append(k).append('=').append(v.sum()));
    p.line("other counts:%s", other.length() == 0 ? " none" : other);
    json.put("counts", other.toString().trim());
    report.end();
  }

  /** Formatted lines on the report's stream. */
  private record PrintOut(java.io.PrintStream out) {
    void line(String fmt, Object... args) {
      out.printf(Locale.ROOT, fmt + "%n", args);
      out.flush();
    }
  }

  /** A socket of this run: agent or visitor. */
  private abstract class Peer extends ChannelInboundHandlerAdapter {
    Channel channel;
    private boolean settled;

    abstract void failed(String reason);

    /** Frees a connect slot, once. */
    void settle() {
      if (!settled) {
        settled = true;
        connectSlots.release();
      }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    void write(String json) {
      channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), json)), channel.voidPromise());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshaken();
      } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        failed("handshake_timeout");
        ctx.close();
      } else {
        super.userEventTriggered(ctx, evt);
      }
    }

    abstract void handshaken();

    abstract void frame(Frames.Routing f, long now);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof TextWebSocketFrame text) {
          frame(Frames.parseRouting(text.text()), System.nanoTime());
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      count("exception:" + cause.getClass().getSimpleName());
      ctx.close();
    }
  }

  /** An agent's console socket. */
  private final class Agent extends Peer {
    final String name;
    private final String token;
    private boolean online;
    /** When this agent's free slots were freed (client receive time), oldest first. */
    private final ConcurrentLinkedDeque<Long> free = new ConcurrentLinkedDeque<>();
    /** Assignments read before the closed that freed their slot: {humanAt, assignedAt}. */
    private final ConcurrentLinkedDeque<long[]> owed = new ConcurrentLinkedDeque<>();

    Agent(String name, String token) {
      this.name = name;
      this.token = token;
    }

    @Override
    void failed(String reason) {
      count("agent_failed:" + reason);
      settle();
      if (!online) {
        online = true;
        agentsOnline.countDown();
      }
    }

    @Override
    void handshaken() {
      write("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    }

    @Override
    void frame(Frames.Routing f, long now) {
      String type = f.type() == null ? "" : f.type();
      switch (type) {
        case "ready" -> write("{\"type\":\"status\",\"status\":\"online\"}");
        case "done" -> {
          if (!online) {
            online = true;
            for (int i = 0; i < o.maxChats(); i++) {
              free.add(now);
            }
            settle();
            agentsOnline.countDown();
          }
        }
        case "assigned" -> {
          String conv = f.conversationId();
          channel.eventLoop().schedule(() -> write(Frames.agentClose(conv)), o.handleMs(), TimeUnit.MILLISECONDS);
        }
        case "closed" -> {
          if (measured(now)) {
            closes.increment();
          }
          slotFreed(now);
        }
        case "error" -> count("agent_error:" + f.code());
        default -> {
          // message, revoked, ...
        }
      }
    }

    synchronized void slotFreed(long now) {
      long[] early = owed.poll();
      if (early != null) {
        recordZero(early[1], early[0]);
      } else {
        free.add(now);
      }
    }

    /** A visitor read {@code assigned} naming this agent. */
    synchronized void assigned(long humanAt, long assignedAt) {
      Long freedAt = free.poll();
      if (freedAt == null) {
        owed.add(new long[] {humanAt, assignedAt});
        return;
      }
      recordAssignment(assignedAt, Math.max(humanAt, freedAt), freedAt > humanAt, humanAt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (running) {
        count("agent_closed_during_run");
      }
      super.channelInactive(ctx);
    }
  }

  /** A visitor socket. */
  private final class Visitor extends Peer {
    static final byte CONNECTING = 0;
    static final byte HELLO_SENT = 1;
    static final byte READY = 2;
    static final byte WAITING = 3;
    static final byte SERVED = 4;
    static final byte DONE = 5;

    volatile byte state = CONNECTING;
    private long humanAt;
    private boolean enteredQueue;

    @Override
    void failed(String reason) {
      if (state != DONE) {
        state = DONE;
        count("failed:" + reason);
        settle();
        visitorsReady.countDown();
      }
    }

    @Override
    void handshaken() {
      state = HELLO_SENT;
      write(Frames.HELLO);
    }

    void askHuman() {
      if (!running || state != READY || !channel.isActive()) {
        return;
      }
      state = WAITING;
      humanAt = System.nanoTime();
      enteredQueue = false;
      waiting.incrementAndGet();
      write(Frames.HUMAN);
    }

    @Override
    void frame(Frames.Routing f, long now) {
      String type = f.type() == null ? "" : f.type();
      switch (type) {
        case "welcome" -> {
          if (state == HELLO_SENT) {
            state = READY;
            settle();
            visitorsReady.countDown();
          }
        }
        case "queued" -> {
          if (measured(now)) {
            queuedFrames.increment();
          }
          if (state == WAITING && !enteredQueue) {
            enteredQueue = true;
            if (measured(now)) {
              queueEntries.increment();
            }
          }
        }
        case "assigned" -> {
          if (state != WAITING) {
            count("visitor_assigned_unexpected");
            return;
          }
          state = SERVED;
          waiting.decrementAndGet();
          if (measured(now)) {
            assignments.increment();
          }
          Agent a = f.agentName() == null ? null : agentsByName.get(f.agentName());
          if (a == null) {
            count("assigned_to_unknown_agent");
            return;
          }
          a.assigned(humanAt, now);
        }
        case "closed" -> {
          if (state == SERVED) {
            state = READY;
            if (o.thinkMs() > 0) {
              channel.eventLoop().schedule(this::askHuman, o.thinkMs(), TimeUnit.MILLISECONDS);
            } else {
              askHuman();
            }
          }
        }
        case "no_agent" -> {
          count("no_agent");
          if (state == WAITING) {
            waiting.decrementAndGet();
            state = READY;
            channel.eventLoop().schedule(this::askHuman, 1, TimeUnit.SECONDS);
          }
        }
        case "error" -> count("visitor_error:" + f.code());
        default -> {
          // conversation, message, typing, ...
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (state < READY) {
        failed(state == CONNECTING ? "closed_during_handshake" : "closed_before_ready");
      } else if (running) {
        count("visitor_closed_during_run");
      }
      state = DONE;
      super.channelInactive(ctx);
    }
  }
}

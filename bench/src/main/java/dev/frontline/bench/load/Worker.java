package dev.frontline.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The clients of one JVM: {@code clients} visitor sockets from one source address on a few
 * epoll event loops. {@link #connectAll} opens them (a bounded number of handshakes at a time);
 * {@link #run} then either holds them (idle) or drives the open-loop send schedule (chat) and
 * returns what was measured.
 */
final class Worker implements AutoCloseable {
  private final LoadOptions options;
  private final int index;
  private final EventLoopGroup group;
  private final Map<EventLoop, LoopDriver> drivers = new IdentityHashMap<>();
  private final Bootstrap bootstrap;
  private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final Semaphore connectSlots;
  private final CountDownLatch settled;
  private final Consumer<String> progress;

  Worker(LoadOptions options, int index, Consumer<String> progress) {
    this.options = options;
    this.index = index;
    this.progress = progress;
    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(options.threads(), io);
    for (EventExecutor e : group) {
      drivers.put((EventLoop) e, new LoopDriver((EventLoop) e));
    }
    this.connectSlots = new Semaphore(options.connectConcurrency());
    this.settled = new CountDownLatch(options.clients());
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
  }

  LoadOptions options() {
    return options;
  }

  int index() {
    return index;
  }

  LoopDriver driver(EventLoop loop) {
    return drivers.get(loop);
  }

  void failed(String reason) {
    failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  void settled() {
    connectSlots.release();
    settled.countDown();
  }

  /** Answers nothing itself: counts the pings the protocol handler behind it answers with pongs. */
  @ChannelHandler.Sharable
  private final class PingCounter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof PingWebSocketFrame) {
        driver(ctx.channel().eventLoop()).pings++;
      }
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * Opens every socket and waits until each reached welcome (and its queue) or failed. Client i
   * connects to {@link LoadOptions#urlOf}(i): round-robin over the targets.
   */
  Map<String, Long> connectAll() throws InterruptedException {
    int targets = options.urls().size();
    InetSocketAddress[] remotes = new InetSocketAddress[targets];
    WebSocketClientProtocolConfig[] configs = new WebSocketClientProtocolConfig[targets];
    for (int t = 0; t < targets; t++) {
      URI url = options.urlOf(t);
      remotes[t] = new InetSocketAddress(url.getHost(), url.getPort() > 0 ? url.getPort() : 80);
      configs[t] = WebSocketClientProtocolConfig.newBuilder()
          .webSocketUri(url)
          .version(WebSocketVersion.V13)
          .allowExtensions(false)
          .customHeaders(new DefaultHttpHeaders())
          .maxFramePayloadLength(64 * 1024)
          .handshakeTimeoutMillis(30_000)
          .dropPongFrames(true)
          .build();
    }
    InetSocketAddress local = new InetSocketAddress(options.sourceBase(), 0);
    PingCounter pings = new PingCounter();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.readyTimeoutSeconds());
    long lastReport = System.nanoTime();
    for (int i = 0; i < options.clients(); i++) {
      if (!acquireSlot(deadline)) {
        for (int left = i; left < options.clients(); left++) {
          failed("not_attempted:ready_timeout");
          settled.countDown();
        }
        break;
      }
      WebSocketClientProtocolConfig ws = configs[i % targets];
      InetSocketAddress remote = remotes[i % targets];
      VisitorClient client = new VisitorClient(i, this, System.nanoTime());
      ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192), pings,
              new WebSocketClientProtocolHandler(ws), client);
        }
      }).connect(remote, local);
      f.addListener(done -> {
        if (!done.isSuccess()) {
          client.connectFailed(done.cause());
        }
      });
      if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
        lastReport = System.nanoTime();
        progress.accept("connecting: attempted=" + (i + 1) + " ready=" + sum(d -> (long) d.ready.size()));
      }
    }
    long left = deadline - System.nanoTime();
    if (!settled.await(Math.max(1, left), TimeUnit.NANOSECONDS)) {
      failed("ready_timeout");
    }
    Map<String, Long> c = new java.util.TreeMap<>();
    c.put("attempted", (long) options.clients());
    c.put("ready", sum(d -> (long) d.ready.size()));
    failures.forEach((k, v) -> c.put("failed:" + k, v.sum()));
    return c;
  }

  private boolean acquireSlot(long deadline) throws InterruptedException {
    while (!connectSlots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
    }
    return true;
  }

  /**
   * The measured phase, starting at {@code goAtMillis} (wall clock, shared by every worker):
   * idle holds the sockets for the duration; chat sends on schedule, then waits up to the drain
   * time for the last acks.
   */
  WorkerResult run(long goAtMillis) throws InterruptedException {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(goAtMillis - System.currentTimeMillis());
    long secs = TimeUnit.SECONDS.toNanos(1);
    if (options.mode() == LoadOptions.Mode.CHAT || options.mode() == LoadOptions.Mode.TRACK) {
      long measureStart = start + options.warmupSeconds() * secs;
      long end = measureStart + options.durationSeconds() * secs;
      schedule(start, measureStart, end);
      waitUntil(end, "chat");
      long drainEnd = System.nanoTime() + options.drainSeconds() * secs;
      while (System.nanoTime() < drainEnd && (sum(LoopDriver::outstanding) > 0 || !allScheduled())) {
        Thread.sleep(50);
      }
    } else {
      waitUntil(start + options.durationSeconds() * secs, "idle");
    }
    WorkerResult r = new WorkerResult();
    for (LoopDriver d : drivers.values()) {
      r.add(onLoop(d, LoopDriver::snapshot));
    }
    return r;
  }

  /**
   * Spreads the ready clients evenly over one period: ordinal i sends at i/rate + n * (ready/rate).
   * Chat mode: chat messages at the rate. Track mode: track frames at the rate, and chat messages
   * at the chat rate if there is one.
   */
  private void schedule(long start, long measureStart, long end) throws InterruptedException {
    List<List<VisitorClient>> lists = new ArrayList<>();
    List<LoopDriver> order = new ArrayList<>(drivers.values());
    for (LoopDriver d : order) {
      lists.add(onLoop(d, x -> List.copyOf(x.ready)));
    }
    int total = lists.stream().mapToInt(List::size).sum();
    if (total == 0) {
      return;
    }
    boolean trackMode = options.mode() == LoadOptions.Mode.TRACK;
    String tail = options.distinctTexts() ? Frames.distinctTail(options.text()) : Frames.sendTail(options.text());
    if (trackMode) {
      schedule(order, lists, total, options.rate(), start, measureStart, end, true, tail);
      if (options.chatRate() > 0) {
        schedule(order, lists, total, options.chatRate(), start, measureStart, end, false, tail);
      }
    } else {
      schedule(order, lists, total, options.rate(), start, measureStart, end, false, tail);
    }
  }

  private void schedule(List<LoopDriver> order, List<List<VisitorClient>> lists, int total, double rate, long start,
      long measureStart, long end, boolean track, String tail) {
    double nanosPerMessage = 1e9 / rate;
    long period = Math.round(total * nanosPerMessage);
    long[][] offsets = new long[lists.size()][];
    for (int j = 0; j < lists.size(); j++) {
      offsets[j] = new long[lists.get(j).size()];
    }
    // Interleave the loops so that consecutive send instants alternate between them; a second
    // schedule (track mode's chat) starts half a slot later so that the two do not coincide.
    long shift = track ? 0 : Math.round(nanosPerMessage / 2);
    int ordinal = 0;
    for (int i = 0; ordinal < total; i++) {
      for (int j = 0; j < lists.size(); j++) {
        if (i < offsets[j].length) {
          offsets[j][i] = Math.round(ordinal++ * nanosPerMessage) + shift;
        }
      }
    }
    for (int j = 0; j < order.size(); j++) {
      VisitorClient[] clients = lists.get(j).toArray(new VisitorClient[0]);
      long[] o = offsets[j];
      LoopDriver d = order.get(j);
      d.loop.execute(() -> d.addSchedule(clients, o, start, measureStart, end, period, track, tail,
          options.trackEvent(), options.runId()));
    }
  }

  private boolean allScheduled() throws InterruptedException {
    for (LoopDriver d : drivers.values()) {
      if (!onLoop(d, LoopDriver::scheduleDone)) {
        return false;
      }
    }
    return true;
  }

  private void waitUntil(long deadline, String phase) throws InterruptedException {
    long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      long now = System.nanoTime();
      if (now >= deadline) {
        return;
      }
      Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1, 250));
      if (System.nanoTime() >= next && System.nanoTime() < deadline) {
        next += TimeUnit.SECONDS.toNanos(5);
        progress.accept(phase + ": open=" + sum(LoopDriver::openNow) + " sent=" + sum(d -> d.sent) + " acked="
            + sum(d -> d.acked) + " outstanding=" + sum(LoopDriver::outstanding) + " tracks=" + sum(d -> d.trackSent)
            + " pings=" + sum(d -> d.pings));
      }
    }
  }

  private long sum(Function<LoopDriver, Long> f) throws InterruptedException {
    long n = 0;
    for (LoopDriver d : drivers.values()) {
      n += onLoop(d, f);
    }
    return n;
  }

  private static <T> T onLoop(LoopDriver d, Function<LoopDriver, T> f) throws InterruptedException {
    try {
      return d.loop.submit(() -> f.apply(d)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("event loop did not answer", e);
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }
}

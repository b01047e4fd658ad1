package dev.frontline.server.transport;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.api.Api;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.cluster.Relay;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.metrics.MetricsEndpoint;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.health.Health;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one port: HTTP and WebSocket on Netty, native epoll where available. Event loops only
 * decode, validate, route and encode; everything that blocks runs on the API pool or the
 * conversation shards.
 */
public final class NettyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NettyServer.class);

  private final ServerConfig config;
  private final TransportContext ctx;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Class<? extends ServerChannel> channelType;
  private Channel server;
  private boolean drained;

  public NettyServer(ServerConfig config, Api api, ConversationService conversations, AuthService auth,
      Directory directory, ExecutorService apiPool, ScheduledExecutorService timers, Health health,
      ServerMetrics metrics, MetricsEndpoint metricsEndpoint) {
    this(config, api, conversations, auth, directory, apiPool, timers, health, metrics, metricsEndpoint, null);
  }

  /** A cluster member's public port: sockets and API calls are relayed to the leader. */
  public NettyServer(ServerConfig config, Relay relay, ExecutorService apiPool, ScheduledExecutorService timers,
      Health health, ServerMetrics metrics) {
    this(config, null, null, null, null, apiPool, timers, health, metrics, null, relay);
  }

  private NettyServer(ServerConfig config, Api api, ConversationService conversations, AuthService auth,
      Directory directory, ExecutorService apiPool, ScheduledExecutorService timers, Health health,
      ServerMetrics metrics, MetricsEndpoint metricsEndpoint, Relay relay) {
    this.config = config;
    ServerConfig.Limits l = config.limits();
    Liveness liveness = new Liveness(timers, l.pingInterval().toMillis(), l.idleTimeout().toMillis(),
        l.helloTimeout().toMillis());
    this.ctx = new TransportContext(api, conversations, auth, directory, apiPool, l, config.edge(), liveness,
        new StaticFiles(), health, metrics, metricsEndpoint, relay);
    IoHandlerFactory io;
    if (Epoll.isAvailable()) {
      io = EpollIoHandler.newFactory();
      channelType = EpollServerSocketChannel.class;
    } else {
      io = NioIoHandler.newFactory();
      channelType = NioServerSocketChannel.class;
    }
    boss = new MultiThreadIoEventLoopGroup(1, io);
    workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), io);
  }

  /** Binds and returns the port (useful when the configured one is 0). */
  public int start() throws InterruptedException {
    HttpHandler http = new HttpHandler(ctx);
    int maxBody = config.limits().maxRequestBytes();
    ConnectionCap cap = new ConnectionCap(config.edge().maxConnectionsPerAddress(), config.edge().trustedProxies());
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            HttpDeadlines deadlines = new HttpDeadlines(config.edge());
            ch.pipeline()
                .addLast(HttpDeadlines.FIRST_BYTE, deadlines.firstByte())
                .addLast(new HttpServerCodec(8192, 16384, 8192))
                .addLast(cap)
                .addLast(HttpDeadlines.NAME, deadlines)
                .addLast(new LimitedAggregator(maxBody))
                .addLast(http);
          }
        });
    server = b.bind(config.port()).sync().channel();
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    log.info("event=server.listening port={} transport={}", port, channelType.getSimpleName());
    return port;
  }

  public int webSockets() {
    return ctx.liveness().size();
  }

  /**
   * The first step of a stop (CONTRACT section 10): closes the listening socket, so no new
   * connection is taken, then closes every WebSocket with 1012 (service restart) and waits up to
   * {@code wait} for them to close. HTTP connections already open keep being answered (their
   * {@code /healthz} says 503) until {@link #close}.
   */
  public synchronized void drain(Duration wait) {
    if (drained) {
      return;
    }
    drained = true;
    if (server != null) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    long start = System.nanoTime();
    int sockets = ctx.liveness().restartAll(wait);
    log.info("event=server.drained websockets={} closeCode=1012 tookMs={}", sockets,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** Drains (when not done yet) and stops the event loops. */
  @Override
  public void close() {
    drain(Duration.ofSeconds(3));
    ctx.liveness().close();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}

package dev.frontline.bench.floor;

import dev.frontline.bench.SuppressForbidden;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under Frontline's chat path (issue 14): a stock Netty + Jackson WebSocket server that
 * answers just enough of the visitor protocol for the load generator's {@code idle} and {@code chat}
 * modes (conversation {@code bot} or {@code queued}) to run unchanged, and does nothing else. What
 * Frontline adds above it (the owner's shard, deduplication, the durable write, the bot) is what a
 * side-by-side run of the two measures.
 *
 * <p>It answers, on {@code /ws/visitor}:
 *
 * <ul>
 *   <li>{@code hello} with {@code welcome} ({@code visitorId}, {@code token}, {@code conversationId},
 *       {@code returning: false}, {@code state: "bot"});
 *   <li>{@code human} with {@code queued} ({@code position: 1}), which is all the load generator's
 *       queued conversation waits for;
 *   <li>{@code send} with {@code ack} ({@code clientId}, {@code seq}, {@code conversationId}): seq
 *       counts the socket's sends from 1, as a conversation's sequence would;
 *   <li>WebSocket pings with pongs (Netty's protocol handler), and HTTP {@code GET /healthz} with 200.
 * </ul>
 *
 * <p>It does not: authenticate or resume (every {@code hello} is a new visitor), store anything,
 * deduplicate a {@code clientId} sent twice (each send gets a new seq), validate fields beyond what it
 * reads, ping idle sockets, enforce limits or flood guards, answer with a bot, route to agents, or
 * send {@code error} frames; any other frame is read and ignored. No database, no bot, no log.
 *
 * <p>Netty as Frontline's server sets it up: epoll when available (NIO otherwise), one acceptor
 * thread, {@code max(2, cores)} event loops, pooled buffers, {@code TCP_NODELAY}; the pipeline is
 * {@code HttpServerCodec → HttpObjectAggregator → WebSocketServerProtocolHandler → FloorHandler}.
 */
public final class FloorServer implements AutoCloseable {
  static final String WEBSOCKET_PATH = "/ws/visitor";
  private static final int MAX_FRAME = 64 * 1024;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Class<? extends ServerChannel> channelType;
  private final FloorFrames frames = new FloorFrames();
  private final AtomicLong visitors = new AtomicLong();
  private Channel server;

  public FloorServer() {
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

  /** Binds {@code port} (0: an ephemeral one) on all addresses and returns the port bound. */
  public int start(int port) throws InterruptedException {
    server = new ServerBootstrap()
        .group(boss, workers)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(MAX_FRAME))
                .addLast(new WebSocketServerProtocolHandler(WEBSOCKET_PATH, null, false, MAX_FRAME))
                .addLast(new FloorHandler(frames, visitors.incrementAndGet()));
          }
        })
        .bind(port).sync().channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The transport's name, as Frontline's server logs it ({@code EpollServerSocketChannel}, ...). */
  public String transport() {
    return channelType.getSimpleName();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly();
    }
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /**
   * {@code floor [--port N]}: runs until the process is stopped; prints the port as Frontline's
   * server logs it ({@code event=server.listening port=N}), so bench/lib.sh finds it the same way.
   */
  @SuppressForbidden
  public static int run(String[] args) throws InterruptedException {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i]) && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: java -jar frontline-bench.jar floor [--port N]   (0: an ephemeral port)");
        return 2;
      }
    }
    FloorServer floor = new FloorServer();
    int bound = floor.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(floor::close, "floor-shutdown"));
    System.out.println("event=server.listening port=" + bound + " transport=" + floor.transport() + " server=floor");
    System.out.flush();
    floor.server.closeFuture().sync();
    return 0;
  }
}

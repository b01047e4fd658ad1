package dev.frontline.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client WebSocket of a mode that runs in the coordinator's JVM (deliver): the handshake,
 * text frames in with their receive time, text frames out. Subclasses say what a frame means;
 * every call comes on the socket's event loop.
 */
abstract class WsPeer extends ChannelInboundHandlerAdapter {
  private Channel channel;
  private Connector connector;
  private boolean settled;

  /** The handshake is done: say hello, or authenticate. */
  abstract void handshaken();

  /** A text frame, read at {@code nanos}. */
  abstract void frame(String text, long nanos);

  /** Could not connect, or closed before it was ready; called at most once per peer by this class. */
  abstract void failed(String reason);

  /** The socket closed after it was ready. */
  void closed() {}

  /** Ready (or failed): gives back the handshake slot, once. */
  final void settle() {
    if (!settled) {
      settled = true;
      connector.slots.release();
    }
  }

  final boolean settled() {
    return settled;
  }

  final Channel channel() {
    return channel;
  }

  final boolean isOpen() {
    return channel != null && channel.isActive();
  }

  final void write(String json) {
    channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), json)), channel.voidPromise());
  }

  @Override
  public final void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      handshaken();
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      lost("handshake_timeout");
      ctx.close();
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public final void channelRead(ChannelHandlerContext ctx, Object msg) {
    long now = System.nanoTime();
    try {
      if (msg instanceof TextWebSocketFrame text) {
        frame(text.text(), now);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public final void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (settled) {
      closed();
    } else {
      lost("closed_before_ready");
    }
    super.channelInactive(ctx);
  }

  @Override
  public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!settled) {
      lost("exception:" + cause.getClass().getSimpleName());
    }
    ctx.close();
  }

  private void lost(String reason) {
    if (!settled) {
      settle();
      failed(reason);
    }
  }

  /**
   * Opens a WebSocket client to {@code uri} from {@code local} on a clone of {@code bootstrap}, with
   * {@code handler} last in the pipeline; a failed connect is told to {@code failed} as
   * "connect:" and the exception's class.
   */
  static void open(Bootstrap bootstrap, InetSocketAddress local, URI uri, ChannelHandler handler,
      Consumer<String> failed) {
    WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(uri)
        .version(WebSocketVersion.V13)
        .allowExtensions(false)
        .customHeaders(new DefaultHttpHeaders())
        .maxFramePayloadLength(1 << 20)
        .handshakeTimeoutMillis(30_000)
        .dropPongFrames(true)
        .build();
    InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
    bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
            new WebSocketClientProtocolHandler(ws), handler);
      }
    }).connect(remote, local).addListener(f -> {
      if (!f.isSuccess()) {
        failed.accept("connect:" + f.cause().getClass().getSimpleName());
      }
    });
  }

  /** Opens peers' sockets from one source address, {@code concurrency} handshakes at a time. */
  static final class Connector implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress local;
    private final Semaphore slots;

    Connector(int threads, String sourceAddress, int concurrency) {
      IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
      this.group = new MultiThreadIoEventLoopGroup(threads, io);
      this.bootstrap = new Bootstrap().group(group)
          .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.SO_REUSEADDR, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
          .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
      this.local = new InetSocketAddress(sourceAddress, 0);
      this.slots = new Semaphore(concurrency);
    }

    EventLoopGroup group() {
      return group;
    }

    /** Starts {@code peer}'s socket to {@code uri}, once a handshake slot is free. */
    void connect(URI uri, WsPeer peer) throws InterruptedException {
      slots.acquire();
      peer.connector = this;
      // A channel future's listeners run on the channel's event loop, as the peer's other calls.
      open(bootstrap, local, uri, peer, peer::lost);
    }

    @Override
    public void close() {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(15, TimeUnit.SECONDS);
    }
  }
}

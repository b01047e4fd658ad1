package dev.frontline.server.transport;

import dev.frontline.server.api.Api;
import dev.frontline.server.config.TrustedProxies;
import dev.frontline.server.protocol.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} open connections (plain HTTP and WebSocket alike) per client address. A
 * direct client is counted when it connects, and one over the cap is closed before anything is
 * read. A connection from a trusted proxy is counted for the client its first request names
 * ({@link TrustedProxies#client}); over the cap, that request is answered 429 and the connection
 * closed. Sits after the HTTP codec and stays for the connection's life (it releases the count).
 */
@ChannelHandler.Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);
  /** The address a connection is counted under; unset while not counted yet. */
  static final AttributeKey<String> CLIENT = AttributeKey.valueOf("frontline.client");
  private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("frontline.refused");
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final int max;
  private final TrustedProxies proxies;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  ConnectionCap(int max, TrustedProxies proxies) {
    this.max = max;
    this.proxies = proxies;
  }

  @Override
  public void channelActive(ChannelHandlerContext c) throws Exception {
    InetAddress peer = peer(c.channel());
    if (peer != null && !proxies.trusts(peer) && !acquire(c.channel(), peer.getHostAddress())) {
      c.close();
      return;
    }
    super.channelActive(c);
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
    Channel ch = c.channel();
    if (ch.hasAttr(REFUSED)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest req && !ch.hasAttr(CLIENT)) {
      InetAddress peer = peer(ch);
      if (peer != null) {
        String client = proxies.client(peer, String.join(",", req.headers().getAll("X-Forwarded-For")));
        if (!acquire(ch, client)) {
          ReferenceCountUtil.release(msg);
          ch.attr(REFUSED).set(Boolean.TRUE);
          HttpHandler.writeThen(c, req.protocolVersion(), Api.error(ErrorCode.RATE_LIMITED,
              "too many connections from your address"), ChannelFutureListener.CLOSE);
          return;
        }
      }
    }
    super.channelRead(c, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) throws Exception {
    String client = c.channel().attr(CLIENT).getAndSet(null);
    if (client != null) {
      open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }
    super.channelInactive(c);
  }

  /** Open connections counted for {@code client}. */
  int openFor(String client) {
    return open.getOrDefault(client, 0);
  }

  private boolean acquire(Channel ch, String client) {
    boolean[] ok = new boolean[1];
    open.compute(client, (k, n) -> {
      int now = n == null ? 0 : n;
      ok[0] = now < max;
      return ok[0] ? now + 1 : n;
    });
    if (ok[0]) {
      ch.attr(CLIENT).set(client);
    } else {
      long now = System.nanoTime();
      long last = lastLog.get();
      if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
        log.warn("event=http.connection_cap remote={} max={}", client, max);
      }
    }
    return ok[0];
  }

  static InetAddress peer(Channel ch) {
    return ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
  }
}

package dev.frontline.server.transport;

import dev.frontline.server.config.EdgeConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for a plain HTTP connection, so that slow or silent clients cannot hold connections
 * (and up to the body limit of aggregation) for ever. One per connection, with one timer that is
 * set for the next deadline only:
 *
 * <ul>
 *   <li>a request head must be complete {@link EdgeConfig#headTimeout} after its first byte
 *       (slowloris: a header line every few seconds does not keep the connection);
 *   <li>a body must arrive at {@link EdgeConfig#bodyMinRate} bytes a second on average, after a
 *       grace of {@link EdgeConfig#bodyGrace}: t seconds after the head, at least
 *       (t - grace) x rate bytes of it must have come;
 *   <li>a connection waiting for a request (fresh, or kept alive after a response) is closed after
 *       {@link EdgeConfig#idleTimeout}. While the server works on a request nothing runs out.
 * </ul>
 *
 * It sits after the HTTP codec; its {@link #firstByte()} companion sits before it and notes the
 * first raw byte of each head. Both are removed when the connection becomes a WebSocket, which
 * has its own liveness.
 */
final class HttpDeadlines extends ChannelDuplexHandler {
  static final String NAME = "http-deadlines";
  static final String FIRST_BYTE = "http-first-byte";
  private static final Logger log = LoggerFactory.getLogger(HttpDeadlines.class);

  private enum Reading { NONE, HEAD, BODY }

  private final long headNanos;
  private final long graceNanos;
  private final long rate;
  private final long idleNanos;
  private ChannelHandlerContext ctx;
  private Reading reading = Reading.NONE;
  /** Requests read whose final response is not yet written. */
  private int pending;
  /** When the current phase began: the head's first byte, the body's start, or the idle wait. */
  private long since;
  private long bodyBytes;
  private boolean informational;
  private ScheduledFuture<?> timer;

  HttpDeadlines(EdgeConfig edge) {
    this.headNanos = edge.headTimeout().toNanos();
    this.graceNanos = edge.bodyGrace().toNanos();
    this.rate = edge.bodyMinRate();
    this.idleNanos = edge.idleTimeout().toNanos();
  }

  /** The companion that goes before the codec: it sees raw bytes and marks the start of a head. */
  ChannelInboundHandlerAdapter firstByte() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        if (reading == Reading.NONE && msg instanceof ByteBuf b && b.isReadable()) {
          reading = Reading.HEAD;
          since = System.nanoTime();
          schedule(headNanos);
        }
        c.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext c) {
    ctx = c;
    since = System.nanoTime();
    if (c.channel().isActive()) {
      schedule(idleNanos);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext c) throws Exception {
    since = System.nanoTime();
    schedule(idleNanos);
    super.channelActive(c);
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      reading = Reading.BODY;
      since = System.nanoTime();
      bodyBytes = 0;
      schedule(graceNanos);
    }
    if (msg instanceof HttpContent content) {
      bodyBytes += content.content().readableBytes();
    }
    if (msg instanceof LastHttpContent) {
      reading = Reading.NONE;
      pending++;
      cancel();
    }
    super.channelRead(c, msg);
  }

  @Override
  public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse res) {
      informational = res.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }
    if (msg instanceof LastHttpContent && !informational) {
      ChannelPromise p = promise.unvoid();
      p.addListener(f -> responded());
      super.write(c, msg, p);
      return;
    }
    super.write(c, msg, promise);
  }

  /** A final response left: when nothing else is owed or being read, the idle wait begins. */
  private void responded() {
    pending = Math.max(0, pending - 1);
    if (pending == 0 && reading == Reading.NONE) {
      since = System.nanoTime();
      schedule(idleNanos);
    }
  }

  private void check() {
    timer = null;
    if (ctx == null || !ctx.channel().isActive()) {
      return;
    }
    long elapsed = System.nanoTime() - since;
    switch (reading) {
      case HEAD -> {
        if (elapsed >= headNanos) {
          expire("head_timeout");
        } else {
          schedule(headNanos - elapsed);
        }
      }
      case BODY -> {
        // The body is on time while bodyBytes >= (elapsed - grace) * rate.
        long dueNanos = graceNanos + TimeUnit.SECONDS.toNanos(bodyBytes) / rate;
        if (elapsed > dueNanos) {
          expire("body_too_slow");
        } else {
          schedule(dueNanos - elapsed + TimeUnit.MILLISECONDS.toNanos(1));
        }
      }
      case NONE -> {
        if (pending > 0) {
          return;
        }
        if (elapsed >= idleNanos) {
          expire("idle_timeout");
        } else {
          schedule(idleNanos - elapsed);
        }
      }
    }
  }

  private void expire(String reason) {
    log.debug("event=http.closed reason={} remote={}", reason, ctx.channel().remoteAddress());
    ctx.close();
  }

  private void schedule(long nanos) {
    cancel();
    if (ctx != null) {
      timer = ctx.executor().schedule(this::check, Math.max(1, nanos), TimeUnit.NANOSECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext c) {
    cancel();
    ctx = null;
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) throws Exception {
    cancel();
    super.channelInactive(c);
  }
}

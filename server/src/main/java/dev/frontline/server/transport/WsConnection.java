package dev.frontline.server.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.conversation.Peer;
import dev.frontline.server.conversation.Shards;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.FrameCodec;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.protocol.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the visitor and agent sockets share: decoding text frames to JSON objects, flood control,
 * bad-frame errors that keep the connection, liveness, and the {@link Peer} side (frames out,
 * congestion, slow consumers).
 */
abstract class WsConnection extends ChannelInboundHandlerAdapter implements Peer, Liveness.Tracked {
  private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
  /** A client that lets this much pile up unread is cut off; it resumes with its lastSeq. */
  static final long MAX_PENDING_BYTES = 4L * 1024 * 1024;
  /** How long a client has to answer our Close frame before the connection is cut. */
  static final long CLOSE_ANSWER_MILLIS = 2_000;

  protected final TransportContext ctx;
  private final ServerMetrics.SocketKind kind;
  private boolean counted;
  protected Channel channel;
  private final FloodGuard flood = new FloodGuard();
  private volatile long lastRead = System.nanoTime();
  private final long opened = System.nanoTime();
  private long lastPing;
  private long lastErrorNanos;
  /** Our Close frame is written: nothing more goes out and what comes in is not acted on. */
  private volatile boolean closing;

  WsConnection(TransportContext ctx, ServerMetrics.SocketKind kind) {
    this.ctx = ctx;
    this.kind = kind;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext c) {
    channel = c.channel();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext c, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
      ctx.liveness().add(this);
      ctx.metrics().socketOpened(kind);
      counted = true;
      handshakeComplete(hc);
    } else {
      super.userEventTriggered(c, evt);
    }
  }

  /** The WebSocket is open. */
  protected void handshakeComplete(WebSocketServerProtocolHandler.HandshakeComplete hc) {}

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    lastRead = System.nanoTime();
    try {
      if (msg instanceof CloseWebSocketFrame close) {
        clientClosed(c.channel(), close);
        return;
      }
      if (closing) {
        // Not acked, so the client sends it again after its reconnect.
        return;
      }
      if (msg instanceof TextWebSocketFrame text) {
        if (!ByteBufUtil.isText(text.content(), StandardCharsets.UTF_8)) {
          send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST, "a text frame must be UTF-8"));
          closeWith(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, ErrorCode.BAD_REQUEST.wire());
          return;
        }
        text(text.text());
      } else if (msg instanceof PongWebSocketFrame || msg instanceof PingWebSocketFrame) {
        // liveness only
      } else if (msg instanceof WebSocketFrame) {
        error(ErrorCode.UNSUPPORTED, "only JSON text frames are accepted");
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void text(String text) {
    ObjectNode frame;
    try {
      frame = Json.parseObject(text);
    } catch (ApiException e) {
      error(e.code(), e.getMessage());
      return;
    }
    boolean typing = "typing".equals(frame.path("type").asText(null));
    if (typing ? !flood.typing() : !flood.command()) {
      if (flood.flooding()) {
        log.warn("event=ws.flood_closed remote={}", remote());
        closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "flooding");
      } else if (!typing) {
        String clientId = clientIdOf(frame);
        if (clientId != null) {
          send(new ServerFrame.Error(ErrorCode.RATE_LIMITED.wire(), "too many frames; slow down and send again",
              clientId, conversationIdOf(frame)));
        } else {
          error(ErrorCode.RATE_LIMITED, "too many frames; slow down");
        }
      }
      return;
    }
    try {
      frame(frame);
    } catch (ApiException e) {
      send(new ServerFrame.Error(e.code().wire(), e.getMessage(), clientIdOf(frame), conversationIdOf(frame)));
    } catch (Shards.Overloaded e) {
      send(new ServerFrame.Error(ErrorCode.OVERLOADED.wire(), "the server is busy; retry", clientIdOf(frame), null));
    } catch (RuntimeException e) {
      String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
      log.error("event=ws.internal_error incident={}", incident, e);
      send(ServerFrame.Error.of(ErrorCode.INTERNAL, "internal error (incident " + incident + ")"));
    }
  }

  private static String clientIdOf(ObjectNode f) {
    return f.path("clientId").isTextual() && f.get("clientId").textValue().length() <= 64
        ? f.get("clientId").textValue() : null;
  }

  private static String conversationIdOf(ObjectNode f) {
    return f.path("conversationId").isTextual() && f.get("conversationId").textValue().length() <= 64
        ? f.get("conversationId").textValue() : null;
  }

  /** Handles one decoded frame on the event loop; throws {@link ApiException} for bad frames. */
  protected abstract void frame(ObjectNode frame);

  private void error(ErrorCode code, String message) {
    long now = System.nanoTime();
    if (now - lastErrorNanos < 50_000_000L && code == ErrorCode.RATE_LIMITED) {
      return;
    }
    lastErrorNanos = now;
    send(ServerFrame.Error.of(code, message));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    if (closing && cause instanceof ClosedChannelException) {
      // A frame that raced our Close frame was refused by the codec; the close goes on.
      return;
    }
    if (cause instanceof CorruptedWebSocketFrameException bad) {
      WebSocketCloseStatus status = bad.closeStatus() == null ? WebSocketCloseStatus.PROTOCOL_ERROR : bad.closeStatus();
      ErrorCode code = status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code() ? ErrorCode.TOO_LARGE
          : ErrorCode.BAD_REQUEST;
      String msg = code == ErrorCode.TOO_LARGE ? "frame larger than " + ctx.limits().maxFrameBytes() + " bytes"
          : "malformed WebSocket frame";
      send(ServerFrame.Error.of(code, msg));
      closeWith(status, code.wire());
      return;
    }
    if (cause instanceof TooLongFrameException) {
      // A fragmented message whose parts add up to more than the limit.
      send(ServerFrame.Error.of(ErrorCode.TOO_LARGE, "message larger than " + ctx.limits().maxFrameBytes() + " bytes"));
      closeWith(WebSocketCloseStatus.MESSAGE_TOO_BIG, ErrorCode.TOO_LARGE.wire());
      return;
    }
    log.debug("event=ws.exception remote={} reason={}", remote(), cause.toString());
    c.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) throws Exception {
    ctx.liveness().remove(this);
    if (counted) {
      counted = false;
      ctx.metrics().socketClosed(kind);
    }
    closed();
    super.channelInactive(c);
  }

  /** The connection is gone; release what it held. */
  protected abstract void closed();

  // ---- Peer ----

  @Override
  public void send(ServerFrame frame) {
    Channel ch = channel;
    if (ch == null || !ch.isActive() || closing) {
      return;
    }
    if (ch.bytesBeforeWritable() > MAX_PENDING_BYTES) {
      log.warn("event=ws.slow_consumer_closed remote={}", remote());
      ch.close();
      return;
    }
    write(ch, frame);
  }

  @Override
  public void sendDroppable(ServerFrame frame) {
    Channel ch = channel;
    if (ch != null && ch.isActive() && ch.isWritable() && !closing) {
      write(ch, frame);
    }
  }

  private void write(Channel ch, ServerFrame frame) {
    if (frame instanceof ServerFrame.Error e) {
      ctx.metrics().error("ws", e.code());
    }
    String json = FrameCodec.encode(frame);
    ByteBuf buf = ByteBufUtil.writeUtf8(ch.alloc(), json);
    ch.writeAndFlush(new TextWebSocketFrame(buf), ch.voidPromise());
  }

  @Override
  public void close(String reason) {
    closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, reason);
  }

  protected void closeWith(WebSocketCloseStatus status, String reason) {
    closeHandshake(status.code(), reason);
  }

  /**
   * The client's Close frame: the answer to ours ends the connection; otherwise ours answers it
   * (the same code) and then ends it. Nothing comes from the client after its Close frame, so
   * ending the connection at once here leaves nothing unread.
   */
  private void clientClosed(Channel ch, CloseWebSocketFrame close) {
    if (closing) {
      ch.close();
      return;
    }
    closing = true;
    ch.writeAndFlush(close.retainedDuplicate()).addListener((ChannelFuture f) -> ch.close());
  }

  /**
   * The closing handshake of RFC 6455 (section 7.1.1): our Close frame, then the client's Close
   * frame in answer, on which the protocol handler ends the connection; a client that does not
   * answer within {@link #CLOSE_ANSWER_MILLIS} is cut off. Ending the connection right after our
   * frame is not safe: a frame from the client still unread here makes the kernel answer with a
   * reset, and a reset can discard our Close frame at the client before its page reads it, so
   * the page sees 1006 instead of the code (and a 1012 reconnects at once only when it is seen).
   */
  private ChannelFuture closeHandshake(int code, String reason) {
    Channel ch = channel;
    if (ch == null) {
      return null;
    }
    if (ch.isActive() && !closing) {
      closing = true;
      ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener((ChannelFuture written) -> {
        if (!written.isSuccess()) {
          ch.close();
          return;
        }
        ScheduledFuture<?> cut = ch.eventLoop().schedule(() -> {
          ch.close();
        }, CLOSE_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(gone -> cut.cancel(false));
      });
    }
    return ch.closeFuture();
  }

  @Override
  public boolean isOpen() {
    Channel ch = channel;
    return ch != null && ch.isActive();
  }

  /** The client's address: behind a trusted proxy, the client it named (see {@link ConnectionCap}). */
  @Override
  public String remote() {
    Channel ch = channel;
    if (ch == null) {
      return "?";
    }
    String client = ch.attr(ConnectionCap.CLIENT).get();
    if (client != null) {
      return client;
    }
    return ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
  }

  // ---- Liveness ----

  @Override
  public long lastReadNanos() {
    return lastRead;
  }

  @Override
  public long openedNanos() {
    return opened;
  }

  @Override
  public void ping() {
    long now = System.nanoTime();
    if (now - lastPing < ctx.limits().pingInterval().toNanos()) {
      return;
    }
    lastPing = now;
    Channel ch = channel;
    if (ch != null && ch.isActive() && !closing) {
      ch.writeAndFlush(new PingWebSocketFrame(), ch.voidPromise());
    }
  }

  @Override
  public ChannelFuture serviceRestart() {
    return closeHandshake(WebSocketCloseStatus.SERVICE_RESTART.code(), "server restarting");
  }

  @Override
  public void expire(String reason) {
    if ("hello_timeout".equals(reason)) {
      send(ServerFrame.Error.of(ErrorCode.HELLO_REQUIRED, "no hello/auth frame in time"));
      closeWith(WebSocketCloseStatus.POLICY_VIOLATION, reason);
    } else {
      Channel ch = channel;
      if (ch != null) {
        ch.close();
      }
    }
    ctx.liveness().remove(this);
  }
}

package dev.frontline.server.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.protocol.VisitorCommand;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayDeque;

/**
 * {@code /ws/visitor}: the first frame must be {@code hello}; commands sent before its answer
 * are kept (a few) and run in order once the visitor is known.
 */
final class VisitorSocket extends WsConnection {
  private static final int MAX_EARLY = 64;

  private String visitorId;
  /** 0 waiting for hello, 1 hello in flight, 2 greeted. */
  private byte phase;
  private ArrayDeque<VisitorCommand> early;

  /** The browser sent {@code DNT: 1} with the upgrade. */
  private final boolean doNotTrack;

  VisitorSocket(TransportContext ctx, boolean doNotTrack) {
    super(ctx, ServerMetrics.SocketKind.VISITOR);
    this.doNotTrack = doNotTrack;
  }

  @Override
  protected void frame(ObjectNode f) {
    VisitorCommand cmd = VisitorCommand.decode(f, ctx.limits().maxTextChars());
    if (phase == 2) {
      if (cmd instanceof VisitorCommand.Hello) {
        throw new ApiException(ErrorCode.BAD_REQUEST, "hello was already received");
      }
      ctx.conversations().visitors().command(this, visitorId, cmd);
      return;
    }
    if (phase == 1) {
      if (cmd instanceof VisitorCommand.Hello) {
        throw new ApiException(ErrorCode.BAD_REQUEST, "hello was already received");
      }
      if (early == null) {
        early = new ArrayDeque<>(4);
      }
      if (early.size() >= MAX_EARLY) {
        throw new ApiException(ErrorCode.RATE_LIMITED, "wait for welcome before sending more");
      }
      early.add(cmd);
      return;
    }
    if (!(cmd instanceof VisitorCommand.Hello first)) {
      throw new ApiException(ErrorCode.HELLO_REQUIRED, "the first frame must be hello");
    }
    VisitorCommand.Hello hello = doNotTrack && !first.dnt() ? first.withDnt() : first;
    phase = 1;
    ctx.conversations().visitors().hello(this, hello).whenComplete((id, err) -> channel.eventLoop().execute(() -> {
      if (err != null) {
        Throwable cause = err.getCause() != null ? err.getCause() : err;
        send(cause instanceof ApiException e ? ServerFrame.Error.of(e)
            : ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "could not start the conversation; reconnect"));
        closeWith(WebSocketCloseStatus.TRY_AGAIN_LATER, "hello_failed");
        return;
      }
      visitorId = id;
      phase = 2;
      if (early != null) {
        for (VisitorCommand c : early) {
          try {
            ctx.conversations().visitors().command(this, visitorId, c);
          } catch (RuntimeException e) {
            send(ServerFrame.Error.of(ErrorCode.OVERLOADED, "the server is busy; retry"));
          }
        }
        early = null;
      }
    }));
  }

  @Override
  public boolean greeted() {
    return phase != 0;
  }

  @Override
  protected void closed() {
    if (visitorId != null) {
      ctx.conversations().visitors().gone(this, visitorId);
    }
  }
}

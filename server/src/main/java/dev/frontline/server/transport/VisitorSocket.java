package dev.frontline.server.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.conversation.VisitorLine;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.protocol.VisitorCommand;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * {@code /ws/visitor}: the first frame must be {@code hello}; commands sent before its answer
 * are kept (a few) and run in order once the visitor is known.
 */
final class VisitorSocket extends WsConnection {
  private VisitorLine line;
  /** The browser sent {@code DNT: 1} with the upgrade. */
  private final boolean doNotTrack;

  VisitorSocket(TransportContext ctx, boolean doNotTrack) {
    super(ctx, ServerMetrics.SocketKind.VISITOR);
    this.doNotTrack = doNotTrack;
  }

  @Override
  protected void frame(ObjectNode f) {
    if (line == null) {
      line = new VisitorLine(ctx.conversations().visitors(), this, channel.eventLoop(), doNotTrack,
          reason -> closeWith(WebSocketCloseStatus.TRY_AGAIN_LATER, reason));
    }
    line.command(VisitorCommand.decode(f, ctx.limits().maxTextChars()));
  }

  @Override
  public boolean greeted() {
    return line != null && line.greeted();
  }

  @Override
  protected void closed() {
    if (line != null) {
      line.gone();
    }
  }
}

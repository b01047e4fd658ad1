package dev.frontline.server.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.cluster.Relay;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.protocol.AgentCommand;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.protocol.VisitorCommand;
import dev.frontline.server.protocol.ErrorCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * A visitor's or agent's WebSocket in cluster mode: checked here (UTF-8, JSON, flood guard, a
 * known command), then relayed to the leader, which runs the conversation ({@link Relay}). The
 * leader's frames are written as they come, without decoding them.
 */
final class RelaySocket extends WsConnection implements Relay.Socket {
  private final boolean agent;
  private final boolean doNotTrack;
  private final String cookieToken;
  private long sid = -1;
  private boolean greeted;

  RelaySocket(TransportContext ctx, boolean agent, boolean doNotTrack, String cookieToken) {
    super(ctx, agent ? ServerMetrics.SocketKind.AGENT : ServerMetrics.SocketKind.VISITOR);
    this.agent = agent;
    this.doNotTrack = doNotTrack;
    this.cookieToken = cookieToken;
    this.greeted = cookieToken != null;
  }

  @Override
  protected void handshakeComplete(WebSocketServerProtocolHandler.HandshakeComplete hc) {
    sid = ctx.relay().open(this, agent, doNotTrack, remote(), cookieToken);
    if (sid < 0) {
      send(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "the service is starting or changing over; reconnect"));
      closeWith(WebSocketCloseStatus.TRY_AGAIN_LATER, "no_leader");
    }
  }

  @Override
  protected void frame(ObjectNode f) {
    if (agent) {
      AgentCommand.decode(f, ctx.limits().maxTextChars());
    } else {
      VisitorCommand.decode(f, ctx.limits().maxTextChars());
    }
    greeted = true;
    if (sid >= 0) {
      ctx.relay().frame(sid, f.toString());
    }
  }

  @Override
  public boolean greeted() {
    return greeted;
  }

  @Override
  protected void closed() {
    if (sid >= 0) {
      ctx.relay().closed(sid);
    }
  }

  @Override
  public void deliver(String json, boolean droppable) {
    Channel ch = channel;
    if (ch == null || !ch.isActive() || (droppable && !ch.isWritable())) {
      return;
    }
    if (!droppable && ch.bytesBeforeWritable() > MAX_PENDING_BYTES) {
      ch.close();
      return;
    }
    ch.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ch.alloc(), json)), ch.voidPromise());
  }

  @Override
  public void closeWith(int code, String reason) {
    closeWith(WebSocketCloseStatus.valueOf(code), reason);
  }
}

package dev.frontline.server.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.agent.User;
import dev.frontline.server.auth.ConsoleLogin;
import dev.frontline.server.auth.OpenSessions;
import dev.frontline.server.conversation.AgentSession;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.protocol.AgentCommand;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/agent}: authenticated by a first {@code auth} frame or by the browser's session
 * cookie (same origin only); then console commands. Only agents, supervisors and admins. The
 * connection lives no longer than its login session: a logout, a password change, a disabled
 * account or the session's expiry closes it at once (1008, after an {@code unauthorized} error),
 * and the console shows its login again.
 */
final class AgentSocket extends WsConnection implements OpenSessions.Holder {
  private static final Logger log = LoggerFactory.getLogger(AgentSocket.class);

  private final String cookieToken;
  private AgentSession session;
  private OpenSessions.Entry registration;
  /** 0 waiting for auth, 1 auth in flight, 2 ready. */
  private byte phase;

  AgentSocket(TransportContext ctx, String cookieToken) {
    super(ctx, ServerMetrics.SocketKind.AGENT);
    this.cookieToken = cookieToken;
  }

  @Override
  protected void handshakeComplete(WebSocketServerProtocolHandler.HandshakeComplete hc) {
    if (cookieToken != null) {
      authenticate(cookieToken);
    }
  }

  @Override
  protected void frame(ObjectNode f) {
    AgentCommand cmd = AgentCommand.decode(f, ctx.limits().maxTextChars());
    if (phase == 2) {
      if (cmd instanceof AgentCommand.Auth) {
        throw new ApiException(ErrorCode.BAD_REQUEST, "already authenticated");
      }
      ctx.conversations().agentCommands().command(session, cmd);
      return;
    }
    if (phase == 1) {
      throw new ApiException(ErrorCode.NOT_ALLOWED_NOW, "wait for ready");
    }
    if (!(cmd instanceof AgentCommand.Auth auth)) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, "the first frame must be auth");
    }
    authenticate(auth.token());
  }

  private void authenticate(String token) {
    phase = 1;
    CompletableFuture.supplyAsync(() -> ConsoleLogin.check(ctx.auth(), ctx.directory(), token), ctx.apiPool())
        .whenComplete((a, err) -> channel.eventLoop().execute(() -> ready(a, token, err)));
  }

  private void ready(ConsoleLogin.Authenticated a, String token, Throwable err) {
    if (err != null) {
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      send(cause instanceof ApiException e ? ServerFrame.Error.of(e)
          : ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "authentication failed; retry"));
      closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "unauthorized");
      return;
    }
    if (!isOpen()) {
      return;
    }
    User u = a.user();
    registration = ctx.auth().openSessions().add(a.session(), this);
    // A session that ended between the check above and the registration is caught here.
    CompletableFuture.supplyAsync(() -> ctx.auth().session(token), ctx.apiPool()).thenAccept(s -> {
      if (s == null) {
        sessionEnded("the session ended");
      }
    });
    session = new AgentSession(u.principal(), u.profile(), this);
    phase = 2;
    send(ConsoleLogin.ready(u));
    ctx.conversations().agentCommands().connected(session);
    log.info("event=agent.connected agent={} remote={}", u.id(), remote());
  }

  @Override
  public boolean greeted() {
    return phase != 0;
  }

  /** The login session ended: say so and close as a policy violation, so that the console logs in again. */
  @Override
  public void sessionEnded(String reason) {
    channel.eventLoop().execute(() -> {
      log.info("event=agent.session_ended agent={} reason=\"{}\"", session == null ? null : session.agentId(), reason);
      send(ServerFrame.Error.of(ErrorCode.UNAUTHORIZED, reason + "; log in again"));
      closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "session_ended");
    });
  }

  @Override
  protected void closed() {
    if (registration != null) {
      registration.close();
    }
    if (session != null) {
      ctx.conversations().agentCommands().disconnected(session);
      log.info("event=agent.socket_closed agent={}", session.agentId());
    }
  }
}

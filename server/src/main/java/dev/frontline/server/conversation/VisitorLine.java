package dev.frontline.server.conversation;

import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.protocol.VisitorCommand;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * A visitor connection's state, the same for a socket of this process and one relayed from
 * another member of a cluster: the first frame must be {@code hello}; commands sent before its
 * answer are kept (a few) and run in order once the visitor is known. Every method runs on the
 * connection's own thread ({@code home}), which also receives the answer to the hello.
 */
public final class VisitorLine {
  private static final int MAX_EARLY = 64;

  /** How the connection is closed when the hello fails (1013: try again later). */
  @FunctionalInterface
  public interface Refuse {
    void close(String reason);
  }

  private final VisitorCommands commands;
  private final Peer peer;
  private final Executor home;
  private final boolean doNotTrack;
  private final Refuse refuse;
  private String visitorId;
  /** 0 waiting for hello, 1 hello in flight, 2 greeted. */
  private byte phase;
  private boolean gone;
  private ArrayDeque<VisitorCommand> early;

  public VisitorLine(VisitorCommands commands, Peer peer, Executor home, boolean doNotTrack, Refuse refuse) {
    this.commands = commands;
    this.peer = peer;
    this.home = home;
    this.doNotTrack = doNotTrack;
    this.refuse = refuse;
  }

  /** A decoded command; throws {@link ApiException} for one not allowed now. */
  public void command(VisitorCommand cmd) {
    if (phase != 0 && cmd instanceof VisitorCommand.Hello) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "hello was already received");
    }
    if (phase == 2) {
      commands.command(peer, visitorId, cmd);
      return;
    }
    if (phase == 1) {
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
    commands.hello(peer, hello).whenComplete((id, err) -> home.execute(() -> greeted(id, err)));
  }

  private void greeted(String id, Throwable err) {
    if (err != null) {
      Throwable cause = err.getCause() != null ? err.getCause() : err;
      peer.send(cause instanceof ApiException e ? ServerFrame.Error.of(e)
          : ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "could not start the conversation; reconnect"));
      refuse.close("hello_failed");
      return;
    }
    visitorId = id;
    phase = 2;
    if (gone) {
      commands.gone(peer, visitorId);
      return;
    }
    if (early != null) {
      for (VisitorCommand c : early) {
        try {
          commands.command(peer, visitorId, c);
        } catch (RuntimeException e) {
          peer.send(ServerFrame.Error.of(ErrorCode.OVERLOADED, "the server is busy; retry"));
        }
      }
      early = null;
    }
  }

  /** A hello was received (the liveness sweep's question). */
  public boolean greeted() {
    return phase != 0;
  }

  /** The connection is gone; if the hello is still in flight, its answer releases the visitor. */
  public void gone() {
    gone = true;
    if (visitorId != null) {
      commands.gone(peer, visitorId);
    }
  }
}

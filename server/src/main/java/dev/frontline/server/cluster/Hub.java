package dev.frontline.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.auth.ConsoleLogin;
import dev.frontline.server.auth.OpenSessions;
import dev.frontline.server.config.ServerConfig.Limits;
import dev.frontline.server.conversation.AgentSession;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.conversation.Peer;
import dev.frontline.server.conversation.Shards;
import dev.frontline.server.conversation.VisitorLine;
import dev.frontline.server.protocol.AgentCommand;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.FrameCodec;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.protocol.VisitorCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's end of the relayed sockets (decision 0011). Every process's public port holds the
 * sockets of its visitors and agents ({@link Relay}); the leader runs every conversation and the
 * dispatcher, and sees each relayed socket as a {@link Peer} here. What the edges publish on the
 * cluster's {@code leader} channel (open, frame, closed, beat) arrives on one thread, in order,
 * and drives the same calls a socket of this process makes; what the domain sends to a relayed
 * peer is published on that edge's channel.
 *
 * <p>Every message on a channel carries the sender's next number; a gap (Redis lost messages while
 * a connection was down) ends every socket of that edge: their clients reconnect and resume with
 * {@code lastSeq}, so a lost message is never silently missing. An edge silent for {@link
 * #EDGE_TIMEOUT_MS} is gone, and so are its sockets.
 */
public final class Hub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Hub.class);
  static final long EDGE_TIMEOUT_MS = 5_000;

  private final RedisLink redis;
  private final long epoch;
  private final String node;
  private final String address;
  private final ConversationService conversations;
  private final AuthService auth;
  private final Directory directory;
  private final ExecutorService apiPool;
  private final Limits limits;
  private final ExecutorService loop;
  private final ScheduledExecutorService timer;
  private final ScheduledFuture<?> beats;
  /** Edges heard from, by node; touched on {@link #loop} only. */
  private final Map<String, Edge> edges = new HashMap<>();
  private volatile boolean closed;

  public Hub(RedisLink redis, long epoch, String node, String address, ConversationService conversations,
      AuthService auth, Directory directory, ExecutorService apiPool, Limits limits) {
    this.redis = redis;
    this.epoch = epoch;
    this.node = node;
    this.address = address;
    this.conversations = conversations;
    this.auth = auth;
    this.directory = directory;
    this.apiPool = apiPool;
    this.limits = limits;
    this.loop = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("cluster-hub").daemon(true).unstarted(r));
    this.timer = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name("cluster-hub-timer").daemon(true).unstarted(r));
    this.beats = timer.scheduleWithFixedDelay(() -> loop.execute(this::beat), 0, 1, TimeUnit.SECONDS);
  }

  /** A message of the {@code leader} channel (on a Lettuce thread: handed on at once). */
  public void received(String message) {
    if (!closed) {
      loop.execute(() -> handle(message));
    }
  }

  /** One edge process and its relayed sockets; touched on {@link #loop} only, except the sequence. */
  private final class Edge {
    final String node;
    final String channel;
    final Map<Long, Line> lines = new HashMap<>();
    long expect = -1;
    long lastHeard = System.nanoTime();
    /** Numbers of what this hub publishes to the edge; guarded by {@code this}. */
    private long out;

    Edge(String node) {
      this.node = node;
      this.channel = Wire.edgeChannel(redis, node);
    }

    /** Numbers and publishes in one step, so that the numbers go out in order. */
    synchronized void publish(char kind, String rest, String body) {
      out++;
      redis.publish(channel, Wire.message(kind, epoch, out, rest, body));
    }
  }

  private void handle(String message) {
    Wire.Message m = Wire.parse(message);
    if (m == null || m.fields().length < 2) {
      log.warn("event=cluster.bad_message channel=leader head={}", Wire.head(message));
      return;
    }
    String from = m.fields()[0];
    long seq;
    try {
      seq = Long.parseLong(m.fields()[1]);
    } catch (NumberFormatException e) {
      log.warn("event=cluster.bad_message channel=leader head={}", Wire.head(message));
      return;
    }
    Edge e = edges.computeIfAbsent(from, Edge::new);
    e.lastHeard = System.nanoTime();
    if (e.expect >= 0 && seq != e.expect) {
      log.warn("event=cluster.gap from={} expected={} got={} lines={} note=\"messages were lost: its sockets reconnect\"",
          from, e.expect, seq, e.lines.size());
      dropAll(e);
      e.publish('R', "", null);
      e.expect = seq + 1;
      return;
    }
    e.expect = seq + 1;
    try {
      switch (m.kind()) {
        case 'O' -> open(e, m);
        case 'F' -> frame(e, m);
        case 'X' -> closed(e, m);
        case 'B' -> { }
        default -> log.warn("event=cluster.bad_message channel=leader kind={}", m.kind());
      }
    } catch (RuntimeException ex) {
      log.error("event=cluster.hub_failed kind={} from={}", m.kind(), from, ex);
    }
  }

  /** {@code O node seq sid v|a dnt remote cookie}. */
  private void open(Edge e, Wire.Message m) {
    String[] f = m.fields();
    long sid = Long.parseLong(f[2]);
    boolean agent = "a".equals(f[3]);
    Line line = new Line(e, sid, agent, "1".equals(f[4]), f[5]);
    e.lines.put(sid, line);
    if (agent && !"-".equals(f[6])) {
      line.authenticate(f[6]);
    }
  }

  /** {@code F node seq sid} and the frame's JSON. */
  private void frame(Edge e, Wire.Message m) {
    long sid = Long.parseLong(m.fields()[2]);
    Line line = e.lines.get(sid);
    if (line == null) {
      // Opened with an earlier leader, or dropped after a gap: the client reconnects.
      e.publish('C', sid + " 1012 reconnect", null);
      return;
    }
    ObjectNode f;
    try {
      f = Json.parseObject(m.body());
    } catch (ApiException ex) {
      line.send(ServerFrame.Error.of(ex));
      return;
    }
    try {
      if (line.agent) {
        line.agentFrame(f);
      } else {
        line.visitorFrame(f);
      }
    } catch (ApiException ex) {
      line.send(new ServerFrame.Error(ex.code().wire(), ex.getMessage(), text(f, "clientId"), text(f, "conversationId")));
    } catch (Shards.Overloaded ex) {
      line.send(new ServerFrame.Error(ErrorCode.OVERLOADED.wire(), "the server is busy; retry", text(f, "clientId"), null));
    }
  }

  private static String text(ObjectNode f, String field) {
    return f.path(field).isTextual() && f.get(field).textValue().length() <= 64 ? f.get(field).textValue() : null;
  }

  /** {@code X node seq sid}. */
  private void closed(Edge e, Wire.Message m) {
    Line line = e.lines.remove(Long.parseLong(m.fields()[2]));
    if (line != null) {
      line.gone();
    }
  }

  private void dropAll(Edge e) {
    List<Line> all = new ArrayList<>(e.lines.values());
    e.lines.clear();
    for (Line l : all) {
      l.gone();
    }
  }

  /** Every second: the announcement, a numbered beat to each edge, and the end of silent edges. */
  private void beat() {
    if (closed) {
      return;
    }
    redis.publish(Wire.announceChannel(redis), Wire.message('L', epoch, 0, node + " " + address, null));
    long now = System.nanoTime();
    for (var it = edges.values().iterator(); it.hasNext(); ) {
      Edge e = it.next();
      if (now - e.lastHeard > TimeUnit.MILLISECONDS.toNanos(EDGE_TIMEOUT_MS)) {
        log.warn("event=cluster.edge_lost node={} lines={}", e.node, e.lines.size());
        dropAll(e);
        // A member that was only slow must not keep sockets nobody serves: it closes them.
        e.publish('R', "", null);
        it.remove();
      } else {
        e.publish('B', "", null);
      }
    }
  }

  /** Relayed sockets, for health and tests. */
  public CompletableFuture<Integer> lines() {
    return CompletableFuture.supplyAsync(() -> edges.values().stream().mapToInt(e -> e.lines.size()).sum(), loop);
  }

  /**
   * A relayed socket as the domain sees it: a visitor's state is a {@link VisitorLine}, as for a
   * socket of this process; an agent's login mirrors {@code AgentSocket}'s, with the same check
   * ({@link ConsoleLogin}). Runs on the hub's thread.
   */
  private final class Line implements Peer, OpenSessions.Holder {
    final Edge edge;
    final long sid;
    final boolean agent;
    final boolean doNotTrack;
    final String remote;
    volatile boolean open = true;
    VisitorLine visitor;
    /** Agent: 0 waiting for auth, 1 auth in flight, 2 ready. */
    byte phase;
    AgentSession session;
    OpenSessions.Entry registration;

    Line(Edge edge, long sid, boolean agent, boolean doNotTrack, String remote) {
      this.edge = edge;
      this.sid = sid;
      this.agent = agent;
      this.doNotTrack = doNotTrack;
      this.remote = remote;
    }

    void visitorFrame(ObjectNode f) {
      if (visitor == null) {
        visitor = new VisitorLine(conversations.visitors(), this, loop, doNotTrack, reason -> closeWith(1013, reason));
      }
      visitor.command(VisitorCommand.decode(f, limits.maxTextChars()));
    }

    void agentFrame(ObjectNode f) {
      AgentCommand cmd = AgentCommand.decode(f, limits.maxTextChars());
      if (phase == 2) {
        if (cmd instanceof AgentCommand.Auth) {
          throw new ApiException(ErrorCode.BAD_REQUEST, "already authenticated");
        }
        conversations.agentCommands().command(session, cmd);
        return;
      }
      if (phase == 1) {
        throw new ApiException(ErrorCode.NOT_ALLOWED_NOW, "wait for ready");
      }
      if (!(cmd instanceof AgentCommand.Auth a)) {
        throw new ApiException(ErrorCode.UNAUTHORIZED, "the first frame must be auth");
      }
      authenticate(a.token());
    }

    void authenticate(String token) {
      phase = 1;
      CompletableFuture.supplyAsync(() -> ConsoleLogin.check(auth, directory, token), apiPool)
          .whenComplete((a, err) -> loop.execute(() -> ready(a, err)));
    }

    private void ready(ConsoleLogin.Authenticated a, Throwable err) {
      if (err != null) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        send(cause instanceof ApiException e ? ServerFrame.Error.of(e)
            : ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "authentication failed; retry"));
        closeWith(1008, "unauthorized");
        return;
      }
      if (!open) {
        return;
      }
      User u = a.user();
      registration = auth.openSessions().add(a.session(), this);
      session = new AgentSession(u.principal(), u.profile(), this);
      phase = 2;
      send(ConsoleLogin.ready(u));
      conversations.agentCommands().connected(session);
      log.info("event=agent.connected agent={} remote={} via={}", u.id(), remote, edge.node);
    }

    /** The socket closed at its edge, or the edge is gone. */
    void gone() {
      open = false;
      if (registration != null) {
        registration.close();
      }
      if (agent && session != null) {
        conversations.agentCommands().disconnected(session);
      } else if (visitor != null) {
        visitor.gone();
      }
    }

    @Override
    public void sessionEnded(String reason) {
      send(ServerFrame.Error.of(ErrorCode.UNAUTHORIZED, reason + "; log in again"));
      closeWith(1008, "session_ended");
    }

    @Override
    public void send(ServerFrame frame) {
      if (open) {
        edge.publish('F', Long.toString(sid), FrameCodec.encode(frame));
      }
    }

    @Override
    public void sendDroppable(ServerFrame frame) {
      if (open) {
        edge.publish('D', Long.toString(sid), FrameCodec.encode(frame));
      }
    }

    @Override
    public void close(String reason) {
      closeWith(1000, reason);
    }

    private void closeWith(int code, String reason) {
      if (open) {
        edge.publish('C', sid + " " + code + " " + reason, null);
      }
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public String remote() {
      return remote;
    }
  }

  /** Stops announcing; the edges' watchdogs then close the relayed sockets. */
  @Override
  public void close() {
    closed = true;
    beats.cancel(false);
    timer.shutdownNow();
    loop.shutdown();
    try {
      loop.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

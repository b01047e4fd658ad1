package dev.frontline.server.conversation;

import dev.frontline.server.agent.AgentRegistry;
import dev.frontline.server.config.ServerConfig.Limits;
import dev.frontline.server.config.Settings;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.routing.AgentRef;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.routing.MenuEntry;
import dev.frontline.server.routing.RoutingListener;
import dev.frontline.server.store.Journal;
import dev.frontline.server.store.Journal.Write;
import dev.frontline.server.ticket.TicketDesk;
import dev.frontline.server.trail.TrailRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every open conversation. Each visitor, with its conversation, lives on one shard thread
 * ({@link Shards}); every change runs there, in order. A message gets its {@code seq} on that
 * thread, goes to the {@link Journal}, and only once durable is it acknowledged and delivered
 * to the visitor's connections, the assigned agent and watching supervisors.
 *
 * <p>Visitor commands are in {@link VisitorCommands}, agent commands in {@link AgentCommands},
 * the bot round trip in {@link BotTurns}; this class holds the shared state and operations and
 * takes the dispatcher's routing decisions.
 */
public final class ConversationService implements RoutingListener {
  private static final Logger log = LoggerFactory.getLogger(ConversationService.class);
  static final String DEFAULT_GROUP = "consult";

  final Shards shards;
  final Journal journal;
  final ConversationStore store;
  final VisitorDirectory visitors;
  final TrailRecorder trail;
  final AgentDispatcher dispatcher;
  final AgentRegistry agents;
  final Settings settings;
  final MenuCatalog menu;
  final Clock clock;
  final ScheduledExecutorService timers;
  final Executor blocking;
  final Limits limits;
  final java.util.function.Predicate<String> groupExists;
  final TicketDesk tickets;
  final dev.frontline.server.trail.RuleBook rules;
  final Proactive proactive;
  final Alerts alerts;
  final KnowledgeHooks knowledge;
  final ServerMetrics metrics;

  /** Visitors known here; an entry changes only on its visitor's shard. */
  final Map<String, VisitorState> visitorsById = new ConcurrentHashMap<>();
  /** Open conversations by id; an entry changes only on its visitor's shard. */
  final Map<String, Conversation> open = new ConcurrentHashMap<>();

  private final VisitorCommands visitorCommands;
  private final LiveAccess access = new LiveAccess(this);
  private final AgentCommands agentCommands;
  final BotTurns botTurns;

  /** Everything the service needs, gathered so the constructor stays readable. */
  public record Deps(Shards shards, Journal journal, dev.frontline.server.store.Database db, VisitorDirectory visitors,
      TrailRecorder trail, BotGateway bot, AgentDispatcher dispatcher, AgentRegistry agents, Settings settings,
      MenuCatalog menu, Clock clock, ScheduledExecutorService timers, Executor blocking, Limits limits,
      java.util.function.Predicate<String> groupExists, TicketDesk tickets, dev.frontline.server.trail.RuleBook rules,
      java.time.ZoneId zone, KnowledgeHooks knowledge, ServerMetrics metrics) {}

  public ConversationService(Deps d) {
    this.shards = d.shards();
    this.journal = d.journal();
    this.store = new ConversationStore(d.db());
    this.visitors = d.visitors();
    this.trail = d.trail();
    this.dispatcher = d.dispatcher();
    this.agents = d.agents();
    this.settings = d.settings();
    this.menu = d.menu();
    this.clock = d.clock();
    this.timers = d.timers();
    this.blocking = d.blocking();
    this.limits = d.limits();
    this.groupExists = d.groupExists();
    this.tickets = d.tickets();
    this.rules = d.rules();
    this.proactive = new Proactive(this, d.rules(), d.zone());
    this.alerts = new Alerts(this, d.settings(), d.clock());
    this.knowledge = d.knowledge();
    this.metrics = d.metrics();
    this.botTurns = new BotTurns(this, d.bot());
    this.visitorCommands = new VisitorCommands(this);
    this.agentCommands = new AgentCommands(this);
    dispatcher.setListener(this);
  }

  public VisitorCommands visitors() {
    return visitorCommands;
  }

  public AgentCommands agentCommands() {
    return agentCommands;
  }

  // ---- shared operations (owner thread only) ----

  /** A new conversation in bot state with the greeting; persisted on its first write. */
  Conversation start(VisitorState vs, String channel, String lang) {
    long now = clock.millis();
    Conversation c = new Conversation(Ids.newId("c"), vs.id, channel, now);
    c.lang = lang;
    ChatMessage greeting = new ChatMessage(c.id, 1, Sender.BOT, Texts.greeting(lang), now, null, null, null, null,
        menuItems(lang), null);
    c.messages.add(greeting);
    c.lastSeq = 1;
    vs.open = c;
    open.put(c.id, c);
    return c;
  }

  /** The greeting's menu, built once per menu version and language and shared by every greeting. */
  private volatile MenuView menuView = new MenuView(List.of(), List.of(), List.of());

  private record MenuView(List<MenuEntry> source, List<ServerFrame.MenuItem> zh, List<ServerFrame.MenuItem> en) {}

  List<ServerFrame.MenuItem> menuItems(String lang) {
    List<MenuEntry> entries = menu.entries();
    MenuView v = menuView;
    if (v.source() != entries) {
      List<ServerFrame.MenuItem> zh = new ArrayList<>();
      List<ServerFrame.MenuItem> en = new ArrayList<>();
      for (MenuEntry e : entries) {
        zh.add(new ServerFrame.MenuItem(e.id(), e.label()));
        en.add(new ServerFrame.MenuItem(e.id(), e.labelEn() != null ? e.labelEn() : e.label()));
      }
      v = new MenuView(entries, List.copyOf(zh), List.copyOf(en));
      menuView = v;
    }
    return Texts.en(lang) ? v.en() : v.zh();
  }

  /** A message to append: who, what, and its decorations. */
  record Draft(Sender from, String text, String clientId, Long authorId, String authorName, String faqId,
      List<ServerFrame.SuggestionView> suggestions, ServerFrame.FileRef file) {
    Draft(Sender from, String text, String clientId, Long authorId, String authorName, String faqId,
        List<ServerFrame.SuggestionView> suggestions) {
      this(from, text, clientId, authorId, authorName, faqId, suggestions, null);
    }

    static Draft bot(String text) {
      return new Draft(Sender.BOT, text, null, null, null, null, null);
    }

    static Draft system(String text) {
      return new Draft(Sender.SYSTEM, text, null, null, null, null, null);
    }
  }

  /**
   * Writes {@code writes} (with the conversation's own rows first if it was never written),
   * returning the journal's future, which completes once they are committed (durable), or null
   * when the journal refused them (overloaded).
   */
  CompletableFuture<Void> persist(Conversation c, List<Write> writes) {
    List<Write> all = writes;
    if (!c.persisted) {
      all = new ArrayList<>(writes.size() + 1 + c.messages.size());
      all.add(ConversationStore.insertConversation(c));
      for (ChatMessage m : c.messages) {
        all.add(ConversationStore.insertMessage(m));
      }
      all.addAll(writes);
    }
    CompletableFuture<Void> f = journal.submit(all);
    if (Journal.refusedAtOnce(f)) {
      return null;
    }
    if (!c.persisted) {
      log.info("event=conv.started conv={} visitor={} channel={}", c.id, c.visitorId, c.channel);
    }
    c.persisted = true;
    return f;
  }

  /** Saves the conversation's state fields. */
  void saveState(Conversation c) {
    CompletableFuture<Void> f = persist(c, List.of(ConversationStore.updateConversation(c, clock.millis())));
    if (f == null) {
      log.error("event=conv.state_not_saved conv={} reason=journal_full", c.id);
    }
  }

  /**
   * Appends a message: assigns the next seq, makes it durable with {@code extra} writes in the
   * same transaction, then acknowledges it to {@code origin} (when it carries a client id),
   * delivers it, and runs {@code then}.
   */
  void append(Conversation c, Draft d, Peer origin, List<Write> extra, Consumer<ChatMessage> then) {
    long arrived = System.nanoTime();
    long now = clock.millis();
    int seq = c.lastSeq + 1;
    ChatMessage m = new ChatMessage(c.id, seq, d.from(), d.text(), now, d.clientId(), d.authorId(), d.authorName(),
        d.faqId(), null, d.suggestions(), d.file());
    List<Write> writes = new ArrayList<>(2 + extra.size());
    writes.add(ConversationStore.insertMessage(m));
    writes.addAll(extra);
    boolean firstVisitor = d.from() == Sender.VISITOR && !c.visitorSpoke;
    if (firstVisitor) {
      writes.add(ConversationStore.firstVisitorMessage(c.id, now));
    }
    CompletableFuture<Void> f = persist(c, writes);
    if (f == null) {
      if (origin != null) {
        origin.send(new ServerFrame.Error(ErrorCode.OVERLOADED.wire(), "the server is busy; send again", d.clientId(), c.id));
      }
      log.warn("event=conv.append_refused conv={} reason=journal_full", c.id);
      return;
    }
    c.lastSeq = seq;
    c.visitorSpoke |= firstVisitor;
    String key = d.clientId() == null ? null : Conversation.dedupeKey(d.from(), d.authorId(), d.clientId());
    if (key != null) {
      c.rememberClient(key, seq);
    }
    f.whenCompleteAsync((v, err) -> durable(c, m, key, origin, err, then, arrived), shards.of(c.visitorId));
  }

  private void durable(Conversation c, ChatMessage m, String key, Peer origin, Throwable err, Consumer<ChatMessage> then,
      long arrived) {
    if (err != null) {
      log.error("event=conv.append_failed conv={} seq={} reason={}", c.id, m.seq(), err.toString());
      ServerFrame.Error refused = new ServerFrame.Error(ErrorCode.UNAVAILABLE.wire(),
          "the message could not be stored; send again", m.clientId(), c.id);
      if (key != null) {
        // Not stored: the client id is free again, so a resend is stored anew instead of being
        // answered with this seq (which no message will ever have).
        c.forgetClient(key);
        for (Peer p : c.takeAckWaiters(key)) {
          p.send(refused);
        }
      }
      if (origin != null) {
        origin.send(refused);
      }
      return;
    }
    c.messages.add(m);
    metrics.message(m.from().wire());
    if (m.from() == Sender.VISITOR || m.from() == Sender.AGENT) {
      c.lastSpeaker = m.from();
      c.lastSpokeAt = m.ts();
    }
    if (key != null) {
      ServerFrame.Ack ack = new ServerFrame.Ack(m.clientId(), m.seq(), c.id);
      if (origin != null) {
        origin.send(ack);
        metrics.ack(System.nanoTime() - arrived);
      }
      for (Peer p : c.takeAckWaiters(key)) {
        p.send(ack);
        metrics.repeatedAck();
      }
    }
    deliver(c, m.frame());
    log.debug("event=conv.message conv={} seq={} from={} len={}", c.id, m.seq(), m.from().wire(), m.text().length());
    then.accept(m);
  }

  /** Sends a message frame to the visitor's connections, the assigned agent and the watchers. */
  void deliver(Conversation c, ServerFrame.Message frame) {
    toVisitor(c, frame);
    if (c.agentId != null) {
      agents.send(c.agentId, frame);
    }
    if (c.watchers != null && !c.watchers.isEmpty()) {
      ServerFrame.Message watched = frame.watched();
      for (Peer p : c.watchers) {
        p.send(watched);
      }
    }
  }

  void toVisitor(Conversation c, ServerFrame frame) {
    VisitorState vs = visitorsById.get(c.visitorId);
    if (vs != null) {
      for (Peer p : vs.peers) {
        p.send(frame);
      }
    }
  }

  static final Consumer<ChatMessage> NOTHING = m -> {};

  /** Asks for a person: validates the group, records the hand-off and hands it to the dispatcher. */
  void requestHuman(Conversation c, String group, String reason) {
    if (c.state == State.QUEUED) {
      if (c.queuePosition > 0) {
        toVisitor(c, new ServerFrame.Queued(c.queuePosition, c.expectedWaitMs, c.groupId));
      }
      return;
    }
    if (c.state == State.ASSIGNED) {
      toVisitor(c, new ServerFrame.VisitorAssigned(new ServerFrame.Author(c.agentName)));
      return;
    }
    if (c.handoffPending) {
      return;
    }
    String g = group;
    if (g == null && c.menuId != null) {
      MenuEntry e = menu.find(c.menuId);
      g = e == null ? null : e.groupId();
    }
    if (g == null || !groupExists.test(g)) {
      g = DEFAULT_GROUP;
    }
    c.groupId = g;
    boolean first = c.handoffAt == 0;
    if (first) {
      // Figures count from the first time the conversation asked for a person, for its first reason.
      c.handoffAt = clock.millis();
      c.handoffReason = reason.length() > 32 ? reason.substring(0, 32) : reason;
    }
    c.handoffPending = true;
    trail.record(c.visitorId, "handoff", c.id, fields("group", g, "reason", reason));
    if (first) {
      if (persist(c, List.of(ConversationStore.updateConversation(c, clock.millis()), ConversationStore.followUp(c)))
          == null) {
        log.error("event=conv.state_not_saved conv={} reason=journal_full", c.id);
      }
    } else {
      saveState(c);
    }
    log.info("event=conv.handoff conv={} group={} reason={}", c.id, g, reason);
    VisitorState vs = visitorsById.get(c.visitorId);
    dispatcher.request(c.id, c.visitorId, g, vs == null ? null : vs.lastAgentId);
  }

  /** Closes a conversation: a closing system message and the closed state commit together. */
  void close(Conversation c, String by) {
    if (!c.isOpen()) {
      return;
    }
    Long agentId = c.agentId;
    State before = c.state;
    c.state = State.CLOSED;
    long now = clock.millis();
    int seq = c.lastSeq;
    String farewell = "timeout".equals(by) ? Texts.closedForInactivity(c.lang) : Texts.closed(c.lang);
    append(c, Draft.system(farewell), null, List.of(ConversationStore.closeConversation(c, by, before, now)),
        m -> closed(c, by, agentId, before));
    if (c.lastSeq == seq) {
      // The journal refused the close (overloaded): the conversation stays open; the client may retry.
      c.state = before;
    }
  }

  private void closed(Conversation c, String by, Long agentId, State before) {
    ServerFrame.Closed frame = new ServerFrame.Closed(c.id, by);
    toVisitor(c, frame);
    if (agentId != null) {
      agents.send(agentId, frame);
    }
    if (c.watchers != null) {
      c.watchers.forEach(p -> p.send(frame));
    }
    dispatcher.finished(c.id);
    open.remove(c.id);
    VisitorState vs = visitorsById.get(c.visitorId);
    if (vs != null) {
      if (vs.open == c) {
        vs.open = null;
      }
      vs.lastClosedId = c.id;
      vs.lastClosedRated = false;
      vs.lastClosedAgentId = agentId;
      if (agentId != null) {
        vs.lastAgentId = agentId;
      }
      if (vs.idle()) {
        visitorsById.remove(vs.id);
      }
    }
    trail.record(c.visitorId, "closed", c.id, fields("by", by, "state", before.wire()));
    log.info("event=conv.closed conv={} by={} from={} messages={}", c.id, by, before.wire(), c.lastSeq);
  }

  /**
   * The inactivity rule, checked every few seconds: when an agent spoke last and the visitor has
   * not answered for {@code inactivityWarnSeconds}, the visitor is warned; after
   * {@code inactivityCloseSeconds} the conversation closes with a farewell ({@code by: timeout}).
   * A conversation left with the bot closes after {@code botIdleCloseSeconds} without a visitor
   * message. Queued visitors are never closed for waiting.
   */
  /** Supervisors' alerts (the timer looks every second). */
  public Alerts alerts() {
    return alerts;
  }

  public void sweepInactive() {
    long now = clock.millis();
    long warn = settings.number("inactivityWarnSeconds") * 1000;
    long close = settings.number("inactivityCloseSeconds") * 1000;
    long botIdle = settings.number("botIdleCloseSeconds") * 1000;
    for (Conversation c : open.values()) {
      // A racy first look from the timer thread; the owner checks again.
      if (!c.persisted || c.state == State.QUEUED || (c.state == State.ASSIGNED && c.lastSpeaker != Sender.AGENT)) {
        continue;
      }
      shards.of(c.visitorId).execute(() -> inactivity(c, now, warn, close, botIdle));
    }
  }

  private void inactivity(Conversation c, long now, long warn, long close, long botIdle) {
    if (!c.isOpen() || open.get(c.id) != c) {
      return;
    }
    if (c.state == State.BOT) {
      if (c.persisted && botIdle > 0 && now - Math.max(c.lastVisitorActivity, c.lastSpokeAt) >= botIdle) {
        close(c, "timeout");
      }
      return;
    }
    if (c.state != State.ASSIGNED || c.lastSpeaker != Sender.AGENT) {
      return;
    }
    long silent = now - c.lastSpokeAt;
    if (close > 0 && silent >= close) {
      close(c, "timeout");
    } else if (warn > 0 && silent >= warn && c.inactivityWarnedAt < c.lastSpokeAt) {
      c.inactivityWarnedAt = now;
      long left = Math.max(0, close - silent);
      toVisitor(c, new ServerFrame.Inactivity(c.id, left));
      append(c, Draft.system(Texts.inactivityWarning(c.lang, left)), null, List.of(), NOTHING);
    }
  }

  /** A map of the non-null pairs, in order. */
  static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  /** Runs on the owner of an open conversation; false when it is not open here. */
  boolean onOwner(String conversationId, Consumer<Conversation> action) {
    Conversation c = open.get(conversationId);
    if (c == null) {
      return false;
    }
    shards.of(c.visitorId).execute(() -> {
      if (c.isOpen() && open.get(c.id) == c) {
        action.accept(c);
      }
    });
    return true;
  }

  Map<String, Object> visitorView(Conversation c) {
    VisitorState vs = visitorsById.get(c.visitorId);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", c.visitorId);
    v.put("channel", c.channel);
    if (vs != null) {
      // The page's name is its word (unverified); the host site's server may have set a verified one.
      if (vs.name != null) {
        v.put("name", vs.name);
      }
      if (vs.verifiedName != null) {
        v.put("verifiedName", vs.verifiedName);
      }
      if (vs.pageUrl != null) {
        v.put("page", fields("url", vs.pageUrl, "title", vs.pageTitle));
      }
      v.put("online", !vs.peers.isEmpty());
    }
    return v;
  }

  List<ServerFrame.Message> history(Conversation c) {
    List<ServerFrame.Message> out = new ArrayList<>(c.messages.size());
    for (ChatMessage m : c.messages) {
      out.add(m.frame());
    }
    return out;
  }

  // ---- routing decisions (any thread -> owner) ----

  @Override
  public void noAgent(String conversationId, String visitorId, String group, String reason) {
    shards.of(visitorId).execute(() -> {
      Conversation c = open.get(conversationId);
      if (c == null || !c.isOpen()) {
        return;
      }
      c.handoffPending = false;
      c.queuePosition = 0;
      c.noAgentAt = clock.millis();
      if (c.state == State.QUEUED) {
        c.state = State.BOT;
        saveState(c);
      }
      toVisitor(c, new ServerFrame.NoAgent(group, reason));
      trail.record(c.visitorId, "no_agent", c.id, fields("group", group, "reason", reason));
      append(c, Draft.bot(Texts.noAgent(c.lang)), null, List.of(), NOTHING);
    });
  }

  @Override
  public void queued(String conversationId, String visitorId, String group, int position, Long expectedWaitMs) {
    shards.of(visitorId).execute(() -> {
      Conversation c = open.get(conversationId);
      if (c == null || !c.isOpen()) {
        dispatcher.finished(conversationId);
        return;
      }
      c.handoffPending = false;
      c.queuePosition = position;
      c.expectedWaitMs = expectedWaitMs;
      if (c.state != State.QUEUED) {
        c.state = State.QUEUED;
        c.groupId = group;
        c.agentId = null;
        c.agentName = null;
        if (c.queuedAt == 0) {
          c.queuedAt = clock.millis();
        }
        saveState(c);
        trail.record(c.visitorId, "queued", c.id, fields("group", group, "position", position));
      }
      toVisitor(c, new ServerFrame.Queued(position, expectedWaitMs, group));
    });
  }

  @Override
  public void assign(String conversationId, String visitorId, AgentRef agent, String group, String reason) {
    shards.of(visitorId).execute(() -> {
      Conversation c = open.get(conversationId);
      if (c == null || !c.isOpen()) {
        dispatcher.finished(conversationId);
        return;
      }
      c.state = State.ASSIGNED;
      c.agentId = agent.id();
      c.agentName = agent.name();
      c.groupId = group;
      c.assignedAt = clock.millis();
      if (c.queuedAt == 0) {
        c.queuedAt = c.assignedAt;
      }
      c.handoffPending = false;
      c.queuePosition = 0;
      saveState(c);
      trail.record(c.visitorId, "assigned", c.id, fields("agentId", agent.id(), "agent", agent.name(), "group", group));
      log.info("event=conv.assigned conv={} agent={} group={} reason={}", c.id, agent.id(), group, reason);
      toVisitor(c, new ServerFrame.VisitorAssigned(new ServerFrame.Author(agent.name())));
      String note = c.transferNote;
      c.transferNote = null;
      agents.send(agent.id(), new ServerFrame.AgentAssigned(c.id, visitorView(c), group, history(c), reason, note));
      append(c, Draft.system(Texts.agentJoined(c.lang, agent.name())), null, List.of(), NOTHING);
    });
  }

  @Override
  public void revoke(String conversationId, String visitorId, long agentId, String reason) {
    agents.send(agentId, new ServerFrame.Revoked(conversationId, reason));
    shards.of(visitorId).execute(() -> {
      Conversation c = open.get(conversationId);
      if (c != null && c.agentId != null && c.agentId == agentId) {
        c.agentId = null;
        c.agentName = null;
      }
    });
  }

  /** Unread-safe view of an open conversation that was never written (read-back of a fresh greeting). */
  public CompletableFuture<Map<String, Object>> liveView(String conversationId) {
    Conversation c = open.get(conversationId);
    if (c == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Map<String, Object>> out = new CompletableFuture<>();
    shards.of(c.visitorId).execute(() -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id);
      m.put("visitorId", c.visitorId);
      m.put("state", c.state.wire());
      m.put("channel", c.channel);
      m.put("group", c.groupId);
      m.put("agentId", c.agentId);
      m.put("rating", null);
      m.put("createdAt", c.createdAt);
      m.put("messages", history(c));
      out.complete(m);
    });
    return out;
  }

  /** Visitor id of an open conversation, or null (the id is final: safe from any thread). */
  public String visitorOf(String conversationId) {
    Conversation c = open.get(conversationId);
    return c == null ? null : c.visitorId;
  }

  /**
   * Adds a stored file to an open conversation as a message from the visitor ({@code agentId}
   * null) or from the agent it is assigned to. Completes with the message's seq once durable.
   */
  public CompletableFuture<Integer> attach(String conversationId, Long agentId, String agentName,
      ServerFrame.FileRef file) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    boolean found = onOwner(conversationId, c -> {
      if (agentId != null && (c.agentId == null || !c.agentId.equals(agentId))) {
        done.completeExceptionally(ApiException.forbidden("this conversation is not assigned to you"));
        return;
      }
      Sender from = agentId == null ? Sender.VISITOR : Sender.AGENT;
      String text = (file.type().startsWith("image/") ? "[图片] " : "[文件] ") + file.name();
      append(c, new Draft(from, text, null, agentId, agentName, null, null, file), null, List.of(),
          m -> done.complete(m.seq()));
    });
    if (!found) {
      done.completeExceptionally(new ApiException(ErrorCode.NOT_ALLOWED_NOW, "the conversation is not open"));
    }
    return done;
  }

  /** Sends a frame to every open connection of a visitor, if it is connected to this process. */
  public void toVisitorId(String visitorId, ServerFrame frame) {
    shards.of(visitorId).execute(() -> {
      VisitorState vs = visitorsById.get(visitorId);
      if (vs != null) {
        vs.peers.forEach(p -> p.send(frame));
      }
    });
  }

  /** The owner's answers for access decisions (never this class's fields read from another thread). */
  public LiveAccess access() {
    return access;
  }

  /** Counts for health and figures. */
  public Map<String, Object> counts() {
    return fields("visitors", visitorsById.size(), "openConversations", open.size(), "journalBacklog", journal.backlog());
  }

  /** An error frame for a command about a conversation. */
  static ServerFrame.Error error(ApiException e, String conversationId) {
    return new ServerFrame.Error(e.code().wire(), e.getMessage(), null, conversationId);
  }
}

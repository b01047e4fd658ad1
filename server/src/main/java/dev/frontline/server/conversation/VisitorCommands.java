package dev.frontline.server.conversation;

import dev.frontline.knowledge.model.FaqEntry;
import dev.frontline.server.conversation.ConversationService.Draft;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.protocol.VisitorCommand;
import dev.frontline.server.routing.MenuEntry;
import dev.frontline.server.ticket.TicketDesk;
import dev.frontline.server.trail.TrailRecorder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What visitors' connections ask for: hello, send, menu, pick, human, typing, track, close, rate. */
public final class VisitorCommands {
  private static final Logger log = LoggerFactory.getLogger(VisitorCommands.class);

  private final ConversationService s;

  VisitorCommands(ConversationService s) {
    this.s = s;
  }

  /**
   * Greets a connection: finds or makes the visitor, resumes its open conversation (or starts
   * one with the greeting), sends {@code welcome} and replays what the client has not seen.
   * Completes with the visitor id once the connection is bound.
   */
  public CompletableFuture<String> hello(Peer peer, VisitorCommand.Hello h) {
    CompletableFuture<Arrival> resolved;
    try {
      resolved = CompletableFuture.supplyAsync(() -> {
        try {
          VisitorDirectory.Resolved r = s.visitors.resolveOrCreate(h.token(), h.identity(), h.channel(), s.clock.millis());
          int day = s.proactive.today();
          return new Arrival(r, r.returning() ? s.rules.firedToday(r.visitorId(), day) : Set.of(), day);
        } catch (SQLException e) {
          throw new CompletionException(new ApiException(ErrorCode.UNAVAILABLE, "the database is not reachable"));
        }
      }, s.blocking);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new ApiException(ErrorCode.OVERLOADED, "the server is busy; retry"));
    }
    return resolved.thenCompose(a -> {
      CompletableFuture<String> bound = new CompletableFuture<>();
      try {
        s.shards.execute(a.resolved().visitorId(), () -> {
          welcome(peer, h, a);
          bound.complete(a.resolved().visitorId());
        });
      } catch (Shards.Overloaded e) {
        bound.completeExceptionally(new ApiException(ErrorCode.OVERLOADED, "the server is busy; retry"));
      }
      return bound;
    });
  }

  /** A resolved visitor with the rules it already saw today. */
  private record Arrival(VisitorDirectory.Resolved resolved, Set<String> firedToday, int day) {}

  private void welcome(Peer peer, VisitorCommand.Hello h, Arrival a) {
    VisitorDirectory.Resolved r = a.resolved();
    VisitorState vs = s.visitorsById.computeIfAbsent(r.visitorId(), VisitorState::new);
    if (!peer.isOpen()) {
      if (vs.idle()) {
        s.visitorsById.remove(vs.id);
      }
      return;
    }
    boolean first = vs.peers.isEmpty();
    vs.peers.add(peer);
    vs.channel = h.channel();
    if (r.lastAgentId() != null && vs.lastAgentId == null) {
      vs.lastAgentId = r.lastAgentId();
    }
    if (first) {
      adopt(vs, r.profile(), r.returning(), h.dnt(), a);
    }
    vs.lang = h.lang();
    Conversation c = vs.open;
    boolean fresh = c == null;
    if (fresh) {
      c = s.start(vs, h.channel(), h.lang());
    }
    peer.send(new ServerFrame.Welcome(vs.id, r.token(), c.id, r.returning(), c.state.wire()));
    // A lastSeq of another conversation (the client's previous one, now closed) replays everything;
    // so does a conversation this hello started, whatever the client's lastSeq (its greeting is seq 1).
    boolean other = fresh || h.lastSeq() > c.lastSeq
        || (h.conversationId() != null && !h.conversationId().equals(c.id));
    int from = other ? 0 : h.lastSeq();
    for (ChatMessage m : c.messages) {
      if (m.seq() > from) {
        peer.send(m.frame());
      }
    }
    if (c.state == State.QUEUED && c.queuePosition > 0) {
      peer.send(new ServerFrame.Queued(c.queuePosition, c.expectedWaitMs, c.groupId));
    } else if (c.state == State.ASSIGNED && c.agentName != null) {
      peer.send(new ServerFrame.VisitorAssigned(new ServerFrame.Author(c.agentName)));
    }
    if (r.returning()) {
      sendTickets(peer, vs.id);
    }
    String url = h.page() == null ? null : h.page().url();
    // A reconnect from the same page is not a new page view.
    var last = vs.pages.newest();
    long now = s.clock.millis();
    boolean newPage = url != null && !url.equals(vs.pageUrl)
        && !(last != null && url.equals(last.url()) && now - last.ts() < VisitorDirectory.NEW_VISIT_AFTER_MS);
    if (url != null) {
      vs.pageUrl = url;
      vs.pageTitle = h.page().title();
    }
    if (newPage && vs.tracking) {
      s.trail.record(vs.id, "page_view", c.id, ConversationService.fields("url", url, "title",
          h.page().title(), "referrer", h.page().referrer(), "channel", h.channel()));
      s.proactive.pageView(vs, url, now);
    } else if (url != null && vs.tracking && first) {
      s.proactive.evaluate(vs);
    }
    log.debug("event=visitor.hello visitor={} conv={} returning={} fresh={}", vs.id, c.id, r.returning(), fresh);
  }

  /** What the directory knows of the visitor, for agents and rules. */
  private static void adopt(VisitorState vs, VisitorDirectory.Profile p, boolean returning, boolean dnt, Arrival a) {
    vs.customerId = p.customerId();
    vs.name = p.name();
    vs.attrs = p.attrs();
    vs.verifiedName = p.verified() == null ? null : p.verified().name();
    vs.verifiedAttrs = p.verified() == null ? java.util.Map.of() : p.verified().attrs();
    vs.visits = p.visits();
    vs.pastChats = p.pastChats();
    vs.returning = returning;
    vs.tracking = !dnt && !p.optedOut();
    if (vs.pages.isEmpty()) {
      // Newest first from the directory; the history takes them oldest first.
      for (int i = p.recentPages().size() - 1; i >= 0; i--) {
        vs.pages.add(p.recentPages().get(i).url(), p.recentPages().get(i).ts());
      }
    }
    vs.fired.restore(a.day(), a.firedToday());
  }

  /** A returning visitor sees its work orders' statuses. */
  private void sendTickets(Peer peer, String visitorId) {
    CompletableFuture.supplyAsync(() -> {
      try {
        return s.tickets.forVisitor(visitorId);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, s.blocking).thenAccept(list -> {
      if (!list.isEmpty()) {
        peer.send(new ServerFrame.Tickets(list.stream().map(VisitorCommands::ticketView).toList()));
      }
    });
  }

  private static java.util.Map<String, Object> ticketView(java.util.Map<String, Object> t) {
    return ConversationService.fields("ticketId", t.get("id"), "status", t.get("status"), "kind", t.get("kind"),
        "text", t.get("text"), "createdAt", t.get("createdAt"), "updatedAt", t.get("updatedAt"));
  }

  private void leaveMessage(Peer peer, VisitorState vs, VisitorCommand.LeaveMessage lm) {
    Conversation c = vs.open;
    String group = c != null && c.groupId != null ? c.groupId : null;
    if (group == null && c != null && c.menuId != null) {
      MenuEntry e = s.menu.find(c.menuId);
      group = e == null ? null : e.groupId();
    }
    String g = group == null ? ConversationService.DEFAULT_GROUP : group;
    String convId = c == null ? null : c.id;
    CompletableFuture<Void> persisted = c == null || c.persisted ? CompletableFuture.completedFuture(null)
        : s.persist(c, List.of());
    if (persisted == null) {
      peer.send(ServerFrame.Error.of(ErrorCode.OVERLOADED, "the server is busy; send again"));
      return;
    }
    s.tickets.create(new TicketDesk.NewTicket(vs.id, convId, g, lm.kind(), lm.text(), lm.contact().name(),
        lm.contact().phone(), lm.contact().email())).whenCompleteAsync((id, err) -> {
          if (err != null) {
            peer.send(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "the message could not be stored; send again"));
            return;
          }
          String kind = lm.kind() == null ? TicketDesk.DEFAULT_KIND : lm.kind();
          peer.send(new ServerFrame.Ticket(id, "open", kind));
          s.trail.record(vs.id, "leave_message", convId, ConversationService.fields("ticketId", id, "kind", kind,
              "group", g));
          log.info("event=ticket.created ticket={} visitor={} group={}", id, vs.id, g);
        }, s.shards.of(vs.id));
  }

  /** A command of a greeted connection; throws {@link Shards.Overloaded} when the owner is saturated. */
  public void command(Peer peer, String visitorId, VisitorCommand cmd) {
    s.shards.execute(visitorId, () -> {
      VisitorState vs = s.visitorsById.get(visitorId);
      if (vs == null || !vs.peers.contains(peer)) {
        return;
      }
      try {
        run(peer, vs, cmd);
      } catch (ApiException e) {
        peer.send(ServerFrame.Error.of(e));
      }
    });
  }

  private void run(Peer peer, VisitorState vs, VisitorCommand cmd) {
    switch (cmd) {
      case VisitorCommand.Send send -> send(peer, vs, send);
      case VisitorCommand.Menu m -> menu(vs, m.id());
      case VisitorCommand.Pick p -> pick(vs, p.faqId());
      case VisitorCommand.Human h -> human(vs, h.group());
      case VisitorCommand.Typing t -> typing(vs, t.text());
      case VisitorCommand.Track t -> track(peer, vs, t);
      case VisitorCommand.Close c -> {
        if (vs.open != null && vs.open.isOpen()) {
          s.close(vs.open, "visitor");
        } else {
          throw new ApiException(ErrorCode.NOT_ALLOWED_NOW, "no open conversation to close");
        }
      }
      case VisitorCommand.Rate r -> rate(peer, vs, r);
      case VisitorCommand.Ping p -> peer.send(new ServerFrame.Pong(s.clock.millis()));
      case VisitorCommand.LeaveMessage lm -> leaveMessage(peer, vs, lm);
      case VisitorCommand.Privacy pr -> privacy(peer, vs, pr.tracking());
      case VisitorCommand.Hello h -> throw new ApiException(ErrorCode.BAD_REQUEST, "hello was already received");
    }
  }

  /** The visitor's open conversation, starting a new one (and telling its connections) after a close. */
  Conversation ensureOpen(VisitorState vs) {
    if (vs.open != null && vs.open.isOpen()) {
      return vs.open;
    }
    Conversation c = s.start(vs, vs.channel, vs.lang);
    for (Peer p : vs.peers) {
      p.send(new ServerFrame.ConversationStarted(c.id));
      p.send(c.messages.get(0).frame());
    }
    return c;
  }

  private void send(Peer peer, VisitorState vs, VisitorCommand.Send send) {
    Conversation c = ensureOpen(vs);
    String key = Conversation.dedupeKey(Sender.VISITOR, null, send.clientId());
    Integer seq = c.seqForClient(key);
    if (seq != null) {
      if (seq <= c.durableSeq()) {
        peer.send(new ServerFrame.Ack(send.clientId(), seq, c.id));
        s.metrics.repeatedAck();
      } else {
        c.addAckWaiter(key, peer);
      }
      return;
    }
    c.lastVisitorActivity = s.clock.millis();
    c.inactivityWarnedAt = 0;
    c.pendingDraft = null;
    s.append(c, new Draft(Sender.VISITOR, send.text(), send.clientId(), null, null, null, null), peer, List.of(),
        m -> {
          if (c.state == State.BOT) {
            s.botTurns.question(c, m.text());
          }
        });
  }

  private void menu(VisitorState vs, String id) {
    MenuEntry e = s.menu.find(id);
    if (e == null) {
      throw ApiException.invalid("id", "is not a menu entry");
    }
    Conversation c = ensureOpen(vs);
    c.menuId = e.id();
    c.lastVisitorActivity = s.clock.millis();
    s.trail.record(vs.id, "menu_click", c.id, ConversationService.fields("menuId", e.id(), "label", e.label()));
    String label = Texts.en(c.lang) && e.labelEn() != null ? e.labelEn() : e.label();
    s.append(c, new Draft(Sender.VISITOR, label, null, null, null, null, null), null, List.of(), m -> {
      if (c.state != State.BOT) {
        return;
      }
      if (e.directToPerson()) {
        s.append(c, Draft.bot(Texts.directToPerson(c.lang, label)), null, List.of(),
            b -> s.requestHuman(c, e.groupId(), "menu"));
      } else {
        s.botTurns.menuPrompt(c, e, label);
      }
    });
  }

  /**
   * A click on a suggested entry: the entry's question becomes the visitor's message, its answer
   * the bot's reply (unless a person already serves the conversation), and the click counts.
   */
  private void pick(VisitorState vs, String faqId) {
    FaqEntry e = s.knowledge.live(faqId);
    if (e == null) {
      throw ApiException.invalid("faqId", "is not a published entry");
    }
    Conversation c = ensureOpen(vs);
    c.lastVisitorActivity = s.clock.millis();
    s.knowledge.clicked(faqId);
    s.trail.record(vs.id, "faq_pick", c.id, ConversationService.fields("faqId", faqId));
    s.append(c, new Draft(Sender.VISITOR, e.question(), null, null, null, faqId, null), null, List.of(), m -> {
      if (c.state == State.ASSIGNED) {
        return;
      }
      c.consecutiveMisses = 0;
      s.append(c, new Draft(Sender.BOT, e.answer(), null, null, null, faqId, null), null, List.of(),
          ConversationService.NOTHING);
    });
  }

  private void human(VisitorState vs, String group) {
    if (group != null && !s.groupExists.test(group)) {
      throw ApiException.invalid("group", "is not a known group");
    }
    Conversation c = ensureOpen(vs);
    c.lastVisitorActivity = s.clock.millis();
    s.requestHuman(c, group, "asked");
  }

  private void typing(VisitorState vs, String text) {
    Conversation c = vs.open;
    if (c == null || !c.isOpen() || !s.settings.typingPreview()) {
      return;
    }
    if (c.agentId == null && (c.watchers == null || c.watchers.isEmpty())) {
      return;
    }
    c.pendingDraft = text;
    if (c.draftFlushScheduled) {
      return;
    }
    long now = s.clock.millis();
    long wait = c.lastDraftSentAt + s.limits.typingInterval().toMillis() - now;
    if (wait <= 0) {
      flushDraft(c);
    } else {
      c.draftFlushScheduled = true;
      s.timers.schedule(() -> s.shards.of(c.visitorId).execute(() -> {
        c.draftFlushScheduled = false;
        flushDraft(c);
      }), wait, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private void flushDraft(Conversation c) {
    String draft = c.pendingDraft;
    if (draft == null || !c.isOpen()) {
      return;
    }
    c.pendingDraft = null;
    c.lastDraftSentAt = s.clock.millis();
    ServerFrame.Typing frame = new ServerFrame.Typing(c.id, draft, "visitor", null);
    if (c.agentId != null) {
      s.agents.sendDroppable(c.agentId, frame);
    }
    if (c.watchers != null) {
      ServerFrame.Typing watched = new ServerFrame.Typing(c.id, draft, "visitor", Boolean.TRUE);
      c.watchers.forEach(p -> p.sendDroppable(watched));
    }
  }

  private void track(Peer peer, VisitorState vs, VisitorCommand.Track t) {
    if (TrailRecorder.isServerEvent(t.event())) {
      // A rating, an assignment, a bot question... come from the server only: never stored from a client.
      peer.send(ServerFrame.Error.forFrame(ErrorCode.INVALID_FIELD, "field 'event' names an event only the server"
          + " records: '" + t.event() + "'", "track"));
      return;
    }
    boolean pageView = "page_view".equals(t.event()) && t.data().hasNonNull("url");
    if (pageView) {
      String url = t.data().get("url").asText();
      vs.pageUrl = url.length() > 2048 ? url.substring(0, 2048) : url;
      vs.pageTitle = t.data().hasNonNull("title") ? t.data().get("title").asText() : null;
    }
    if (!vs.tracking) {
      return;
    }
    boolean kept = s.trail.recordClientEvent(vs.id, t.event(), vs.open == null ? null : vs.open.id, t.data());
    if (pageView) {
      s.proactive.pageView(vs, vs.pageUrl, s.clock.millis());
    }
    if (!kept) {
      peer.send(ServerFrame.Error.forFrame(ErrorCode.OVERLOADED, "the server is busy; this event was not recorded",
          "track"));
    }
  }

  /** Opting out stops the trail beyond the chat itself and removes what was recorded of it. */
  private void privacy(Peer peer, VisitorState vs, boolean tracking) {
    vs.tracking = tracking;
    s.visitors.setOptOut(vs.id, !tracking);
    if (!tracking) {
      s.trail.forgetBrowsing(vs.id);
    }
    peer.send(new ServerFrame.Privacy(tracking));
    log.info("event=visitor.privacy visitor={} tracking={}", vs.id, tracking);
  }

  private void rate(Peer peer, VisitorState vs, VisitorCommand.Rate r) {
    if (vs.lastClosedId != null) {
      rateClosed(peer, vs, vs.lastClosedId, vs.lastClosedAgentId, vs.lastClosedRated, r);
      return;
    }
    CompletableFuture.supplyAsync(() -> lastClosed(vs.id), s.blocking).whenCompleteAsync((row, err) -> {
      if (err != null) {
        peer.send(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "the database is not reachable"));
      } else if (row == null) {
        peer.send(ServerFrame.Error.of(ErrorCode.NOT_ALLOWED_NOW, "there is no closed conversation to rate"));
      } else {
        rateClosed(peer, vs, row.id(), row.agentId(), row.rating() != null, r);
      }
    }, s.shards.of(vs.id));
  }

  private void rateClosed(Peer peer, VisitorState vs, String convId, Long agentId, boolean rated, VisitorCommand.Rate r) {
    // Two ratings looked up in the database at once: the first back is the one that counts.
    if (rated || (convId.equals(vs.lastClosedId) && vs.lastClosedRated)) {
      peer.send(ServerFrame.Error.of(ErrorCode.CONFLICT, "this conversation was already rated"));
      return;
    }
    vs.lastClosedId = convId;
    vs.lastClosedAgentId = agentId;
    vs.lastClosedRated = true;
    s.journal.submit(ConversationStore.rate(convId, r.score(), r.comment(), s.clock.millis()))
        .whenCompleteAsync((v, err) -> {
          if (err != null) {
            vs.lastClosedRated = false;
            peer.send(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "the rating could not be stored; send again"));
            return;
          }
          ServerFrame.Rated rated1 = new ServerFrame.Rated(convId, r.score(), r.comment());
          peer.send(rated1);
          if (agentId != null) {
            s.agents.send(agentId, rated1);
          }
          s.trail.record(vs.id, "rated", convId, ConversationService.fields("score", r.score(), "comment", r.comment()));
          log.info("event=conv.rated conv={} score={}", convId, r.score());
        }, s.shards.of(vs.id));
  }

  private ConversationStore.Row lastClosed(String visitorId) {
    try (Connection c = s.store.db().connection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM conversations WHERE visitor_id = ? AND state = 'closed'"
            + " ORDER BY closed_at DESC LIMIT 1")) {
      ps.setString(1, visitorId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? s.store.find(rs.getString(1)) : null;
      }
    } catch (SQLException e) {
      throw new CompletionException(e);
    }
  }

  /**
   * The channel API (an app or a WeChat bridge over HTTP): a message from a verified customer,
   * handled exactly like a widget's {@code send}. Completes with the {@code ack} (or an
   * {@code error}) once the message is durable.
   */
  public CompletableFuture<ServerFrame> channelSend(VisitorDirectory.Resolved r, String channel, String clientId,
      String text) {
    CompletableFuture<ServerFrame> done = new CompletableFuture<>();
    Peer reply = new ReplyPeer(done);
    s.shards.execute(r.visitorId(), () -> {
      VisitorState vs = s.visitorsById.computeIfAbsent(r.visitorId(), VisitorState::new);
      if (vs.peers.isEmpty() && vs.open == null) {
        adopt(vs, r.profile(), r.returning(), false, new Arrival(r, Set.of(), s.proactive.today()));
      }
      vs.channel = channel;
      try {
        send(reply, vs, new VisitorCommand.Send(clientId, text));
      } catch (ApiException e) {
        done.complete(ServerFrame.Error.of(e));
      }
    });
    return done;
  }

  /** The channel API's read side: the visitor's open conversation (id and messages after {@code afterSeq}). */
  public CompletableFuture<java.util.Map<String, Object>> channelMessages(String visitorId, int afterSeq) {
    CompletableFuture<java.util.Map<String, Object>> out = new CompletableFuture<>();
    s.shards.of(visitorId).execute(() -> {
      VisitorState vs = s.visitorsById.get(visitorId);
      Conversation c = vs == null ? null : vs.open;
      if (c == null) {
        out.complete(null);
        return;
      }
      List<ServerFrame.Message> list = new java.util.ArrayList<>();
      for (ChatMessage m : c.messages) {
        if (m.seq() > afterSeq) {
          list.add(m.frame());
        }
      }
      out.complete(ConversationService.fields("conversationId", c.id, "state", c.state.wire(), "messages", list));
    });
    return out;
  }

  /** A reply channel for one HTTP request: the first ack or error completes it; everything else is dropped. */
  private record ReplyPeer(CompletableFuture<ServerFrame> done) implements Peer {
    @Override
    public void send(ServerFrame frame) {
      if (frame instanceof ServerFrame.Ack || frame instanceof ServerFrame.Error) {
        done.complete(frame);
      }
    }

    @Override
    public void sendDroppable(ServerFrame frame) {}

    @Override
    public void close(String reason) {}

    @Override
    public boolean isOpen() {
      return !done.isDone();
    }

    @Override
    public String remote() {
      return "channel-api";
    }
  }

  /** A connection closed: forget it, and the visitor too when nothing of it is left here. */
  public void gone(Peer peer, String visitorId) {
    s.shards.of(visitorId).execute(() -> {
      VisitorState vs = s.visitorsById.get(visitorId);
      if (vs == null) {
        return;
      }
      vs.peers.remove(peer);
      if (vs.peers.isEmpty() && vs.open != null && !vs.open.persisted) {
        s.open.remove(vs.open.id);
        vs.open = null;
      }
      if (vs.idle()) {
        s.visitorsById.remove(visitorId);
      }
    });
  }
}

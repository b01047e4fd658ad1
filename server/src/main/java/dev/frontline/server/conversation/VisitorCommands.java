package dev.frontline.server.conversation;

import dev.frontline.knowledge.model.FaqEntry;
import dev.frontline.server.conversation.ConversationService.Draft;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.protocol.VisitorCommand;
import dev.frontline.server.routing.MenuEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
    CompletableFuture<VisitorDirectory.Resolved> resolved;
    try {
      resolved = CompletableFuture.supplyAsync(() -> {
        try {
          return s.visitors.resolveOrCreate(h.token(), s.clock.millis());
        } catch (SQLException e) {
          throw new CompletionException(new ApiException(ErrorCode.UNAVAILABLE, "the database is not reachable"));
        }
      }, s.blocking);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new ApiException(ErrorCode.OVERLOADED, "the server is busy; retry"));
    }
    return resolved.thenCompose(r -> {
      CompletableFuture<String> bound = new CompletableFuture<>();
      try {
        s.shards.execute(r.visitorId(), () -> {
          welcome(peer, h, r);
          bound.complete(r.visitorId());
        });
      } catch (Shards.Overloaded e) {
        bound.completeExceptionally(new ApiException(ErrorCode.OVERLOADED, "the server is busy; retry"));
      }
      return bound;
    });
  }

  private void welcome(Peer peer, VisitorCommand.Hello h, VisitorDirectory.Resolved r) {
    VisitorState vs = s.visitorsById.computeIfAbsent(r.visitorId(), VisitorState::new);
    if (!peer.isOpen()) {
      if (vs.idle()) {
        s.visitorsById.remove(vs.id);
      }
      return;
    }
    vs.peers.add(peer);
    vs.channel = h.channel();
    if (h.page() != null && h.page().url() != null) {
      vs.pageUrl = h.page().url();
      vs.pageTitle = h.page().title();
    }
    Conversation c = vs.open;
    boolean fresh = c == null;
    if (fresh) {
      c = s.start(vs, h.channel(), "zh");
    }
    peer.send(new ServerFrame.Welcome(vs.id, r.token(), c.id, r.returning(), c.state.wire()));
    int from = h.lastSeq() > c.lastSeq ? 0 : h.lastSeq();
    for (ChatMessage m : c.messages) {
      if (m.seq() > from) {
        peer.send(m.frame());
      }
    }
    if (c.state == State.QUEUED && c.queuePosition > 0) {
      peer.send(new ServerFrame.Queued(c.queuePosition, null, c.groupId));
    } else if (c.state == State.ASSIGNED && c.agentName != null) {
      peer.send(new ServerFrame.VisitorAssigned(new ServerFrame.Author(c.agentName)));
    }
    if (h.page() != null && h.page().url() != null) {
      s.trail.record(vs.id, "page_view", c.id, ConversationService.fields("url", h.page().url(), "title",
          h.page().title(), "referrer", h.page().referrer()));
    }
    log.debug("event=visitor.hello visitor={} conv={} returning={} fresh={}", vs.id, c.id, r.returning(), fresh);
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
      case VisitorCommand.Track t -> track(vs, t);
      case VisitorCommand.Close c -> {
        if (vs.open != null && vs.open.isOpen()) {
          s.close(vs.open, "visitor");
        } else {
          throw new ApiException(ErrorCode.NOT_ALLOWED_NOW, "no open conversation to close");
        }
      }
      case VisitorCommand.Rate r -> rate(peer, vs, r);
      case VisitorCommand.Ping p -> peer.send(new ServerFrame.Pong(s.clock.millis()));
      case VisitorCommand.Hello h -> throw new ApiException(ErrorCode.BAD_REQUEST, "hello was already received");
    }
  }

  /** The visitor's open conversation, starting a new one (and telling its connections) after a close. */
  Conversation ensureOpen(VisitorState vs) {
    if (vs.open != null && vs.open.isOpen()) {
      return vs.open;
    }
    Conversation c = s.start(vs, vs.channel, "zh");
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

  private void track(VisitorState vs, VisitorCommand.Track t) {
    if ("page_view".equals(t.event()) && t.data().hasNonNull("url")) {
      String url = t.data().get("url").asText();
      vs.pageUrl = url.length() > 2048 ? url.substring(0, 2048) : url;
      vs.pageTitle = t.data().hasNonNull("title") ? t.data().get("title").asText() : null;
    }
    s.trail.recordClientEvent(vs.id, t.event(), vs.open == null ? null : vs.open.id, t.data());
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
    if (rated) {
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
          ServerFrame.Rated rated1 = new ServerFrame.Rated(convId, r.score());
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

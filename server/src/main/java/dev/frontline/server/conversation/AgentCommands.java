package dev.frontline.server.conversation;

import dev.frontline.server.agent.User;
import dev.frontline.server.conversation.ConversationService.Draft;
import dev.frontline.server.protocol.AgentCommand;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.routing.AgentDispatcher;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents and supervisors do from the console: presence, replies, typing, close, transfer,
 * notes, and (section 7) watch, whisper and take over.
 */
public final class AgentCommands {
  private static final Logger log = LoggerFactory.getLogger(AgentCommands.class);

  private final ConversationService s;

  AgentCommands(ConversationService s) {
    this.s = s;
  }

  /** A console connection authenticated: register it and give back the chats the agent still holds. */
  public void connected(AgentSession session) {
    s.agents.add(session.agentId(), session.peer());
    if (session.principal().supervises()) {
      s.alerts.subscribe(session.peer());
    }
    s.dispatcher.agentConnected(session.profile()).thenAccept(active -> {
      if (active == null) {
        refuse(session.peer());
        return;
      }
      for (String id : active) {
        s.onOwner(id, c -> session.peer().send(new ServerFrame.AgentAssigned(c.id, s.visitorView(c), c.groupId,
            s.history(c), "resumed", null)));
      }
    });
  }

  /**
   * An admin changed an account: routing takes the new capacity and groups at once; every
   * console of a disabled account is told so and closed (its chats go back to the queues); the
   * consoles of an account whose roles changed are closed, so that they reconnect with the new
   * roles (a connection keeps the roles it authenticated with).
   */
  public void accountChanged(User u, boolean rolesChanged) {
    s.dispatcher.profileChanged(u.profile(), u.disabled());
    if (u.disabled()) {
      s.agents.peers(u.id()).forEach(AgentCommands::refuse);
    } else if (rolesChanged) {
      s.agents.peers(u.id()).forEach(p -> p.close("roles changed; reconnect"));
    }
  }

  private static void refuse(Peer peer) {
    peer.send(ServerFrame.Error.of(ErrorCode.UNAUTHORIZED, "the account was disabled"));
    peer.close("account disabled");
  }

  public void disconnected(AgentSession session) {
    s.alerts.unsubscribe(session.peer());
    if (s.agents.remove(session.agentId(), session.peer())) {
      s.dispatcher.agentDisconnected(session.agentId());
    }
    for (String id : session.watching()) {
      s.onOwner(id, c -> c.unwatch(session.peer()));
    }
  }

  public void command(AgentSession a, AgentCommand cmd) {
    switch (cmd) {
      case AgentCommand.Status st -> {
        AgentDispatcher.Status status = AgentDispatcher.Status.valueOf(st.status().toUpperCase(Locale.ROOT));
        s.dispatcher.setStatus(a.agentId(), status).thenRun(() -> {
          a.peer().send(new ServerFrame.Done("status", null));
          log.info("event=agent.status agent={} status={}", a.agentId(), st.status());
        });
      }
      case AgentCommand.Send send -> owned(a, send.conversationId(), false, c -> send(a, c, send));
      case AgentCommand.Typing t -> owned(a, t.conversationId(), false, c -> s.toVisitor(c,
          new ServerFrame.Typing(c.id, null, "agent", null)));
      case AgentCommand.Close cl -> owned(a, cl.conversationId(), true, c -> s.close(c, "agent"));
      case AgentCommand.Transfer t -> owned(a, t.conversationId(), true, c -> transfer(a, c, t));
      case AgentCommand.Note n -> owned(a, n.conversationId(), true, c -> note(a, c, "note", n.text(), "note"));
      case AgentCommand.Watch w -> supervised(a, w.conversationId(), c -> {
        c.watch(a.peer());
        a.watching().add(c.id);
        a.peer().send(new ServerFrame.Done("watch", c.id));
      });
      case AgentCommand.Unwatch u -> supervised(a, u.conversationId(), c -> {
        c.unwatch(a.peer());
        a.watching().remove(c.id);
        a.peer().send(new ServerFrame.Done("unwatch", c.id));
      });
      case AgentCommand.Whisper w -> supervised(a, w.conversationId(), c -> whisper(a, c, w.text()));
      case AgentCommand.Takeover t -> supervised(a, t.conversationId(), c -> takeover(a, c));
      case AgentCommand.Read r -> { }
      case AgentCommand.Ping p -> a.peer().send(new ServerFrame.Pong(s.clock.millis()));
      case AgentCommand.Auth au -> a.peer().send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST, "already authenticated"));
    }
  }

  /** Runs on the conversation's owner if it is assigned to this agent (or, when allowed, supervised). */
  private void owned(AgentSession a, String convId, boolean supervisorMay,
      java.util.function.Consumer<Conversation> action) {
    boolean found = s.onOwner(convId, c -> {
      boolean mine = c.agentId != null && c.agentId == a.agentId();
      if (!mine && !(supervisorMay && a.principal().supervises())) {
        a.peer().send(ConversationService.error(ApiException.forbidden("this conversation is not assigned to you"), convId));
        return;
      }
      action.accept(c);
    });
    if (!found) {
      a.peer().send(ConversationService.error(ApiException.notFound("open conversation " + convId), convId));
    }
  }

  private void supervised(AgentSession a, String convId, java.util.function.Consumer<Conversation> action) {
    if (!a.principal().supervises()) {
      a.peer().send(ConversationService.error(ApiException.forbidden("supervisors only"), convId));
      return;
    }
    if (!s.onOwner(convId, action)) {
      a.peer().send(ConversationService.error(ApiException.notFound("open conversation " + convId), convId));
    }
  }

  private void send(AgentSession a, Conversation c, AgentCommand.Send send) {
    String key = Conversation.dedupeKey(Sender.AGENT, a.agentId(), send.clientId());
    Integer seq = c.seqForClient(key);
    if (seq != null) {
      if (seq <= c.durableSeq()) {
        a.peer().send(new ServerFrame.Ack(send.clientId(), seq, c.id));
        s.metrics.repeatedAck();
      } else {
        c.addAckWaiter(key, a.peer());
      }
      return;
    }
    List<dev.frontline.server.store.Journal.Write> extra = List.of();
    if (c.firstResponseAt == 0) {
      c.firstResponseAt = s.clock.millis();
      extra = List.of(ConversationStore.updateConversation(c, c.firstResponseAt));
    }
    s.append(c, new Draft(Sender.AGENT, send.text(), send.clientId(), a.agentId(), a.profile().name(), null, null),
        a.peer(), extra, ConversationService.NOTHING);
  }

  private void transfer(AgentSession a, Conversation c, AgentCommand.Transfer t) {
    if (t.toGroup() != null && !s.groupExists.test(t.toGroup())) {
      a.peer().send(ConversationService.error(ApiException.invalid("toGroup", "is not a known group"), c.id));
      return;
    }
    c.transferNote = t.note();
    s.dispatcher.transfer(c.id, a.agentId(), a.principal().supervises(), t.toGroup(), t.toAgent(), s.groupExists)
        .whenCompleteAsync((result, err) -> {
          if (err != null || result != AgentDispatcher.TransferResult.DONE) {
            c.transferNote = null;
            String why = err != null ? "transfer failed" : switch (result) {
              case NOT_ASSIGNED_TO_YOU -> "this conversation is not assigned to you";
              case TARGET_UNAVAILABLE -> "the target is not online or has no room";
              case UNKNOWN_GROUP -> "unknown group";
              default -> "transfer failed";
            };
            ErrorCode code = result == AgentDispatcher.TransferResult.NOT_ASSIGNED_TO_YOU ? ErrorCode.FORBIDDEN
                : ErrorCode.NOT_ALLOWED_NOW;
            a.peer().send(new ServerFrame.Error(code.wire(), why, null, c.id));
            return;
          }
          String text = "转接至 " + (t.toGroup() != null ? "group " + t.toGroup() : "agent " + t.toAgent())
              + (t.note() == null ? "" : "：" + t.note());
          note(a, c, "transfer", text, null);
          s.trail.record(c.visitorId, "transferred", c.id, ConversationService.fields("from", a.agentId(),
              "toGroup", t.toGroup(), "toAgent", t.toAgent()));
          a.peer().send(new ServerFrame.Done("transfer", c.id));
        }, s.shards.of(c.visitorId));
  }

  /** Stores an internal note (never shown to the visitor); confirms with done when {@code doneFor} is set. */
  private void note(AgentSession a, Conversation c, String kind, String text, String doneFor) {
    var f = s.persist(c, List.of(ConversationStore.insertNote(c.id, kind, a.agentId(), a.profile().name(), text,
        s.clock.millis())));
    if (f == null) {
      a.peer().send(new ServerFrame.Error(ErrorCode.OVERLOADED.wire(), "the server is busy; retry", null, c.id));
      return;
    }
    if (doneFor != null) {
      f.whenCompleteAsync((v, err) -> a.peer().send(err == null ? new ServerFrame.Done(doneFor, c.id)
          : new ServerFrame.Error(ErrorCode.UNAVAILABLE.wire(), "the note could not be stored", null, c.id)),
          s.shards.of(c.visitorId));
    }
  }

  private void whisper(AgentSession a, Conversation c, String text) {
    if (c.agentId == null) {
      a.peer().send(new ServerFrame.Error(ErrorCode.NOT_ALLOWED_NOW.wire(), "no agent is assigned to whisper to", null, c.id));
      return;
    }
    long ts = s.clock.millis();
    var f = s.persist(c, List.of(ConversationStore.insertNote(c.id, "whisper", a.agentId(), a.profile().name(), text, ts)));
    if (f == null) {
      a.peer().send(new ServerFrame.Error(ErrorCode.OVERLOADED.wire(), "the server is busy; retry", null, c.id));
      return;
    }
    f.whenCompleteAsync((v, err) -> {
      if (err != null) {
        a.peer().send(new ServerFrame.Error(ErrorCode.UNAVAILABLE.wire(), "the whisper could not be stored", null, c.id));
        return;
      }
      if (c.agentId != null) {
        s.agents.send(c.agentId, new ServerFrame.Whisper(c.id, text, new ServerFrame.Author(a.profile().name()), ts));
      }
      a.peer().send(new ServerFrame.Done("whisper", c.id));
    }, s.shards.of(c.visitorId));
  }

  private void takeover(AgentSession a, Conversation c) {
    s.dispatcher.takeover(c.id, c.visitorId, c.groupId == null ? ConversationService.DEFAULT_GROUP : c.groupId,
        a.profile()).thenAccept(ok -> {
          if (!ok) {
            a.peer().send(new ServerFrame.Error(ErrorCode.CONFLICT.wire(), "the conversation is already yours", null, c.id));
          } else {
            s.trail.record(c.visitorId, "takeover", c.id, ConversationService.fields("by", a.agentId()));
          }
        });
  }
}

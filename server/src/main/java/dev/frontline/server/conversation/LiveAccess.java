package dev.frontline.server.conversation;

import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The live facts access decisions need, answered by the owner of the conversation: a task on the
 * visitor's shard copies them into an immutable {@link Live} record, so that an API thread never
 * reads a conversation's fields itself (they change only on the shard, without locks). Each answer
 * is one consistent moment of the owner: every change the owner made before the question (an
 * assignment, a transfer, a close) is in it, and nothing of a later one.
 */
public final class LiveAccess {
  /** How long an API thread waits for the owner's answer before answering {@code overloaded}. */
  private static final long WAIT_MS = 5_000;

  private final ConversationService service;

  LiveAccess(ConversationService service) {
    this.service = service;
  }

  /** An open conversation as its owner saw it: who it is for, its state and group, its agent (or null). */
  public record Live(String conversationId, String visitorId, String state, String group, Long agentId) {
    /** Whether it is assigned to this agent. */
    public boolean assignedTo(long userId) {
      return agentId != null && agentId == userId;
    }
  }

  /** The open conversation {@code conversationId} (null when it is not open in this process). */
  public CompletableFuture<Live> conversation(String conversationId) {
    Conversation c = service.open.get(conversationId);
    if (c == null) {
      return CompletableFuture.completedFuture(null);
    }
    // visitorId is final: reading it here is safe; everything else is read by the owner.
    return ask(c.visitorId, () -> c.isOpen() && service.open.get(c.id) == c ? live(c) : null);
  }

  /** The open conversation of a visitor (null when the visitor has none in this process). */
  public CompletableFuture<Live> ofVisitor(String visitorId) {
    return ask(visitorId, () -> {
      VisitorState vs = service.visitorsById.get(visitorId);
      Conversation c = vs == null ? null : vs.open;
      return c != null && c.isOpen() ? live(c) : null;
    });
  }

  /** Blocking form for API threads: the open conversation, or null. */
  public Live conversationNow(String conversationId) {
    return await(conversation(conversationId));
  }

  /** Blocking form for API threads: whether the visitor's open conversation is assigned to this agent now. */
  public boolean servesNow(long agentId, String visitorId) {
    if (visitorId == null) {
      return false;
    }
    Live l = await(ofVisitor(visitorId));
    return l != null && l.assignedTo(agentId);
  }

  private static Live live(Conversation c) {
    return new Live(c.id, c.visitorId, c.state.wire(), c.groupId, c.agentId);
  }

  private CompletableFuture<Live> ask(String visitorId, java.util.function.Supplier<Live> question) {
    CompletableFuture<Live> out = new CompletableFuture<>();
    try {
      service.shards.execute(visitorId, () -> {
        try {
          out.complete(question.get());
        } catch (RuntimeException e) {
          out.completeExceptionally(e);
        }
      });
    } catch (Shards.Overloaded e) {
      out.completeExceptionally(new ApiException(ErrorCode.OVERLOADED, "the server is busy; try again"));
    }
    return out;
  }

  private static Live await(CompletableFuture<Live> f) {
    try {
      return f.get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException ae) {
        throw ae;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new ApiException(ErrorCode.OVERLOADED, "the server is busy; try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorCode.UNAVAILABLE, "interrupted");
    }
  }
}

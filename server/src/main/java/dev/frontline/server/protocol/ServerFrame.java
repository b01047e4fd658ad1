package dev.frontline.server.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Every frame the server sends on {@code /ws/visitor} and {@code /ws/agent}. Encoded by
 * {@link FrameCodec} with the record's type name as {@code "type"}; null fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(ServerFrame.Welcome.class),
  @JsonSubTypes.Type(ServerFrame.Message.class),
  @JsonSubTypes.Type(ServerFrame.Ack.class),
  @JsonSubTypes.Type(ServerFrame.Queued.class),
  @JsonSubTypes.Type(ServerFrame.VisitorAssigned.class),
  @JsonSubTypes.Type(ServerFrame.AgentAssigned.class),
  @JsonSubTypes.Type(ServerFrame.NoAgent.class),
  @JsonSubTypes.Type(ServerFrame.Closed.class),
  @JsonSubTypes.Type(ServerFrame.Rated.class),
  @JsonSubTypes.Type(ServerFrame.Error.class),
  @JsonSubTypes.Type(ServerFrame.Ready.class),
  @JsonSubTypes.Type(ServerFrame.Done.class),
  @JsonSubTypes.Type(ServerFrame.Typing.class),
  @JsonSubTypes.Type(ServerFrame.Revoked.class),
  @JsonSubTypes.Type(ServerFrame.Whisper.class),
  @JsonSubTypes.Type(ServerFrame.Ticket.class),
  @JsonSubTypes.Type(ServerFrame.Tickets.class),
  @JsonSubTypes.Type(ServerFrame.ConversationStarted.class),
  @JsonSubTypes.Type(ServerFrame.Presence.class),
  @JsonSubTypes.Type(ServerFrame.Pong.class),
  @JsonSubTypes.Type(ServerFrame.Privacy.class),
  @JsonSubTypes.Type(ServerFrame.Proactive.class),
  @JsonSubTypes.Type(ServerFrame.Inactivity.class),
  @JsonSubTypes.Type(ServerFrame.Alert.class),
})
public sealed interface ServerFrame {

  /** A person or bot as shown to the other side. */
  record Author(String name) {}

  /** A menu entry offered with the greeting. */
  record MenuItem(String id, String label) {}

  /** A "did you mean" entry. */
  record SuggestionView(String faqId, String question) {}

  /** A file or image sent in the conversation; {@code url} is served only to its participants. */
  record FileRef(String id, String name, String type, long size, String url) {}

  @JsonTypeName("welcome")
  record Welcome(String visitorId, String token, String conversationId, boolean returning,
      String state) implements ServerFrame {}

  /** A conversation message, as both sides and read-back see it. */
  @JsonTypeName("message")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Message(
      String conversationId,
      int seq,
      String from,
      String text,
      long ts,
      List<MenuItem> menu,
      List<SuggestionView> suggestions,
      String faqId,
      Author author,
      String clientId,
      Boolean watching,
      FileRef file) implements ServerFrame {

    public Message(String conversationId, int seq, String from, String text, long ts, List<MenuItem> menu,
        List<SuggestionView> suggestions, String faqId, Author author, String clientId, Boolean watching) {
      this(conversationId, seq, from, text, ts, menu, suggestions, faqId, author, clientId, watching, null);
    }

    /** The same message as seen by a supervisor watching the conversation. */
    public Message watched() {
      return new Message(conversationId, seq, from, text, ts, menu, suggestions, faqId, author, clientId, Boolean.TRUE,
          file);
    }
  }

  @JsonTypeName("ack")
  record Ack(String clientId, int seq, String conversationId) implements ServerFrame {}

  @JsonTypeName("queued")
  record Queued(int position, Long expectedWaitMs, String group) implements ServerFrame {}

  /** To the visitor: a person took the conversation. */
  @JsonTypeName("assigned")
  record VisitorAssigned(Author agent) implements ServerFrame {}

  /** To an agent: a conversation is now theirs, with its whole history. */
  @JsonTypeName("assigned")
  record AgentAssigned(String conversationId, Map<String, Object> visitor, String group,
      List<Message> history, String reason, String note) implements ServerFrame {}

  @JsonTypeName("no_agent")
  record NoAgent(String group, String reason) implements ServerFrame {}

  @JsonTypeName("closed")
  record Closed(String conversationId, String by) implements ServerFrame {}

  /** The rating of a closed conversation, to the visitor and the agent who served it; {@code comment} when given. */
  @JsonTypeName("rated")
  record Rated(String conversationId, int score, String comment) implements ServerFrame {}

  /** {@code forType}: the type of the frame that was refused, when it has no clientId (a {@code track}). */
  @JsonTypeName("error")
  record Error(String code, String message, String clientId, String conversationId,
      @com.fasterxml.jackson.annotation.JsonProperty("for") String forType) implements ServerFrame {
    public Error(String code, String message, String clientId, String conversationId) {
      this(code, message, clientId, conversationId, null);
    }

    public static Error forFrame(ErrorCode code, String message, String frameType) {
      return new Error(code.wire(), message, null, null, frameType);
    }

    public static Error of(ApiException e) {
      return new Error(e.code().wire(), e.getMessage(), null, null);
    }

    public static Error of(ErrorCode code, String message) {
      return new Error(code.wire(), message, null, null);
    }
  }

  @JsonTypeName("ready")
  record Ready(Map<String, Object> agent) implements ServerFrame {}

  @JsonTypeName("done")
  record Done(@com.fasterxml.jackson.annotation.JsonProperty("for") String forType,
      String conversationId) implements ServerFrame {}

  /** The visitor's live draft, to the agent (and watchers); or "agent is typing" to the visitor. */
  @JsonTypeName("typing")
  record Typing(String conversationId, String text, String from, Boolean watching) implements ServerFrame {}

  @JsonTypeName("revoked")
  record Revoked(String conversationId, String reason) implements ServerFrame {}

  @JsonTypeName("whisper")
  record Whisper(String conversationId, String text, Author from, long ts) implements ServerFrame {}

  /**
   * To supervisors: something needs a look now. {@code kind}: {@code queue} (a group's queue is
   * longer than {@code threshold}: {@code count}), {@code wait} (a visitor has waited
   * {@code waitedMs}, past the first-response target), {@code no_reply} (an assigned chat's
   * visitor has had no agent reply for {@code waitedMs}).
   */
  @JsonTypeName("alert")
  record Alert(String id, String kind, String group, String conversationId, Long agentId, String agentName,
      Integer count, Long threshold, Long waitedMs, long ts) implements ServerFrame {}

  @JsonTypeName("ticket")
  record Ticket(String ticketId, String status, String kind) implements ServerFrame {}

  /** The visitor's work orders and their statuses, sent after welcome when there are any. */
  @JsonTypeName("tickets")
  record Tickets(List<Map<String, Object>> tickets) implements ServerFrame {}

  /** A new conversation began on this connection (after the previous one closed). */
  @JsonTypeName("conversation")
  record ConversationStarted(String conversationId) implements ServerFrame {}

  /** To an agent: its own presence as the server holds it. */
  @JsonTypeName("presence")
  record Presence(String status, int activeChats, int maxChats) implements ServerFrame {}

  /** The visitor's tracking choice as the server now holds it. */
  @JsonTypeName("privacy")
  record Privacy(boolean tracking) implements ServerFrame {}

  @JsonTypeName("pong")
  record Pong(long ts) implements ServerFrame {}

  /** A proactive message chosen by a rule. */
  @JsonTypeName("proactive")
  record Proactive(String ruleId, ObjectNode action) implements ServerFrame {}

  /** The visitor has been silent; the conversation closes after {@code closeInMs}. */
  @JsonTypeName("inactivity")
  record Inactivity(String conversationId, long closeInMs) implements ServerFrame {}
}

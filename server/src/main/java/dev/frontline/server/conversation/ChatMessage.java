package dev.frontline.server.conversation;

import dev.frontline.server.protocol.ServerFrame;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation's log: immutable, numbered by {@code seq} from 1 without gaps.
 *
 * @param authorId the agent's user id for agent messages, else null
 * @param authorName shown to the other side
 * @param menu the menu offered with a bot greeting, else null
 * @param suggestions "did you mean" entries of a bot message, else null
 * @param file the file or image this message carries, else null
 */
public record ChatMessage(
    String conversationId,
    int seq,
    Sender from,
    String text,
    long ts,
    String clientId,
    Long authorId,
    String authorName,
    String faqId,
    List<ServerFrame.MenuItem> menu,
    List<ServerFrame.SuggestionView> suggestions,
    ServerFrame.FileRef file) {

  public ChatMessage(String conversationId, int seq, Sender from, String text, long ts, String clientId, Long authorId,
      String authorName, String faqId, List<ServerFrame.MenuItem> menu, List<ServerFrame.SuggestionView> suggestions) {
    this(conversationId, seq, from, text, ts, clientId, authorId, authorName, faqId, menu, suggestions, null);
  }

  public ChatMessage {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1");
    }
    menu = menu == null || menu.isEmpty() ? null : List.copyOf(menu);  // no copy when already immutable
    suggestions = suggestions == null || suggestions.isEmpty() ? null : List.copyOf(suggestions);
  }

  /** The message as a frame on the socket and in read-back. */
  public ServerFrame.Message frame() {
    return new ServerFrame.Message(
        conversationId,
        seq,
        from.wire(),
        text,
        ts,
        menu,
        suggestions,
        faqId,
        authorName == null ? null : new ServerFrame.Author(authorName),
        clientId,
        null,
        file);
  }
}

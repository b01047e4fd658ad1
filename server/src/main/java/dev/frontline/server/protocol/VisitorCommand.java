package dev.frontline.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a visitor's widget (or a channel client) sends on {@code /ws/visitor}. */
public sealed interface VisitorCommand {

  /** The page the visitor is on. */
  record Page(String url, String title, String referrer) {}

  /** A host site's signed statement of who the visitor is (CONTRACT section 4). */
  record Identity(String customerId, String name, ObjectNode attrs, long ts, String sig) {}

  /**
   * @param conversationId the conversation {@code lastSeq} refers to, when the client knows it
   * @param lang {@code zh} (default) or {@code en}: the language of the bot's and system's texts
   */
  record Hello(String token, int lastSeq, Page page, Identity identity, String channel, boolean dnt,
      String conversationId, String lang) implements VisitorCommand {
    /** The same hello with Do-Not-Track on. */
    public Hello withDnt() {
      return new Hello(token, lastSeq, page, identity, channel, true, conversationId, lang);
    }
  }

  record Send(String clientId, String text) implements VisitorCommand {}

  record Menu(String id) implements VisitorCommand {}

  record Human(String group) implements VisitorCommand {}

  record Typing(String text) implements VisitorCommand {}

  record Track(String event, ObjectNode data) implements VisitorCommand {}

  record Close() implements VisitorCommand {}

  /** The visitor clicked a suggested (or self-service) FAQ entry. */
  record Pick(String faqId) implements VisitorCommand {}

  record Rate(int score, String comment) implements VisitorCommand {}

  record Contact(String name, String phone, String email) {}

  /** Leave a message: becomes a work order (CONTRACT section 9). */
  record LeaveMessage(String text, Contact contact, String kind) implements VisitorCommand {}

  /** The visitor's tracking choice: false opts out of everything beyond the chat itself. */
  record Privacy(boolean tracking) implements VisitorCommand {}

  /** Application-level keep-alive for clients that cannot answer WebSocket pings. */
  record Ping() implements VisitorCommand {}

  /** Maximum length of a client id. */
  int MAX_CLIENT_ID = 64;

  /** Decodes one frame; bad frames raise {@link ApiException} with a contract error code. */
  static VisitorCommand decode(ObjectNode f, int maxText) {
    JsonNode typeNode = f.get("type");
    if (typeNode == null || typeNode.isNull()) {
      throw ApiException.missing("type");
    }
    if (!typeNode.isTextual()) {
      throw ApiException.invalid("type", "must be a string");
    }
    String type = typeNode.textValue();
    return switch (type) {
      case "hello" -> hello(f);
      case "send" -> new Send(clientId(f), Fields.requiredText(f, "text", maxText));
      case "menu" -> new Menu(Fields.requiredText(f, "id", 64));
      case "human" -> new Human(Fields.optionalString(f, "group", 64));
      case "typing" -> new Typing(Fields.requiredString(f, "text", maxText));
      case "track" -> new Track(Fields.requiredText(f, "event", 40), f);
      case "close" -> new Close();
      case "pick" -> new Pick(Fields.requiredText(f, "faqId", 64));
      case "rate" -> new Rate(Fields.requiredInt(f, "score", 1, 5), Fields.optionalString(f, "comment", 1000));
      case "ping" -> new Ping();
      case "leave_message" -> leaveMessage(f, maxText);
      case "privacy" -> {
        if (!f.hasNonNull("tracking") || !f.get("tracking").isBoolean()) {
          throw ApiException.invalid("tracking", "must be true or false");
        }
        yield new Privacy(f.get("tracking").booleanValue());
      }
      default -> throw new ApiException(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + abbreviate(type) + "'");
    };
  }

  private static Hello hello(ObjectNode f) {
    String token = Fields.optionalString(f, "token", 128);
    long lastSeq = Fields.optionalLong(f, "lastSeq", 0);
    if (lastSeq < 0 || lastSeq > Integer.MAX_VALUE) {
      throw ApiException.invalid("lastSeq", "must be a non-negative integer");
    }
    Page page = null;
    ObjectNode p = Fields.optionalObject(f, "page");
    if (p != null) {
      page = new Page(Fields.optionalString(p, "url", 2048), Fields.optionalString(p, "title", 512),
          Fields.optionalString(p, "referrer", 2048));
    }
    Identity identity = null;
    JsonNode idNode = f.get("identity");
    if (idNode != null && idNode.isObject()) {
      identity = identity((ObjectNode) idNode);
    }
    String channel = Fields.optionalString(f, "channel", 16);
    boolean dnt = Fields.optionalBoolean(f, "dnt", false);
    String lang = Fields.optionalString(f, "lang", 8);
    return new Hello(token, (int) lastSeq, page, identity, channel == null ? "web" : channel, dnt,
        Fields.optionalString(f, "conversationId", 64), lang != null && lang.toLowerCase(java.util.Locale.ROOT)
            .startsWith("en") ? "en" : "zh");
  }

  /** Reads an identity leniently: a malformed one is ignored, never an error (CONTRACT 4). */
  private static Identity identity(ObjectNode n) {
    JsonNode cid = n.get("customerId");
    JsonNode sig = n.get("sig");
    JsonNode ts = n.get("ts");
    if (cid == null || !cid.isTextual() || sig == null || !sig.isTextual() || ts == null || !ts.canConvertToLong()) {
      return new Identity(null, null, null, 0, null);
    }
    JsonNode name = n.get("name");
    JsonNode attrs = n.get("attrs");
    return new Identity(
        cid.textValue().length() > 128 ? null : cid.textValue(),
        name != null && name.isTextual() && name.textValue().length() <= 128 ? name.textValue() : null,
        attrs != null && attrs.isObject() ? (ObjectNode) attrs : null,
        ts.longValue(),
        sig.textValue());
  }

  private static LeaveMessage leaveMessage(ObjectNode f, int maxText) {
    String text = Fields.requiredText(f, "text", maxText);
    ObjectNode c = Fields.optionalObject(f, "contact");
    Contact contact = c == null ? new Contact(null, null, null)
        : new Contact(Fields.optionalString(c, "name", 128), Fields.optionalString(c, "phone", 64),
            Fields.optionalString(c, "email", 254));
    String kind = Fields.optionalString(f, "kind", 32);
    return new LeaveMessage(text, contact, kind == null || kind.isBlank() ? null : kind.strip());
  }

  private static String clientId(ObjectNode f) {
    String id = Fields.requiredText(f, "clientId", MAX_CLIENT_ID);
    return id;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}

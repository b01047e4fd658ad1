package dev.frontline.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the agent console (or a supervisor) sends on {@code /ws/agent}. */
public sealed interface AgentCommand {

  record Auth(String token) implements AgentCommand {}

  record Status(String status) implements AgentCommand {}

  record Send(String conversationId, String clientId, String text) implements AgentCommand {}

  record Typing(String conversationId, String text) implements AgentCommand {}

  record Close(String conversationId) implements AgentCommand {}

  record Transfer(String conversationId, String toGroup, Long toAgent, String note) implements AgentCommand {}

  record Note(String conversationId, String text) implements AgentCommand {}

  record Watch(String conversationId) implements AgentCommand {}

  record Unwatch(String conversationId) implements AgentCommand {}

  record Whisper(String conversationId, String text) implements AgentCommand {}

  record Takeover(String conversationId) implements AgentCommand {}

  record Read(String conversationId, int seq) implements AgentCommand {}

  record Ping() implements AgentCommand {}

  /** The command's wire type, as echoed in {@code done}. */
  default String type() {
    return switch (this) {
      case Auth a -> "auth";
      case Status s -> "status";
      case Send s -> "send";
      case Typing t -> "typing";
      case Close c -> "close";
      case Transfer t -> "transfer";
      case Note n -> "note";
      case Watch w -> "watch";
      case Unwatch u -> "unwatch";
      case Whisper w -> "whisper";
      case Takeover t -> "takeover";
      case Read r -> "read";
      case Ping p -> "ping";
    };
  }

  static AgentCommand decode(ObjectNode f, int maxText) {
    JsonNode typeNode = f.get("type");
    if (typeNode == null || typeNode.isNull()) {
      throw ApiException.missing("type");
    }
    if (!typeNode.isTextual()) {
      throw ApiException.invalid("type", "must be a string");
    }
    return switch (typeNode.textValue()) {
      case "auth" -> new Auth(Fields.requiredText(f, "token", 256));
      case "status" -> new Status(status(f));
      case "send" -> new Send(conv(f), Fields.requiredText(f, "clientId", VisitorCommand.MAX_CLIENT_ID),
          Fields.requiredText(f, "text", maxText));
      case "typing" -> new Typing(conv(f), Fields.requiredString(f, "text", maxText));
      case "close" -> new Close(conv(f));
      case "transfer" -> transfer(f);
      case "note" -> new Note(conv(f), Fields.requiredText(f, "text", maxText));
      case "watch" -> new Watch(conv(f));
      case "unwatch" -> new Unwatch(conv(f));
      case "whisper" -> new Whisper(conv(f), Fields.requiredText(f, "text", maxText));
      case "takeover" -> new Takeover(conv(f));
      case "read" -> new Read(conv(f), Fields.requiredInt(f, "seq", 0, Integer.MAX_VALUE));
      case "ping" -> new Ping();
      default -> {
        String t = typeNode.textValue();
        throw new ApiException(ErrorCode.UNKNOWN_TYPE,
            "unknown frame type '" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'");
      }
    };
  }

  private static String conv(ObjectNode f) {
    return Fields.requiredText(f, "conversationId", 64);
  }

  private static String status(ObjectNode f) {
    String s = Fields.requiredText(f, "status", 16);
    if (!s.equals("online") && !s.equals("away") && !s.equals("offline")) {
      throw ApiException.invalid("status", "must be online, away or offline");
    }
    return s;
  }

  private static Transfer transfer(ObjectNode f) {
    String conv = conv(f);
    String toGroup = Fields.optionalString(f, "toGroup", 64);
    JsonNode agentNode = f.get("toAgent");
    Long toAgent = null;
    if (agentNode != null && !agentNode.isNull()) {
      if (agentNode.canConvertToLong() && agentNode.isIntegralNumber()) {
        toAgent = agentNode.longValue();
      } else if (agentNode.isTextual() && agentNode.textValue().matches("\\d{1,18}")) {
        toAgent = Long.parseLong(agentNode.textValue());
      } else {
        throw ApiException.invalid("toAgent", "must be an agent id");
      }
    }
    if ((toGroup == null) == (toAgent == null)) {
      throw ApiException.badRequest("transfer needs exactly one of 'toGroup' or 'toAgent'");
    }
    return new Transfer(conv, toGroup, toAgent, Fields.optionalString(f, "note", 2000));
  }
}

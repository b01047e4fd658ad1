package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.conversation.VisitorDirectory;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.Fields;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.protocol.VisitorCommand;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The channel API: an app or a WeChat bridge speaks for a customer over HTTP, signed like the
 * widget's identity (CONTRACT section 4). The customer is one visitor with one history whatever
 * the channel. For live traffic the same clients can use {@code /ws/visitor} with
 * {@code "channel"} and {@code "identity"} in {@code hello}.
 */
final class ChannelApi {
  private final VisitorDirectory visitors;
  private final ConversationService conversations;
  private final ConversationReader reader;
  private final Clock clock;

  ChannelApi(VisitorDirectory visitors, ConversationService conversations, ConversationReader reader, Clock clock) {
    this.visitors = visitors;
    this.conversations = conversations;
    this.reader = reader;
    this.clock = clock;
  }

  void register(Router r) {
    r.open("POST", "/api/channel/messages", this::send);
    r.open("GET", "/api/channel/messages", this::poll);
  }

  private static String channel(String c) {
    if (c == null || !c.matches("[a-z0-9_-]{1,16}")) {
      throw ApiException.invalid("channel", "must be 1-16 lower-case letters, digits, _ or - (e.g. app, wechat)");
    }
    return c;
  }

  private VisitorDirectory.Resolved customer(VisitorCommand.Identity id, String channel) throws Exception {
    VisitorDirectory.Resolved r = visitors.customer(id, channel, clock.millis());
    if (r == null) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, "a customer identity signed with the site secret is required");
    }
    return r;
  }

  private ApiResponse send(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    String channel = channel(Fields.requiredText(b, "channel", 16));
    ObjectNode idNode = Fields.optionalObject(b, "identity");
    if (idNode == null) {
      throw ApiException.missing("identity");
    }
    VisitorCommand.Identity id = identity(idNode);
    String clientId = Fields.requiredText(b, "clientId", VisitorCommand.MAX_CLIENT_ID);
    String text = Fields.requiredText(b, "text", 4000);
    VisitorDirectory.Resolved r = customer(id, channel);
    ServerFrame reply = conversations.visitors().channelSend(r, channel, clientId, text).get(15, TimeUnit.SECONDS);
    if (reply instanceof ServerFrame.Error e) {
      throw new ApiException(ErrorCode.valueOf(e.code().toUpperCase(java.util.Locale.ROOT)), e.message());
    }
    ServerFrame.Ack ack = (ServerFrame.Ack) reply;
    return ApiResponse.ok(Map.of("visitorId", r.visitorId(), "conversationId", ack.conversationId(), "seq", ack.seq(),
        "clientId", ack.clientId()));
  }

  private ApiResponse poll(ApiRequest req) throws Exception {
    String channel = channel(req.query("channel"));
    ObjectNode idNode = Json.object();
    idNode.put("customerId", req.query("customerId"));
    idNode.put("ts", req.queryLong("ts", 0));
    idNode.put("sig", req.query("sig"));
    VisitorDirectory.Resolved r = customer(identity(idNode), channel);
    int after = (int) Math.max(0, Math.min(Integer.MAX_VALUE, req.queryLong("after", 0)));
    Map<String, Object> open = conversations.visitors().channelMessages(r.visitorId(), after).get(10, TimeUnit.SECONDS);
    if (open != null) {
      return ApiResponse.ok(open);
    }
    var last = reader.ofVisitor(r.visitorId(), 1);
    if (last.isEmpty()) {
      return ApiResponse.ok(Map.of("conversationId", "", "state", "none", "messages", java.util.List.of()));
    }
    Map<String, Object> conv = reader.read((String) last.get(0).get("id"));
    @SuppressWarnings("unchecked")
    java.util.List<ServerFrame.Message> msgs = (java.util.List<ServerFrame.Message>) conv.get("messages");
    return ApiResponse.ok(Map.of("conversationId", conv.get("id"), "state", conv.get("state"), "messages",
        msgs.stream().filter(m -> m.seq() > after).toList()));
  }

  private static VisitorCommand.Identity identity(ObjectNode n) {
    ObjectNode attrs = Fields.optionalObject(n, "attrs");
    return new VisitorCommand.Identity(Fields.requiredText(n, "customerId", 128), Fields.optionalString(n, "name", 128),
        attrs, Fields.optionalLong(n, "ts", 0), Fields.requiredText(n, "sig", 128));
  }
}

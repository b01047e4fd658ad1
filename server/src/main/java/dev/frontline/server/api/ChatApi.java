package dev.frontline.server.api;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.trail.TrailRecorder;
import java.util.Map;

/** Reading conversations and trails back (CONTRACT section 6), with privacy between agents. */
final class ChatApi {
  private final ConversationReader reader;
  private final ConversationService service;
  private final Directory directory;
  private final TrailRecorder trail;

  ChatApi(ConversationReader reader, ConversationService service, Directory directory, TrailRecorder trail) {
    this.reader = reader;
    this.service = service;
    this.directory = directory;
    this.trail = trail;
  }

  void register(Router r) {
    r.secured("GET", "/api/conversations/{id}", this::conversation, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/conversations", this::list, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/visitors/{id}/trail", this::trail, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/visitors/{id}/conversations", this::visitorConversations, Role.AGENT, Role.SUPERVISOR,
        Role.ADMIN);
  }

  private ApiResponse conversation(ApiRequest req) throws Exception {
    String id = req.param("id");
    Map<String, Object> view = reader.read(id);
    if (view == null) {
      view = service.liveView(id).get();
    }
    if (view == null) {
      throw ApiException.notFound("conversation " + id);
    }
    Principal p = req.principal();
    if (!p.supervises() && !mayRead(p, view)) {
      throw ApiException.forbidden("this conversation is not yours");
    }
    return ApiResponse.ok(view);
  }

  /** An agent reads its own conversations, its groups' waiting ones, and the past ones of a visitor it serves now. */
  private boolean mayRead(Principal p, Map<String, Object> view) throws Exception {
    Object agentId = view.get("agentId");
    if (agentId instanceof Number n && n.longValue() == p.userId()) {
      return true;
    }
    String visitorId = (String) view.get("visitorId");
    if (service.agentServesVisitor(p.userId(), visitorId)) {
      return true;
    }
    if ("queued".equals(view.get("state"))) {
      User u = directory.byId(p.userId());
      return u != null && u.groups().contains((String) view.get("group"));
    }
    return false;
  }

  private ApiResponse list(ApiRequest req) throws Exception {
    Principal p = req.principal();
    String state = req.query("state");
    if (state != null && !state.matches("bot|queued|assigned|closed|open")) {
      throw ApiException.invalid("state", "must be bot, queued, assigned, closed or open");
    }
    int limit = (int) Math.min(500, Math.max(1, req.queryLong("limit", 100)));
    User u = directory.byId(p.userId());
    return ApiResponse.ok(Map.of("conversations", reader.list(state, p.supervises() ? null : p.userId(),
        p.supervises() || u == null ? null : u.groups(), limit)));
  }

  private ApiResponse trail(ApiRequest req) throws Exception {
    String visitorId = req.param("id");
    Principal p = req.principal();
    if (!p.supervises() && !service.agentServesVisitor(p.userId(), visitorId) && !reader.served(p.userId(), visitorId)) {
      throw ApiException.forbidden("you do not serve this visitor");
    }
    int limit = (int) Math.min(10_000, Math.max(1, req.queryLong("limit", 1000)));
    return ApiResponse.ok(Map.of("visitorId", visitorId, "events", trail.trail(visitorId, limit)));
  }

  private ApiResponse visitorConversations(ApiRequest req) throws Exception {
    String visitorId = req.param("id");
    Principal p = req.principal();
    if (!p.supervises() && !service.agentServesVisitor(p.userId(), visitorId) && !reader.served(p.userId(), visitorId)) {
      throw ApiException.forbidden("you do not serve this visitor");
    }
    return ApiResponse.ok(Map.of("conversations", reader.ofVisitor(visitorId, 50)));
  }
}

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
  private final ReadAccess access;

  ChatApi(ConversationReader reader, ConversationService service, Directory directory, TrailRecorder trail,
      ReadAccess access) {
    this.reader = reader;
    this.service = service;
    this.directory = directory;
    this.trail = trail;
    this.access = access;
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
    if (!access.conversation(req.principal(), access.facts(id, view))) {
      throw ApiException.forbidden("this conversation is not yours");
    }
    return ApiResponse.ok(view);
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
    if (!access.visitor(p, visitorId)) {
      throw ApiException.forbidden("you do not serve this visitor");
    }
    int limit = (int) Math.min(10_000, Math.max(1, req.queryLong("limit", 1000)));
    return ApiResponse.ok(Map.of("visitorId", visitorId, "events", trail.trail(visitorId, limit)));
  }

  private ApiResponse visitorConversations(ApiRequest req) throws Exception {
    String visitorId = req.param("id");
    Principal p = req.principal();
    if (!access.visitor(p, visitorId)) {
      throw ApiException.forbidden("you do not serve this visitor");
    }
    return ApiResponse.ok(Map.of("conversations", reader.ofVisitor(visitorId, 50)));
  }
}

package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.auth.Role;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.ticket.TicketDesk;
import java.util.Map;
import java.util.Set;

/** Work orders (CONTRACT section 9): the agents' side. */
final class TicketApi {
  private final TicketDesk desk;
  private final Directory directory;
  private final ConversationService conversations;

  TicketApi(TicketDesk desk, Directory directory, ConversationService conversations) {
    this.desk = desk;
    this.directory = directory;
    this.conversations = conversations;
  }

  void register(Router r) {
    r.secured("GET", "/api/tickets", this::list, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/tickets/{id}", this::get, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("PUT", "/api/tickets/{id}", this::update, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
  }

  private Set<String> groups(ApiRequest req) throws Exception {
    User u = directory.byId(req.principal().userId());
    return u == null ? Set.of() : u.groups();
  }

  private ApiResponse list(ApiRequest req) throws Exception {
    String status = req.query("status");
    if (status != null && !TicketDesk.STATUSES.contains(status)) {
      throw ApiException.invalid("status", "must be open, pending or resolved");
    }
    String assignee = req.query("assignee");
    if (assignee != null && !assignee.equals("me")) {
      throw ApiException.invalid("assignee", "must be me");
    }
    int limit = (int) Math.min(500, Math.max(1, req.queryLong("limit", 200)));
    Long assigneeId = assignee == null ? null : req.principal().userId();
    return ApiResponse.ok(Map.of("tickets", desk.list(status, assigneeId, req.principal(), groups(req), limit)));
  }

  private ApiResponse get(ApiRequest req) throws Exception {
    Map<String, Object> t = desk.get(req.param("id"));
    if (t == null) {
      throw ApiException.notFound("ticket " + req.param("id"));
    }
    Object assignee = t.get("assigneeId");
    boolean mine = assignee instanceof Number n && n.longValue() == req.principal().userId();
    if (!req.principal().supervises() && !mine && !groups(req).contains((String) t.get("group"))) {
      throw ApiException.forbidden("this ticket belongs to another group");
    }
    return ApiResponse.ok(t);
  }

  /**
   * An agent takes a ticket for itself; supervisors and admins give it to anyone who works
   * tickets (an enabled agent, supervisor or admin).
   */
  private void checkAssignee(ApiRequest req, long assignee) throws Exception {
    User target = directory.byId(assignee);
    if (target == null) {
      throw ApiException.invalid("assigneeId", "names an unknown user");
    }
    if (target.disabled() || !target.principal().mayServe()) {
      throw ApiException.invalid("assigneeId", "names a user who does not work tickets");
    }
    if (!req.principal().supervises() && assignee != req.principal().userId()) {
      throw ApiException.forbidden("agents may assign tickets only to themselves");
    }
  }

  private ApiResponse update(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    String status = Fields.optionalString(b, "status", 16);
    if (status != null && !TicketDesk.STATUSES.contains(status)) {
      throw ApiException.invalid("status", "must be open, pending or resolved");
    }
    String note = Fields.optionalString(b, "note", 4000);
    Long assignee = null;
    if (b.hasNonNull("assigneeId")) {
      if (!b.get("assigneeId").canConvertToLong()) {
        throw ApiException.invalid("assigneeId", "must be a user id");
      }
      assignee = b.get("assigneeId").asLong();
      checkAssignee(req, assignee);
    }
    if (status == null && note == null && assignee == null) {
      throw ApiException.badRequest("nothing to change: give status, note or assigneeId");
    }
    User me = directory.byId(req.principal().userId());
    Map<String, Object> t = desk.update(req.param("id"), status, note, assignee, req.principal(), groups(req),
        me == null ? null : me.displayName());
    conversations.toVisitorId((String) t.get("visitorId"),
        new ServerFrame.Ticket((String) t.get("id"), (String) t.get("status"), (String) t.get("kind")));
    return ApiResponse.ok(t);
  }
}

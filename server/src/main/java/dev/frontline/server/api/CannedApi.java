package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.frontline.server.store.Dialect;

/**
 * Canned responses: team ones (managed by supervisors and admins) and each agent's personal ones;
 * the console inserts them by typing {@code /} and the shortcut.
 */
final class CannedApi {
  private final Database db;
  private final Clock clock;

  CannedApi(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  void register(Router r) {
    r.secured("GET", "/api/canned", this::list, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("POST", "/api/canned", this::create, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("PUT", "/api/canned/{id}", this::update, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("DELETE", "/api/canned/{id}", this::delete, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
  }

  private ApiResponse list(ApiRequest req) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, owner_id, shortcut, title, text FROM canned_responses"
            + " WHERE owner_id IS NULL OR owner_id = ? ORDER BY shortcut, id")) {
      ps.setLong(1, req.principal().userId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(view(rs.getLong(1), Dialect.nullableLong(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }
      }
    }
    return ApiResponse.ok(Map.of("canned", out));
  }

  private static Map<String, Object> view(long id, Long owner, String shortcut, String title, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("team", owner == null);
    m.put("shortcut", shortcut);
    m.put("title", title);
    m.put("text", text);
    return m;
  }

  private record Input(String shortcut, String title, String text, boolean team) {}

  private static Input input(ObjectNode b, Principal p) {
    String shortcut = Fields.requiredText(b, "shortcut", 32);
    if (!shortcut.matches("[\\p{L}\\p{N}_-]{1,32}")) {
      throw ApiException.invalid("shortcut", "may hold letters, digits, _ and - only");
    }
    boolean team = Fields.optionalBoolean(b, "team", false);
    if (team && !p.supervises()) {
      throw ApiException.forbidden("team responses are managed by supervisors and admins");
    }
    return new Input(shortcut, Fields.requiredText(b, "title", 128), Fields.requiredText(b, "text", 4000), team);
  }

  private ApiResponse create(ApiRequest req) throws SQLException {
    Input in = input(req.json(), req.principal());
    long now = clock.millis();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO canned_responses (owner_id, shortcut, title, text,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
      ps.setObject(1, in.team() ? null : req.principal().userId());
      ps.setString(2, in.shortcut());
      ps.setString(3, in.title());
      ps.setString(4, in.text());
      ps.setLong(5, now);
      ps.setLong(6, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        long id = keys.getLong(1);
        return ApiResponse.created(view(id, in.team() ? null : req.principal().userId(), in.shortcut(), in.title(),
            in.text()));
      }
    }
  }

  /** The owner of a response, checked: personal ones by their owner, team ones by supervisors. */
  private Long owner(Connection c, long id, Principal p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT owner_id FROM canned_responses WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw ApiException.notFound("canned response " + id);
        }
        Long owner = Dialect.nullableLong(rs, 1);
        boolean allowed = owner == null ? p.supervises() : owner == p.userId();
        if (!allowed) {
          throw ApiException.forbidden("not yours to change");
        }
        return owner;
      }
    }
  }

  private ApiResponse update(ApiRequest req) throws SQLException {
    long id = AccountApi.id(req.param("id"));
    Input in = input(req.json(), req.principal());
    try (Connection c = db.connection()) {
      Long owner = owner(c, id, req.principal());
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE canned_responses SET shortcut = ?, title = ?, text = ?, updated_at = ? WHERE id = ?")) {
        ps.setString(1, in.shortcut());
        ps.setString(2, in.title());
        ps.setString(3, in.text());
        ps.setLong(4, clock.millis());
        ps.setLong(5, id);
        ps.executeUpdate();
      }
      return ApiResponse.ok(view(id, owner, in.shortcut(), in.title(), in.text()));
    }
  }

  private ApiResponse delete(ApiRequest req) throws SQLException {
    long id = AccountApi.id(req.param("id"));
    try (Connection c = db.connection()) {
      owner(c, id, req.principal());
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM canned_responses WHERE id = ?")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
    }
    return ApiResponse.ok(Map.of("deleted", id));
  }
}

package dev.frontline.server.api;

import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.CustomerProfiles;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.store.Database;
import dev.frontline.server.trail.RuleBook;
import dev.frontline.server.trail.TrailExport;
import dev.frontline.server.trail.TrailRetention;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trajectory export (CONTRACT section 8), the visitor profile, proactive rules, and the export audit. */
final class TrailApi {
  private static final Logger log = LoggerFactory.getLogger(TrailApi.class);

  private final Database db;
  private final Clock clock;
  private final TrailExport export;
  private final RuleBook rules;
  private final ConversationReader reader;
  private final ReadAccess access;
  private final CustomerProfiles customers;

  private final dev.frontline.server.config.Settings settings;
  private final dev.frontline.server.trail.TrailRecorder trail;

  TrailApi(Database db, Clock clock, RuleBook rules, ReadAccess access, CustomerProfiles customers, ConversationReader reader,
      dev.frontline.server.config.Settings settings, dev.frontline.server.trail.TrailRecorder trail) {
    this.settings = settings;
    this.trail = trail;
    this.db = db;
    this.clock = clock;
    this.export = new TrailExport(db);
    this.rules = rules;
    this.access = access;
    this.customers = customers;
    this.reader = reader;
  }

  void register(Router r) {
    r.secured("GET", "/api/trajectory/export", this::exportEvents, Role.ADMIN);
    r.secured("GET", "/api/trajectory/visitors.csv", this::exportVisitors, Role.ADMIN, Role.SUPERVISOR);
    r.secured("GET", "/api/audit", this::audit, Role.ADMIN);
    r.secured("POST", "/api/trajectory/purge", this::purge, Role.ADMIN);
    r.secured("GET", "/api/trajectory/stats", req -> ApiResponse.ok(Map.of("events", trail.stats())), Role.ADMIN,
        Role.SUPERVISOR);
    r.secured("GET", "/api/visitors/{id}", this::visitor, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/rules", this::listRules, Role.EDITOR, Role.ADMIN, Role.SUPERVISOR);
    r.secured("POST", "/api/rules", this::createRule, Role.EDITOR, Role.ADMIN);
    r.secured("PUT", "/api/rules/{id}", this::updateRule, Role.EDITOR, Role.ADMIN);
    r.secured("DELETE", "/api/rules/{id}", this::deleteRule, Role.EDITOR, Role.ADMIN);
  }

  private record Period(long from, long to) {}

  private Period period(ApiRequest req) {
    long to = req.queryLong("to", clock.millis() + 1);
    long from = req.queryLong("from", 0);
    if (from > to) {
      throw ApiException.invalid("from", "must not be after 'to'");
    }
    return new Period(from, to);
  }

  /** Unmasked exports are for admins who ask for them explicitly, and every one is audited. */
  private boolean unmasked(ApiRequest req, String what, Period p) throws SQLException {
    boolean unmasked = "true".equals(req.query("unmasked"));
    if (unmasked) {
      if (!req.principal().has(Role.ADMIN)) {
        throw ApiException.forbidden("unmasked exports are for admins");
      }
      audit(req.principal(), "export_unmasked", what + " from=" + p.from() + " to=" + p.to());
    }
    return unmasked;
  }

  private void audit(Principal p, String action, String details) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO audit_log (user_id, username, action, details, ts) VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, p.userId());
      ps.setString(2, p.username());
      ps.setString(3, action);
      ps.setString(4, details);
      ps.setLong(5, clock.millis());
      ps.executeUpdate();
    }
    log.warn("event=audit action={} user={} details={}", action, p.username(), details);
  }

  private ApiResponse exportEvents(ApiRequest req) throws SQLException {
    Period p = period(req);
    boolean mask = !unmasked(req, "events", p);
    return ApiResponse.stream("application/x-ndjson; charset=utf-8", out -> export.events(p.from(), p.to(), mask, out))
        .withHeader("Content-Disposition", "attachment; filename=\"trajectory-" + p.from() + "-" + p.to() + ".jsonl\"");
  }

  private ApiResponse exportVisitors(ApiRequest req) throws SQLException {
    Period p = period(req);
    boolean mask = !unmasked(req, "visitors.csv", p);
    return ApiResponse.stream("text/csv; charset=utf-8", out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write('\ufeff');
      export.visitorsCsv(p.from(), p.to(), mask, w);
    }).withHeader("Content-Disposition", "attachment; filename=\"visitors-" + p.from() + "-" + p.to() + ".csv\"");
  }

  /** Applies the retention period now (it also runs every six hours). */
  private ApiResponse purge(ApiRequest req) throws SQLException {
    int days = (int) settings.number("trailRetentionDays");
    return ApiResponse.ok(Map.of("deleted", new TrailRetention(trail, () -> days).apply(), "retentionDays", days));
  }

  private ApiResponse audit(ApiRequest req) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT user_id, username, action, details, ts FROM audit_log ORDER BY ts DESC, id DESC LIMIT 500");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", rs.getLong(1));
        m.put("username", rs.getString(2));
        m.put("action", rs.getString(3));
        m.put("details", rs.getString(4));
        m.put("ts", rs.getLong(5));
        out.add(m);
      }
    }
    return ApiResponse.ok(Map.of("entries", out));
  }

  /** The visitor panel's header: who (if the host site said), visits, channel, conversations and ratings. */
  private ApiResponse visitor(ApiRequest req) throws SQLException {
    String id = req.param("id");
    Principal p = req.principal();
    if (!access.visitor(p, id)) {
      throw ApiException.forbidden("you do not serve this visitor");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT customer_id, display_name, attrs, visits, created_at,"
            + " last_seen_at, last_channel, tracking_opt_out FROM visitors WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw ApiException.notFound("visitor " + id);
        }
        m.put("id", id);
        m.put("customerId", rs.getString(1));
        m.put("name", rs.getString(2));
        m.put("attrs", rs.getString(3) == null ? Map.of() : dev.frontline.server.protocol.Json.MAPPER.readTree(rs.getString(3)));
        m.put("visits", rs.getInt(4));
        m.put("firstSeen", rs.getLong(5));
        m.put("lastSeen", rs.getLong(6));
        m.put("channel", rs.getString(7));
        m.put("trackingOptOut", rs.getBoolean(8));
      } catch (java.io.IOException e) {
        m.put("attrs", Map.of());
      }
    }
    // name and attrs are what the page passed (unverified); verified: what the host site's server set.
    CustomerProfiles.Verified verified = customers.get((String) m.get("customerId"));
    m.put("verified", verified == null ? null : verified.view());
    List<Map<String, Object>> convs = reader.ofVisitor(id, 20);
    m.put("conversations", convs);
    m.put("ratings", convs.stream().filter(x -> x.get("rating") != null)
        .map(x -> Map.of("conversationId", x.get("id"), "rating", x.get("rating"))).toList());
    return ApiResponse.ok(m);
  }

  private ApiResponse listRules(ApiRequest req) throws SQLException {
    return ApiResponse.ok(Map.of("rules", rules.list().stream().map(r -> r.view()).toList()));
  }

  private ApiResponse createRule(ApiRequest req) throws SQLException {
    return ApiResponse.created(rules.save(null, req.json(), req.principal().username()).view());
  }

  private ApiResponse updateRule(ApiRequest req) throws SQLException {
    return ApiResponse.ok(rules.save(req.param("id"), req.json(), req.principal().username()).view());
  }

  private ApiResponse deleteRule(ApiRequest req) throws SQLException {
    rules.delete(req.param("id"));
    return ApiResponse.ok(Map.of("deleted", req.param("id")));
  }
}

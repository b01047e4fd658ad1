package dev.frontline.server.api;

import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.stats.KpiCsv;
import dev.frontline.server.stats.KpiFilter;
import dev.frontline.server.stats.Kpis;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figures for supervisors (CONTRACT section 7): the period's summary, one row per agent or group,
 * and a series per hour or day, as JSON or CSV ({@code format=csv}); the live queues and loads.
 * Definitions: docs/kpis.md.
 */
final class StatsApi {
  private final Kpis kpis;
  private final AgentDispatcher dispatcher;
  private final ZoneId zone;

  StatsApi(Kpis kpis, AgentDispatcher dispatcher, ZoneId zone) {
    this.kpis = kpis;
    this.dispatcher = dispatcher;
    this.zone = zone;
  }

  void register(Router r) {
    r.secured("GET", "/api/stats/summary", this::summary, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/stats/agents", this::agents, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/stats/groups", this::groups, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/stats/series", this::series, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/stats/live", this::live, Role.SUPERVISOR, Role.ADMIN);
  }

  private static KpiFilter filter(ApiRequest req) {
    long to = req.queryLong("to", System.currentTimeMillis() + 1);
    long from = req.queryLong("from", to - TimeUnit.DAYS.toMillis(1));
    if (from > to) {
      throw ApiException.invalid("from", "must not be after 'to'");
    }
    String group = blankToNull(req.query("group"));
    String agent = blankToNull(req.query("agent"));
    Long agentId = agent == null ? null : req.queryLong("agent", 0);
    return new KpiFilter(from, to, group, agentId);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private ApiResponse summary(ApiRequest req) throws Exception {
    Map<String, Object> m = kpis.summary(filter(req));
    return csv(req) ? csvOf(List.of(m), "summary") : ApiResponse.ok(m);
  }

  private ApiResponse agents(ApiRequest req) throws Exception {
    List<Map<String, Object>> rows = kpis.agents(filter(req));
    return csv(req) ? csvOf(rows, "agents") : ApiResponse.ok(Map.of("agents", rows));
  }

  private ApiResponse groups(ApiRequest req) throws Exception {
    List<Map<String, Object>> rows = kpis.groups(filter(req));
    return csv(req) ? csvOf(rows, "groups") : ApiResponse.ok(Map.of("groups", rows));
  }

  private ApiResponse series(ApiRequest req) throws Exception {
    String bucket = req.query("bucket") == null ? "day" : req.query("bucket");
    long size = switch (bucket) {
      case "hour" -> TimeUnit.HOURS.toMillis(1);
      case "day" -> TimeUnit.DAYS.toMillis(1);
      default -> throw ApiException.invalid("bucket", "must be hour or day");
    };
    ZoneId z = zone;
    if (req.query("tz") != null) {
      try {
        z = ZoneId.of(req.query("tz"));
      } catch (DateTimeException e) {
        throw ApiException.invalid("tz", "is not a time zone (e.g. Asia/Shanghai)");
      }
    }
    List<Map<String, Object>> rows;
    try {
      rows = kpis.series(filter(req), size, z);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("bucket", "gives " + e.getMessage() + "; choose a shorter period or day buckets");
    }
    return csv(req) ? csvOf(rows, "series") : ApiResponse.ok(Map.of("bucket", bucket, "series", rows));
  }

  private static boolean csv(ApiRequest req) {
    String f = req.query("format");
    if (f == null || f.equals("json")) {
      return false;
    }
    if (!f.equals("csv")) {
      throw ApiException.invalid("format", "must be json or csv");
    }
    return true;
  }

  private static ApiResponse csvOf(List<Map<String, Object>> rows, String name) {
    return ApiResponse.raw(200, KpiCsv.write(rows), "text/csv; charset=utf-8")
        .withHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  }

  private ApiResponse live(ApiRequest req) throws Exception {
    return ApiResponse.ok(dispatcher.snapshot().get(5, TimeUnit.SECONDS));
  }
}

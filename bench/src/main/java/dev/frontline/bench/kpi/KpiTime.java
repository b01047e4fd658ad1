package dev.frontline.bench.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frontline.bench.SuppressForbidden;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kpi-time}: times the figures endpoints of a running server (the real HTTP API, logged in
 * as admin) over a month: the summary, the per-agent and per-group tables, the daily series (all,
 * one group), and an agent's daily series over three months. The first request of each is "cold"
 * (the first after the server started); then {@code --runs} rounds of all of them, reported as
 * p50 and max.
 *
 * <pre>
 *   kpi-time --url http://127.0.0.1:8080 [--password admin-pass-1] [--month 2026-11]
 *            [--zone Asia/Shanghai] [--runs 7] [--group after_sales]
 * </pre>
 */
@SuppressForbidden
public final class KpiTime {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;
  private String token = "";

  private KpiTime(String base) {
    this.base = base;
  }

  public static int run(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    KpiTime t = new KpiTime(o.getOrDefault("url", "http://127.0.0.1:8080"));
    t.login(o.getOrDefault("password", "admin-pass-1"));
    ZoneId zone = ZoneId.of(o.getOrDefault("zone", "Asia/Shanghai"));
    LocalDate month = LocalDate.parse(o.getOrDefault("month", "2026-11") + "-01");
    long from = month.atStartOfDay(zone).toInstant().toEpochMilli();
    long to = month.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
    long from3 = month.minusMonths(2).atStartOfDay(zone).toInstant().toEpochMilli();
    String period = "from=" + from + "&to=" + to;
    String tz = "&tz=" + zone.getId();
    String group = o.getOrDefault("group", "after_sales");
    int runs = Integer.parseInt(o.getOrDefault("runs", "7"));

    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("summary (month)", "/api/stats/summary?" + period);
    queries.put("agents (month)", "/api/stats/agents?" + period);
    queries.put("groups (month)", "/api/stats/groups?" + period);
    queries.put("series day (month)", "/api/stats/series?bucket=day" + tz + "&" + period);
    queries.put("series day, group=" + group + " (month)", "/api/stats/series?bucket=day" + tz + "&group=" + group
        + "&" + period);
    queries.put("summary csv (month)", "/api/stats/summary?format=csv&" + period);
    Map<String, Long> cold = new LinkedHashMap<>();
    Map<String, List<Long>> warm = new LinkedHashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    String agentQuery = null;
    for (Map.Entry<String, String> q : queries.entrySet()) {
      long t0 = System.nanoTime();
      String body = t.get(q.getValue());
      cold.put(q.getKey(), (System.nanoTime() - t0) / 1_000_000);
      sizes.put(q.getKey(), body.length());
      if (q.getKey().startsWith("summary (")) {
        printSummary(JSON.readTree(body));
      }
      if (q.getKey().startsWith("agents") && agentQuery == null) {
        JsonNode first = JSON.readTree(body).get("agents").get(0);
        agentQuery = "/api/stats/series?bucket=day" + tz + "&agent=" + first.get("agentId").asLong() + "&from=" + from3
            + "&to=" + to;
        System.out.printf("agents: %d rows%n", JSON.readTree(body).get("agents").size());
      }
    }
    if (agentQuery != null) {
      String name = "series day, one agent (3 months)";
      long t0 = System.nanoTime();
      String body = t.get(agentQuery);
      cold.put(name, (System.nanoTime() - t0) / 1_000_000);
      sizes.put(name, body.length());
      queries.put(name, agentQuery);
    }
    for (int r = 0; r < runs; r++) {
      for (Map.Entry<String, String> q : queries.entrySet()) {
        long t0 = System.nanoTime();
        t.get(q.getValue());
        warm.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1_000_000);
      }
    }
    System.out.println();
    System.out.printf("| query | response bytes | cold ms | warm p50 ms | warm max ms (%d runs) |%n", runs);
    System.out.println("|---|---:|---:|---:|---:|");
    long worst = 0;
    for (String k : queries.keySet()) {
      long[] w = warm.get(k).stream().mapToLong(Long::longValue).sorted().toArray();
      long max = w[w.length - 1];
      worst = Math.max(worst, Math.max(max, cold.get(k)));
      System.out.printf("| %s | %,d | %d | %d | %d |%n", k, sizes.get(k), cold.get(k), w[w.length / 2], max);
    }
    System.out.printf("%nslowest of all (cold or warm): %d ms: %s%n", worst, worst <= 1000 ? "within 1 s" : "OVER 1 s");
    System.out.println("warm runs (ms): " + warmLine(warm));
    return worst <= 1000 ? 0 : 1;
  }

  private static String warmLine(Map<String, List<Long>> warm) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<Long>> e : warm.entrySet()) {
      sb.append(e.getKey()).append(' ').append(Arrays.toString(e.getValue().toArray())).append("; ");
    }
    return sb.toString();
  }

  private static void printSummary(JsonNode s) {
    System.out.printf("month: conversations=%d offered=%d answered=%d abandoned=%d answerRate=%.3f botResolved=%d"
        + " avgFirstResponseMs=%s avgHandleMs=%s fcr=%s utilisation=%s csat=%s tickets=%s complaints=%s%n",
        s.get("conversations").asLong(), s.get("offered").asLong(), s.get("answered").asLong(),
        s.get("abandoned").asLong(), s.get("answerRate").asDouble(), s.get("botResolved").asLong(),
        s.get("avgFirstResponseMs"), s.get("avgHandleMs"), s.get("fcr"), s.get("utilisation"),
        s.get("csat").get("average"), s.get("tickets").get("total"), s.get("complaints"));
  }

  private void login(String password) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            JSON.writeValueAsString(Map.of("username", "admin", "password", password))))
        .build();
    HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new IOException("POST /api/login -> " + resp.statusCode() + " " + resp.body());
    }
    token = JSON.readTree(resp.body()).get("token").asText();
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .GET().build();
    HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new IOException("GET " + path + " -> " + resp.statusCode() + " " + resp.body());
    }
    return resp.body();
  }
}

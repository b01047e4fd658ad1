package dev.frontline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.Decision;
import dev.frontline.bot.FaqBot;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.search.KbSearch;
import dev.frontline.server.kb.Counters;
import dev.frontline.server.kb.FaqQueries;
import dev.frontline.server.kb.SuggestionBox;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The widget's self-service panel: published entries by category, most clicked first, search as
 * you type, clicks, helpful votes and suggestions. No login; CORS {@code *} (preflights included)
 * so that a host site's page can call it.
 */
final class KbApi {
  static final int MAX_LIMIT = 100;

  private final Database db;
  private final FaqQueries queries;
  private final FaqBot bot;
  private final SuggestionBox suggestions;
  private final Clock clock;

  KbApi(Database db, FaqQueries queries, FaqBot bot, SuggestionBox suggestions, Clock clock) {
    this.db = db;
    this.queries = queries;
    this.bot = bot;
    this.suggestions = suggestions;
    this.clock = clock;
  }

  void register(Router r) {
    open(r, "GET", "/api/kb/categories", this::categories);
    open(r, "GET", "/api/kb/entries", this::entries);
    open(r, "GET", "/api/kb/entries/{id}", this::entry);
    open(r, "POST", "/api/kb/entries/{id}/click", this::click);
    open(r, "POST", "/api/kb/entries/{id}/feedback", this::feedback);
    open(r, "POST", "/api/kb/suggestions", this::suggest);
  }

  private static void open(Router r, String method, String path, Router.Handler h) {
    r.open(method, path, req -> cors(h.handle(req)));
    r.open("OPTIONS", path, req -> cors(new ApiResponse(204, null, new byte[0], "text/plain", Map.of()))
        .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .withHeader("Access-Control-Allow-Headers", "Content-Type")
        .withHeader("Access-Control-Max-Age", "86400"));
  }

  static ApiResponse cors(ApiResponse r) {
    return r.withHeader("Access-Control-Allow-Origin", "*");
  }

  /** Live entries valid now in the channel (null: any). */
  private List<FaqQueries.Live> visible(String channel) throws Exception {
    long now = clock.millis();
    List<FaqQueries.Live> out = new ArrayList<>();
    for (FaqQueries.Live l : queries.live()) {
      if (l.content().validAt(now) && l.content().inChannel(channel)) {
        out.add(l);
      }
    }
    return out;
  }

  private ApiResponse categories(ApiRequest req) throws Exception {
    Map<String, long[]> byName = new LinkedHashMap<>();
    for (FaqQueries.Live l : visible(req.query("channel"))) {
      if (!l.content().category().isEmpty()) {
        long[] c = byName.computeIfAbsent(l.content().category(), k -> new long[2]);
        c[0]++;
        c[1] += l.clicks();
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    byName.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[1])
            .thenComparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
        .forEach(e -> out.add(Map.of("name", e.getKey(), "count", e.getValue()[0], "clicks", e.getValue()[1])));
    return ApiResponse.ok(Map.of("categories", out));
  }

  private ApiResponse entries(ApiRequest req) throws Exception {
    String category = FaqApi.blankToNull(req.query("category"));
    String q = FaqApi.blankToNull(req.query("q"));
    if (q != null && q.length() > BotApi.MAX_QUESTION) {
      throw ApiException.invalid("q", "is longer than " + BotApi.MAX_QUESTION + " characters");
    }
    int limit = (int) Math.min(MAX_LIMIT, Math.max(1, req.queryLong("limit", 20)));
    List<FaqQueries.Live> candidates = new ArrayList<>();
    for (FaqQueries.Live l : visible(req.query("channel"))) {
      if (category == null || category.equals(l.content().category())) {
        candidates.add(l);
      }
    }
    Map<String, Double> scores = q == null ? null : scores(q, candidates);
    Comparator<FaqQueries.Live> order = Comparator.comparingLong(l -> -l.clicks());
    if (scores != null) {
      candidates.removeIf(l -> scores.getOrDefault(l.id(), 0.0) <= 0);
      order = Comparator.<FaqQueries.Live>comparingDouble(l -> -scores.get(l.id())).thenComparing(order);
    }
    candidates.sort(order.thenComparing(l -> l.content().question()));
    return ApiResponse.ok(Map.of("entries", candidates.stream().limit(limit).map(KbApi::view).toList()));
  }

  /**
   * Search-as-you-type scores, with the bot's own picks on top. The bot's confident answer is
   * listed even when it shares no text with the query (a paraphrase); its "did you mean"
   * suggestions only lift entries that match the text too, unless nothing does, so that an
   * unsure guess never pushes unrelated entries into a list of real matches.
   */
  private Map<String, Double> scores(String q, List<FaqQueries.Live> candidates) {
    KbSearch.Query query = KbSearch.query(q);
    Map<String, Double> scores = new HashMap<>();
    boolean anyText = false;
    for (FaqQueries.Live l : candidates) {
      double s = KbSearch.score(query, l.content());
      scores.put(l.id(), s);
      anyText |= s > 0;
    }
    BotReply r = bot.answer(q, BotContext.NONE);
    if (r.decision() == Decision.ANSWER && r.faqId() != null) {
      scores.computeIfPresent(r.faqId(), (k, v) -> v + 2.0);
    }
    double boost = 1.0;
    for (var s : r.suggestions()) {
      double b = boost;
      boolean lift = !anyText;
      scores.computeIfPresent(s.faqId(), (k, v) -> v > 0 || lift ? v + b : v);
      boost -= 0.1;
    }
    return scores;
  }

  private ApiResponse entry(ApiRequest req) throws Exception {
    FaqQueries.Live l = queries.live(req.param("id"));
    if (l == null || !l.content().validAt(clock.millis())) {
      throw ApiException.notFound("entry '" + req.param("id") + "'");
    }
    return ApiResponse.ok(view(l));
  }

  static Map<String, Object> view(FaqQueries.Live l) {
    FaqContent c = l.content();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id());
    m.put("question", c.question());
    m.put("answer", c.answer());
    m.put("imageUrl", c.imageUrl());
    m.put("category", c.category());
    m.put("clicks", l.clicks());
    return m;
  }

  private ApiResponse click(ApiRequest req) throws Exception {
    if (!Counters.click(db, req.param("id"))) {
      throw ApiException.notFound("entry '" + req.param("id") + "'");
    }
    return ApiResponse.ok(Map.of("id", req.param("id"), "counted", true));
  }

  private ApiResponse feedback(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    JsonNode helpful = b.get("helpful");
    if (helpful == null || helpful.isNull()) {
      throw ApiException.missing("helpful");
    }
    if (!helpful.isBoolean()) {
      throw ApiException.invalid("helpful", "must be true or false");
    }
    if (!Counters.feedback(db, req.param("id"), helpful.booleanValue())) {
      throw ApiException.notFound("entry '" + req.param("id") + "'");
    }
    return ApiResponse.ok(Map.of("id", req.param("id"), "helpful", helpful.booleanValue()));
  }

  private ApiResponse suggest(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    String text = Fields.requiredText(b, "text", 2000).strip();
    String contact = null;
    JsonNode cn = b.get("contact");
    if (cn != null && !cn.isNull()) {
      if (cn.isTextual()) {
        contact = Json.string(Map.of("text", Fields.requiredString(b, "contact", 200)));
      } else if (cn.isObject()) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : List.of("name", "phone", "email")) {
          String v = Fields.optionalString(cn, k, 100);
          if (v != null && !v.isBlank()) {
            m.put(k, v.strip());
          }
        }
        contact = m.isEmpty() ? null : Json.string(m);
      } else {
        throw ApiException.invalid("contact", "must be a string or an object {name, phone, email}");
      }
    }
    long id = suggestions.add(text, contact);
    return ApiResponse.created(Map.of("id", id, "status", "open"));
  }
}

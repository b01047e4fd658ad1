package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.frontline.bot.FaqBot;
import dev.frontline.knowledge.loop.QuestionClusters;
import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.InvalidContentException;
import dev.frontline.server.auth.Role;
import dev.frontline.server.kb.BotCalibration;
import dev.frontline.server.kb.Editor;
import dev.frontline.server.kb.FaqHead;
import dev.frontline.server.kb.FaqQueries;
import dev.frontline.server.kb.FaqService;
import dev.frontline.server.kb.MissLog;
import dev.frontline.server.kb.SuggestionBox;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The improvement loop: the bot's unanswered questions grouped, turned into a new entry or into
 * similar questions of an existing one; agents' proposals; visitors' suggestions.
 */
final class FaqLoopApi {
  private static final int MAX_GROUP_QUESTIONS = 20;
  /** Most questions of a group that become phrasings (the most frequent). */
  private static final int MAX_NEW_SIMILAR = 50;

  private final FaqService service;
  private final FaqQueries queries;
  private final MissLog misses;
  private final SuggestionBox suggestions;
  private final BotCalibration calibration;

  /** What each unanswered question means to the bot's model (the same whatever the base holds). */
  private final LoadingCache<String, QuestionClusters.Meaning> meanings;

  FaqLoopApi(FaqService service, FaqQueries queries, MissLog misses, SuggestionBox suggestions,
      BotCalibration calibration, FaqBot bot) {
    this.calibration = calibration;
    this.meanings = Caffeine.newBuilder().maximumSize(MissLog.WINDOW * 4L).build(bot::meaning);
    this.service = service;
    this.queries = queries;
    this.misses = misses;
    this.suggestions = suggestions;
  }

  void register(Router r) {
    r.secured("GET", "/api/faq/unanswered", this::unanswered, FaqApi.READERS);
    r.secured("POST", "/api/faq/unanswered/{groupId}/resolve", this::resolve, FaqApi.WRITERS);
    r.secured("POST", "/api/faq/proposals", this::propose, Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
    r.secured("GET", "/api/faq/suggestions", this::suggestions, FaqApi.READERS);
    r.secured("PUT", "/api/faq/suggestions/{id}", this::updateSuggestion, FaqApi.WRITERS);
  }

  private ApiResponse unanswered(ApiRequest req) throws Exception {
    int limit = (int) Math.min(500, Math.max(1, req.queryLong("limit", 100)));
    List<QuestionClusters.Group> groups = misses.groups(meanings::get);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("groups", groups.stream().limit(limit).map(FaqLoopApi::group).toList());
    m.put("total", groups.size());
    return ApiResponse.ok(m);
  }

  private static Map<String, Object> group(QuestionClusters.Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.id());
    m.put("count", g.count());
    List<Map<String, Object>> questions = new ArrayList<>();
    g.texts().entrySet().stream().limit(MAX_GROUP_QUESTIONS)
        .forEach(e -> questions.add(Map.of("text", e.getKey(), "count", e.getValue())));
    m.put("sample", questions.get(0).get("text"));
    m.put("questions", questions);
    m.put("faqId", g.faqId());
    Map<String, Integer> decisions = new LinkedHashMap<>();
    g.misses().forEach(x -> decisions.merge(x.decision(), 1, Integer::sum));
    m.put("decisions", decisions);
    m.put("firstAt", g.firstAt());
    m.put("lastAt", g.lastAt());
    return m;
  }

  private ApiResponse resolve(ApiRequest req) throws Exception {
    QuestionClusters.Group g = misses.group(req.param("groupId"), meanings::get);
    if (g == null) {
      throw ApiException.notFound("unanswered group '" + req.param("groupId") + "' (it may have been resolved)");
    }
    ObjectNode b = req.json();
    String action = Fields.requiredText(b, "action", 32);
    Editor who = Editor.of(req.principal());
    List<String> texts = g.texts().keySet().stream().filter(t -> t.length() <= FaqContent.MAX_SIMILAR_CHARS)
        .limit(MAX_NEW_SIMILAR).toList();
    if (texts.isEmpty()) {
      throw ApiException.invalid("groupId", "names a group of questions too long to become phrasings");
    }
    String note = "from unanswered group " + g.id();
    FaqHead h = switch (action) {
      case "new_entry" -> {
        ObjectNode entry = b.hasNonNull("entry") ? FaqViews.object(b, "entry") : b;
        if (!entry.hasNonNull("question")) {
          entry = entry.deepCopy().put("question", texts.get(0));
        }
        FaqContent c = withMore(FaqViews.content(entry, null), texts);
        String id = Fields.optionalString(entry, "id", 64);
        if (id != null) {
          FaqApi.checkId(id);
        }
        yield service.create(who, id, c, ChangeKind.CREATE, true, note,
            (conn, after) -> misses.resolve(conn, g, "new_entry", after.id(), who.name()));
      }
      case "add_similar" -> {
        String faqId = Fields.requiredText(b, "faqId", 64);
        FaqHead target = queries.head(faqId);
        if (target == null) {
          throw ApiException.notFound("FAQ entry '" + faqId + "'");
        }
        withMore(target.content(), texts);
        yield service.addSimilar(who, faqId, texts, note,
            (conn, after) -> misses.resolve(conn, g, "add_similar", faqId, who.name()));
      }
      case "dismiss" -> {
        misses.resolve(g, "dismissed", who.name());
        calibration.reload(); // dismissed questions are out-of-scope examples
        yield null;
      }
      default -> throw ApiException.invalid("action", "must be new_entry, add_similar or dismiss");
    };
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("groupId", g.id());
    m.put("action", action);
    m.put("resolved", g.count());
    if (h != null) {
      m.put("entry", FaqViews.written(h));
    }
    return ApiResponse.ok(m);
  }

  /** The content with more similar questions; 400 when that breaks a limit. */
  private static FaqContent withMore(FaqContent c, List<String> texts) {
    try {
      return c.withMoreSimilar(texts);
    } catch (InvalidContentException e) {
      throw new ApiException(ErrorCode.INVALID_FIELD, e.getMessage());
    }
  }

  private ApiResponse propose(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    FaqContent c = FaqViews.content(b, null);
    if (c.answer().isBlank()) {
      throw ApiException.invalid("answer", "must not be empty");
    }
    String conv = Fields.optionalString(b, "conversationId", 64);
    String note = "proposed by " + req.principal().displayName() + (conv == null ? "" : " from conversation " + conv);
    FaqHead h = service.create(Editor.of(req.principal()), null, c, ChangeKind.PROPOSAL, true, note, null);
    return ApiResponse.created(FaqViews.written(h));
  }

  private ApiResponse suggestions(ApiRequest req) throws Exception {
    String status = req.query("status") == null ? "open" : req.query("status");
    if (!STATUSES.contains(status) && !status.equals("all")) {
      throw ApiException.invalid("status", "must be open, done, dismissed or all");
    }
    int limit = (int) Math.min(500, Math.max(1, req.queryLong("limit", 100)));
    return ApiResponse.ok(Map.of("suggestions", suggestions.list(status.equals("all") ? null : status, limit)));
  }

  private ApiResponse updateSuggestion(ApiRequest req) throws Exception {
    long id;
    try {
      id = Long.parseLong(req.param("id"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("suggestion " + req.param("id"));
    }
    ObjectNode b = req.json();
    String status = Fields.requiredText(b, "status", 16);
    if (!STATUSES.contains(status)) {
      throw ApiException.invalid("status", "must be open, done or dismissed");
    }
    suggestions.update(id, status, Fields.optionalString(b, "note", 1000), req.principal().displayName());
    return ApiResponse.ok(Map.of("id", id, "status", status));
  }

  private static final Set<String> STATUSES = Set.of("open", "done", "dismissed");
}

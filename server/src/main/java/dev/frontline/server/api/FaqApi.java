package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqIds;
import dev.frontline.knowledge.model.FaqStatus;
import dev.frontline.knowledge.workflow.Workflow;
import dev.frontline.server.auth.Role;
import dev.frontline.server.config.Settings;
import dev.frontline.server.kb.Editor;
import dev.frontline.server.kb.FaqHead;
import dev.frontline.server.kb.FaqQueries;
import dev.frontline.server.kb.FaqService;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FAQ entries for editors (CONTRACT section 3): create, read, edit, delete, list, versions, and
 * the review steps. Registered after the fixed {@code /api/faq/<word>} routes so that those win.
 */
final class FaqApi {
  /** May read the editor's side: editors, reviewers, supervisors, admins. */
  static final Role[] READERS = {Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN};
  /** May write entries. */
  static final Role[] WRITERS = {Role.EDITOR, Role.ADMIN};
  /** May try to publish: reviewers always, editors when review is off (checked by the service). */
  static final Role[] PUBLISHERS = {Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN};
  static final int MAX_PAGE_SIZE = 200;

  private final FaqService service;
  private final FaqQueries queries;
  private final Settings settings;

  FaqApi(FaqService service, FaqQueries queries, Settings settings) {
    this.service = service;
    this.queries = queries;
    this.settings = settings;
  }

  void register(Router r) {
    r.secured("GET", "/api/faq", this::list, READERS);
    r.secured("POST", "/api/faq", this::create, WRITERS);
    r.secured("GET", "/api/faq/{id}", this::get, READERS);
    r.secured("PUT", "/api/faq/{id}", this::update, WRITERS);
    r.secured("DELETE", "/api/faq/{id}", req -> remove(req, ChangeKind.DELETE), WRITERS);
    r.secured("POST", "/api/faq/{id}/archive", req -> remove(req, ChangeKind.ARCHIVE), WRITERS);
    r.secured("GET", "/api/faq/{id}/versions", this::versions, READERS);
    r.secured("POST", "/api/faq/{id}/submit", req -> step(req, Workflow.Step.SUBMIT), WRITERS);
    r.secured("POST", "/api/faq/{id}/publish", req -> step(req, Workflow.Step.PUBLISH), PUBLISHERS);
    r.secured("POST", "/api/faq/{id}/reject", req -> step(req, Workflow.Step.REJECT), PUBLISHERS);
  }

  private ApiResponse list(ApiRequest req) throws Exception {
    String status = req.query("status");
    if (status != null && !status.equals("live") && FaqStatus.parse(status) == null) {
      throw ApiException.invalid("status", "must be draft, review, published, archived, deleted or live");
    }
    int page = (int) Math.max(1, req.queryLong("page", 1));
    int size = (int) Math.min(MAX_PAGE_SIZE, Math.max(1, req.queryLong("size", 50)));
    FaqQueries.Page p = queries.list(new FaqQueries.Filter(status, blankToNull(req.query("category")),
        blankToNull(req.query("q")), page - 1, size));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entries", p.entries().stream().map(FaqViews::entry).toList());
    m.put("total", p.total());
    m.put("page", page);
    m.put("size", size);
    m.put("review", settings.faqReview());
    return ApiResponse.ok(m);
  }

  private ApiResponse create(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    String id = Fields.optionalString(b, "id", FaqIds.MAX);
    if (id != null) {
      checkId(id);
    }
    FaqContent content = FaqViews.content(b, null);
    FaqHead h = service.create(Editor.of(req.principal()), id, content, ChangeKind.CREATE, false, null, null);
    return ApiResponse.created(FaqViews.written(h));
  }

  private ApiResponse get(ApiRequest req) throws Exception {
    FaqHead h = found(req.param("id"));
    Map<String, Object> m = FaqViews.entry(h);
    if (h.live() && h.publishedVersion() != h.version()) {
      var live = queries.version(h.id(), h.publishedVersion());
      if (live != null) {
        m.put("published", FaqViews.content(live.content()));
      }
    }
    return ApiResponse.ok(m);
  }

  private ApiResponse update(ApiRequest req) throws Exception {
    FaqHead before = found(req.param("id"));
    ObjectNode b = req.json();
    FaqContent content = FaqViews.content(b, before.content());
    Integer base = b.hasNonNull("baseVersion") ? Fields.requiredInt(b, "baseVersion", 1, Integer.MAX_VALUE) : null;
    FaqHead h = service.edit(Editor.of(req.principal()), before.id(), content, base,
        Fields.optionalString(b, "note", 1000), null);
    return ApiResponse.ok(FaqViews.entry(h));
  }

  private ApiResponse remove(ApiRequest req, ChangeKind kind) throws Exception {
    FaqHead h = service.remove(Editor.of(req.principal()), found(req.param("id")).id(), kind);
    return ApiResponse.ok(FaqViews.written(h));
  }

  private ApiResponse versions(ApiRequest req) throws Exception {
    FaqHead h = found(req.param("id"));
    return ApiResponse.ok(Map.of("id", h.id(), "versions", queries.versions(h.id()).stream().map(FaqViews::version)
        .toList()));
  }

  private ApiResponse step(ApiRequest req, Workflow.Step step) throws Exception {
    String note = null;
    if (req.body().length > 0) {
      note = Fields.optionalString(req.json(), "note", 1000);
    }
    FaqHead h = service.step(Editor.of(req.principal()), found(req.param("id")).id(), step, note);
    return ApiResponse.ok(FaqViews.entry(h));
  }

  private FaqHead found(String id) throws Exception {
    FaqHead h = id == null ? null : queries.head(id);
    if (h == null) {
      throw ApiException.notFound("FAQ entry '" + id + "'");
    }
    return h;
  }

  static void checkId(String id) {
    if (!FaqIds.valid(id)) {
      throw ApiException.invalid("id", "must be 1 to 64 letters, digits, _ . : @ - and not an API word");
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

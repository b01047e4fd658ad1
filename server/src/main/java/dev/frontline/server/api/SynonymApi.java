package dev.frontline.server.api;

import dev.frontline.server.kb.BotFeed;
import dev.frontline.server.kb.SynonymStore;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import java.util.Map;

/**
 * Synonym sets (流量 / 数据流量): editors manage them; every change re-expands the bot's entries
 * at once (see {@link dev.frontline.knowledge.synonyms.SynonymExpander}). Synonyms are a matching
 * aid, not content, so they take effect without review.
 */
final class SynonymApi {
  private final SynonymStore store;
  private final BotFeed feed;

  SynonymApi(SynonymStore store, BotFeed feed) {
    this.store = store;
    this.feed = feed;
  }

  void register(Router r) {
    r.secured("GET", "/api/faq/synonyms", req -> ApiResponse.ok(Map.of("synonyms", store.list())), FaqApi.READERS);
    r.secured("POST", "/api/faq/synonyms", this::create, FaqApi.WRITERS);
    r.secured("PUT", "/api/faq/synonyms/{id}", this::update, FaqApi.WRITERS);
    r.secured("DELETE", "/api/faq/synonyms/{id}", this::delete, FaqApi.WRITERS);
  }

  private ApiResponse create(ApiRequest req) throws Exception {
    var set = store.create(Fields.stringList(req.json(), "terms", 100, 100), req.principal().displayName());
    feed.synonymsChanged();
    return ApiResponse.created(set);
  }

  private ApiResponse update(ApiRequest req) throws Exception {
    var set = store.update(id(req), Fields.stringList(req.json(), "terms", 100, 100), req.principal().displayName());
    feed.synonymsChanged();
    return ApiResponse.ok(set);
  }

  private ApiResponse delete(ApiRequest req) throws Exception {
    long id = id(req);
    store.delete(id, req.principal().displayName());
    feed.synonymsChanged();
    return ApiResponse.ok(Map.of("id", id, "deleted", true));
  }

  private static long id(ApiRequest req) {
    try {
      return Long.parseLong(req.param("id"));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("synonym set " + req.param("id"));
    }
  }
}

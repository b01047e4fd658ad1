package dev.frontline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.InvalidContentException;
import dev.frontline.server.kb.FaqHead;
import dev.frontline.server.kb.FaqVersion;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.Fields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the knowledge API: entries, versions, and entry content read from a body. */
final class FaqViews {
  private FaqViews() {}

  /** An entry for the editor: its latest version's content and status, and what is live. */
  static Map<String, Object> entry(FaqHead h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", h.id());
    m.put("status", h.status().wire());
    m.put("version", h.version());
    m.put("publishedVersion", h.publishedVersion());
    m.put("live", h.live());
    m.put("change", h.kind().wire());
    m.putAll(content(h.content()));
    m.put("createdAt", h.createdAt());
    m.put("updatedAt", h.updatedAt());
    m.put("updatedBy", h.updatedBy());
    m.put("clicks", h.clicks());
    m.put("helpful", h.helpful());
    m.put("unhelpful", h.unhelpful());
    return m;
  }

  static Map<String, Object> content(FaqContent c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("question", c.question());
    m.put("similar", c.similar());
    m.put("answer", c.answer());
    m.put("imageUrl", c.imageUrl());
    m.put("category", c.category());
    m.put("tags", c.tags());
    m.put("channels", c.channels());
    m.put("validFrom", c.validFrom());
    m.put("validUntil", c.validUntil());
    return m;
  }

  static Map<String, Object> version(FaqVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", v.version());
    m.put("status", v.status().wire());
    m.put("change", v.kind().wire());
    m.putAll(content(v.content()));
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("id", v.authorId());
    author.put("name", v.authorName());
    m.put("author", author);
    m.put("createdAt", v.createdAt());
    m.put("note", v.note());
    return m;
  }

  /** The short answer of a write: {@code {"id","status","version","live"}}. */
  static Map<String, Object> written(FaqHead h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", h.id());
    m.put("status", h.status().wire());
    m.put("version", h.version());
    m.put("live", h.live());
    return m;
  }

  /**
   * Entry content from a body: {@code question} required, the rest optional. With {@code base},
   * absent fields keep the base's value (a partial PUT).
   */
  static FaqContent content(JsonNode b, FaqContent base) {
    try {
      return new FaqContent(
          base == null || b.hasNonNull("question") ? Fields.requiredText(b, "question", FaqContent.MAX_QUESTION)
              : base.question(),
          list(b, "similar", FaqContent.MAX_SIMILAR, FaqContent.MAX_SIMILAR_CHARS, base == null ? null : base.similar()),
          string(b, "answer", FaqContent.MAX_ANSWER, base == null ? null : base.answer()),
          string(b, "imageUrl", FaqContent.MAX_IMAGE_URL, base == null ? null : base.imageUrl()),
          string(b, "category", FaqContent.MAX_CATEGORY, base == null ? null : base.category()),
          list(b, "tags", FaqContent.MAX_TAGS, FaqContent.MAX_TAG, base == null ? null : base.tags()),
          list(b, "channels", FaqContent.MAX_CHANNELS, FaqContent.MAX_CHANNEL, base == null ? null : base.channels()),
          time(b, "validFrom", base == null ? null : base.validFrom()),
          time(b, "validUntil", base == null ? null : base.validUntil()));
    } catch (InvalidContentException e) {
      throw new ApiException(ErrorCode.INVALID_FIELD, e.getMessage());
    }
  }

  private static String string(JsonNode b, String name, int max, String fallback) {
    return b.has(name) ? Fields.optionalString(b, name, max) : fallback;
  }

  private static List<String> list(JsonNode b, String name, int maxItems, int maxChars, List<String> fallback) {
    return b.has(name) ? Fields.stringList(b, name, maxItems, maxChars) : fallback;
  }

  private static Long time(JsonNode b, String name, Long fallback) {
    if (!b.has(name)) {
      return fallback;
    }
    return b.get(name).isNull() ? null : Fields.optionalLong(b, name, 0);
  }

  /** A required nested object. */
  static ObjectNode object(JsonNode b, String name) {
    ObjectNode o = Fields.optionalObject(b, name);
    if (o == null) {
      throw ApiException.missing(name);
    }
    return o;
  }
}

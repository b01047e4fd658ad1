package dev.frontline.server.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import dev.frontline.server.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A proactive-message rule: when every condition holds for a visitor, the widget shows the
 * action, at most once per rule, visitor and day. Conditions left out always hold.
 *
 * @param urlPattern the current page's URL, with {@code *} matching anything ({@link Glob})
 * @param minSecondsOnPage time on the current page
 * @param minVisits at least this many visits (a visit is a return after 30 minutes away)
 * @param returning true: only visitors who were here before; false: only first-timers
 * @param seenPattern with {@code seenDays} and {@code seenMin}: pages matching it seen at least
 *     {@code seenMin} times in the last {@code seenDays} days
 * @param minPastChats at least this many past conversations with an agent
 * @param maxPastChats at most this many (0: only visitors who never chatted)
 * @param attrs attributes the page passed in the widget's identity that must be equal (e.g.
 *     {@code "star": "5"}): not covered by the identity's signature, so a visitor can set them
 * @param verifiedAttrs attributes the host site's server set for the customer
 *     ({@code PUT /api/customers/{id}/profile}) that must be equal: only a verified customer has them
 * @param action what to show: {@code type} greeting, faq, link or offer_human, with {@code text},
 *     {@code faqId}, {@code url}, {@code label}
 */
public record ProactiveRule(String id, String name, boolean enabled, int priority, String urlPattern,
    int minSecondsOnPage, int minVisits, Boolean returning, String seenPattern, int seenDays, int seenMin,
    Integer minPastChats, Integer maxPastChats, Map<String, String> attrs, Map<String, String> verifiedAttrs,
    ObjectNode action) {

  static final Set<String> ACTIONS = Set.of("greeting", "faq", "link", "offer_human");

  public ProactiveRule {
    attrs = attrs == null ? Map.of() : Map.copyOf(attrs);
    verifiedAttrs = verifiedAttrs == null ? Map.of() : Map.copyOf(verifiedAttrs);
  }

  /** A rule without conditions on verified attributes. */
  public ProactiveRule(String id, String name, boolean enabled, int priority, String urlPattern, int minSecondsOnPage,
      int minVisits, Boolean returning, String seenPattern, int seenDays, int seenMin, Integer minPastChats,
      Integer maxPastChats, Map<String, String> attrs, ObjectNode action) {
    this(id, name, enabled, priority, urlPattern, minSecondsOnPage, minVisits, returning, seenPattern, seenDays, seenMin,
        minPastChats, maxPastChats, attrs, Map.of(), action);
  }

  /** Reads and validates a rule from the API's JSON; 400 naming the bad field otherwise. */
  public static ProactiveRule fromJson(String id, JsonNode b) {
    String name = Fields.requiredText(b, "name", 128);
    JsonNode c = b.get("conditions");
    if (c == null || c.isNull()) {
      c = Json.object();
    } else if (!c.isObject()) {
      throw ApiException.invalid("conditions", "must be an object");
    }
    ObjectNode a = Fields.optionalObject(b, "action");
    if (a == null) {
      throw ApiException.missing("action");
    }
    String type = Fields.requiredText(a, "type", 16);
    if (!ACTIONS.contains(type)) {
      throw ApiException.invalid("action.type", "must be greeting, faq, link or offer_human");
    }
    ObjectNode action = Json.object();
    action.put("type", type);
    putIf(action, "text", Fields.optionalString(a, "text", 1000));
    putIf(action, "faqId", Fields.optionalString(a, "faqId", 64));
    putIf(action, "url", Fields.optionalString(a, "url", 2048));
    putIf(action, "label", Fields.optionalString(a, "label", 128));
    if (type.equals("faq") && !action.has("faqId")) {
      throw ApiException.missing("action.faqId");
    }
    if (type.equals("link") && !action.has("url")) {
      throw ApiException.missing("action.url");
    }
    if ((type.equals("greeting") || type.equals("offer_human")) && !action.has("text")) {
      throw ApiException.missing("action.text");
    }
    if (action.has("url") && !action.get("url").asText().matches("(?i)https?://.+")) {
      throw ApiException.invalid("action.url", "must be an http(s) URL");
    }
    JsonNode seen = c.get("pagesSeen");
    String seenPattern = null;
    int seenDays = 0;
    int seenMin = 0;
    if (seen != null && !seen.isNull()) {
      seenPattern = Fields.requiredText(seen, "pattern", 512);
      seenDays = Fields.optionalInt(seen, "days", 7, 1, 365);
      seenMin = Fields.optionalInt(seen, "min", 1, 1, 1000);
    }
    Map<String, String> attrs = strings(Fields.optionalObject(c, "attrs"));
    Map<String, String> verifiedAttrs = strings(Fields.optionalObject(c, "verifiedAttrs"));
    JsonNode ret = c.get("returning");
    return new ProactiveRule(id, name, Fields.optionalBoolean(b, "enabled", true), Fields.optionalInt(b, "priority", 0,
        -1000, 1000), Fields.optionalString(c, "urlPattern", 512), Fields.optionalInt(c, "minSecondsOnPage", 0, 0, 86_400),
        Fields.optionalInt(c, "minVisits", 0, 0, 100_000), ret == null || ret.isNull() ? null : ret.asBoolean(),
        seenPattern, seenDays, seenMin, c.hasNonNull("minPastChats") ? Fields.requiredInt(c, "minPastChats", 0, 100_000)
            : null, c.hasNonNull("maxPastChats") ? Fields.requiredInt(c, "maxPastChats", 0, 100_000) : null, attrs,
        verifiedAttrs, action);
  }

  private static Map<String, String> strings(ObjectNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    if (node != null) {
      node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return m;
  }

  private static void putIf(ObjectNode o, String k, String v) {
    if (v != null && !v.isBlank()) {
      o.put(k, v);
    }
  }

  /** The rule as the API shows it. */
  public Map<String, Object> view() {
    Map<String, Object> cond = new LinkedHashMap<>();
    cond.put("urlPattern", urlPattern);
    cond.put("minSecondsOnPage", minSecondsOnPage);
    cond.put("minVisits", minVisits);
    cond.put("returning", returning);
    cond.put("pagesSeen", seenPattern == null ? null : Map.of("pattern", seenPattern, "days", seenDays, "min", seenMin));
    cond.put("minPastChats", minPastChats);
    cond.put("maxPastChats", maxPastChats);
    cond.put("attrs", attrs);
    cond.put("verifiedAttrs", verifiedAttrs);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("enabled", enabled);
    m.put("priority", priority);
    m.put("conditions", cond);
    m.put("action", action);
    return m;
  }
}

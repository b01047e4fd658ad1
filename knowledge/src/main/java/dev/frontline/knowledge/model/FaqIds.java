package dev.frontline.knowledge.model;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Entry ids: kept from imports, made up otherwise. An id is 1 to 64 letters, digits, {@code _ .
 * : @ -} (so it can stand in a URL path as it is), and not a word the API uses after
 * {@code /api/faq/}.
 */
public final class FaqIds {
  public static final int MAX = 64;
  private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}_.:@-]{1," + MAX + "}");
  /** Path words of the FAQ API that cannot be ids. */
  public static final Set<String> RESERVED = Set.of("import", "export", "synonyms", "unanswered", "suggestions",
      "proposals", "preview");

  private FaqIds() {}

  /** Whether {@code id} may name an entry. */
  public static boolean valid(String id) {
    return id != null && ID.matcher(id).matches() && !RESERVED.contains(id);
  }

  /** Returns {@code id} when valid; throws {@link InvalidContentException} otherwise. */
  public static String check(String id) {
    if (!valid(id)) {
      throw new InvalidContentException("id", "must be 1 to " + MAX + " letters, digits, _ . : @ - (and not one of "
          + String.join(", ", RESERVED.stream().sorted().toList()) + ")");
    }
    return id;
  }
}

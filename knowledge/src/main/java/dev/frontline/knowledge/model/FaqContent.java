package dev.frontline.knowledge.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What an editor writes for one FAQ entry, as one version holds it. Immutable; the compact
 * constructor trims, drops blank and repeated phrasings, and rejects content that breaks a limit
 * with an {@link IllegalArgumentException} naming the field.
 *
 * @param question the standard question
 * @param similar other phrasings of the same question (no blanks, no repeats, question excluded)
 * @param answer plain text with links; may be empty only in a draft
 * @param imageUrl an optional picture shown with the answer; null when none
 * @param category free-form category (self-service panel, menu), may be empty
 * @param tags free-form labels for editors
 * @param channels where the entry applies ({@code web}, {@code app}, {@code wechat}...), lower
 *     case; empty means every channel
 * @param validFrom epoch ms from which the entry may be answered; null: no start
 * @param validUntil epoch ms from which it may no longer be answered; null: no end
 */
public record FaqContent(
    String question,
    List<String> similar,
    String answer,
    String imageUrl,
    String category,
    List<String> tags,
    List<String> channels,
    Long validFrom,
    Long validUntil) {

  public static final int MAX_QUESTION = 1000;
  public static final int MAX_SIMILAR = 200;
  public static final int MAX_SIMILAR_CHARS = 500;
  public static final int MAX_ANSWER = 8000;
  public static final int MAX_IMAGE_URL = 2048;
  public static final int MAX_CATEGORY = 128;
  public static final int MAX_TAGS = 20;
  public static final int MAX_TAG = 64;
  public static final int MAX_CHANNELS = 10;
  public static final int MAX_CHANNEL = 16;

  public FaqContent {
    Objects.requireNonNull(question, "question");
    question = question.strip();
    check(!question.isEmpty(), "question", "must not be empty");
    check(question.length() <= MAX_QUESTION, "question", "is longer than " + MAX_QUESTION + " characters");
    similar = phrasings(question, similar);
    answer = answer == null ? "" : answer.strip();
    check(answer.length() <= MAX_ANSWER, "answer", "is longer than " + MAX_ANSWER + " characters");
    imageUrl = imageUrl == null || imageUrl.isBlank() ? null : imageUrl.strip();
    check(imageUrl == null || (imageUrl.length() <= MAX_IMAGE_URL && isHttp(imageUrl)), "imageUrl",
        "must be an http(s) URL of at most " + MAX_IMAGE_URL + " characters");
    category = category == null ? "" : category.strip();
    check(category.length() <= MAX_CATEGORY, "category", "is longer than " + MAX_CATEGORY + " characters");
    tags = labels(tags, "tags", MAX_TAGS, MAX_TAG, false);
    channels = labels(channels, "channels", MAX_CHANNELS, MAX_CHANNEL, true);
    check(channels.stream().allMatch(c -> c.matches("[a-z0-9_-]+")), "channels",
        "may hold lower-case letters, digits, _ and - only");
    check(validFrom == null || validUntil == null || validFrom < validUntil, "validUntil",
        "must be after validFrom");
  }

  /** Content as the datasets carry it: question, similar, answer, category; nothing else. */
  public static FaqContent basic(String question, List<String> similar, String answer, String category) {
    return new FaqContent(question, similar, answer, null, category, List.of(), List.of(), null, null);
  }

  /** The content of a bot entry (no image, tags, channels or validity). */
  public static FaqContent of(FaqEntry e) {
    return basic(e.question(), e.similar(), e.answer(), e.category());
  }

  /** What the bot indexes and answers with. */
  public FaqEntry toEntry(String id) {
    return new FaqEntry(id, question, similar, answer, category);
  }

  /** Whether the entry may be answered at {@code now} (epoch ms). */
  public boolean validAt(long now) {
    return (validFrom == null || now >= validFrom) && (validUntil == null || now < validUntil);
  }

  /** Whether the entry applies to {@code channel}; a null channel matches everything. */
  public boolean inChannel(String channel) {
    return channel == null || channels.isEmpty() || channels.contains(channel.toLowerCase(Locale.ROOT));
  }

  /** The same content with more similar phrasings appended (repeats dropped). */
  public FaqContent withMoreSimilar(List<String> more) {
    List<String> all = new ArrayList<>(similar);
    all.addAll(more);
    return new FaqContent(question, all, answer, imageUrl, category, tags, channels, validFrom, validUntil);
  }

  private static List<String> phrasings(String question, List<String> similar) {
    if (similar == null) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : similar) {
      if (s == null || s.isBlank()) {
        continue;
      }
      String t = s.strip();
      check(t.length() <= MAX_SIMILAR_CHARS, "similar", "has a phrasing longer than " + MAX_SIMILAR_CHARS
          + " characters");
      if (!t.equals(question)) {
        out.add(t);
      }
    }
    check(out.size() <= MAX_SIMILAR, "similar", "has more than " + MAX_SIMILAR + " phrasings");
    return List.copyOf(out);
  }

  private static List<String> labels(List<String> in, String field, int maxItems, int maxChars, boolean lower) {
    if (in == null) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : in) {
      if (s == null || s.isBlank()) {
        continue;
      }
      String t = lower ? s.strip().toLowerCase(Locale.ROOT) : s.strip();
      check(t.length() <= maxChars, field, "has an item longer than " + maxChars + " characters");
      out.add(t);
    }
    check(out.size() <= maxItems, field, "has more than " + maxItems + " items");
    return List.copyOf(out);
  }

  private static boolean isHttp(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    return (u.startsWith("http://") || u.startsWith("https://")) && u.length() > 8 && u.chars().noneMatch(c -> c <= ' ');
  }

  private static void check(boolean ok, String field, String problem) {
    if (!ok) {
      throw new InvalidContentException(field, problem);
    }
  }
}

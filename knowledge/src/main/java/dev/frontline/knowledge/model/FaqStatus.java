package dev.frontline.knowledge.model;

import java.util.Locale;

/**
 * Where an entry, or one version of it, stands. An entry's status is its latest version's:
 * {@code draft -> review -> published}, or {@code archived} / {@code deleted} once such a change
 * is published. A version replaced by a newer one (published or pending) is {@code superseded}.
 */
public enum FaqStatus {
  DRAFT,
  REVIEW,
  PUBLISHED,
  ARCHIVED,
  DELETED,
  SUPERSEDED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Waiting for someone who may review: a draft or a version submitted for review. */
  public boolean pending() {
    return this == DRAFT || this == REVIEW;
  }

  /** Parses a wire name; null when unknown. */
  public static FaqStatus parse(String s) {
    for (FaqStatus v : values()) {
      if (v.wire().equals(s)) {
        return v;
      }
    }
    return null;
  }
}

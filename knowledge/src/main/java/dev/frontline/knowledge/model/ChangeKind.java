package dev.frontline.knowledge.model;

import java.util.Locale;

/** What a version changes: the content (create, edit, import, proposal) or the entry's life (archive, delete). */
public enum ChangeKind {
  CREATE,
  EDIT,
  IMPORT,
  PROPOSAL,
  ARCHIVE,
  DELETE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether publishing this change takes the entry out of the bot (archive, delete). */
  public boolean removes() {
    return this == ARCHIVE || this == DELETE;
  }

  /** The status an entry has once this change is published. */
  public FaqStatus publishedStatus() {
    return switch (this) {
      case ARCHIVE -> FaqStatus.ARCHIVED;
      case DELETE -> FaqStatus.DELETED;
      default -> FaqStatus.PUBLISHED;
    };
  }

  /** Parses a wire name; null when unknown. */
  public static ChangeKind parse(String s) {
    for (ChangeKind v : values()) {
      if (v.wire().equals(s)) {
        return v;
      }
    }
    return null;
  }
}

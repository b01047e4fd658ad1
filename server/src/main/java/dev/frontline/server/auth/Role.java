package dev.frontline.server.auth;

import java.util.Locale;

/**
 * What a user may do. {@code reviewer} is an extra role for an editor: it may publish drafts
 * (admins and supervisors may too).
 */
public enum Role {
  ADMIN,
  SUPERVISOR,
  AGENT,
  EDITOR,
  REVIEWER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; null when unknown. */
  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) {
        return r;
      }
    }
    return null;
  }
}

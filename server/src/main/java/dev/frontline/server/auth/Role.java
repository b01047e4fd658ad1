package dev.frontline.server.auth;

import java.util.Locale;

/** What a user may do. */
public enum Role {
  ADMIN,
  SUPERVISOR,
  AGENT,
  EDITOR;

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

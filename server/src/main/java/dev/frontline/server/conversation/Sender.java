package dev.frontline.server.conversation;

import java.util.Locale;

/** Who wrote a conversation message. */
public enum Sender {
  VISITOR,
  AGENT,
  BOT,
  SYSTEM;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  public static Sender fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}

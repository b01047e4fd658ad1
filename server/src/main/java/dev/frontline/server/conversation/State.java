package dev.frontline.server.conversation;

import java.util.Locale;

/** Where a conversation is: with the bot, waiting for a person, with a person, or over. */
public enum State {
  BOT,
  QUEUED,
  ASSIGNED,
  CLOSED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  public static State fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}

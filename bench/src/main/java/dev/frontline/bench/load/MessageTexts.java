package dev.frontline.bench.load;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The text of each chat message. A {@code --text} without {@code {n}} is sent as is, every time
 * (the bot's answer cache serves it after the first). With {@code {n}}, every message is
 * distinct: {@code {n}} becomes a number no other message of the run carries, and alternatives
 * separated by {@code " || "} are used in turn (questions the bot answers, suggests or misses).
 * Works on the JSON tail {@link Frames#sendTail} built, so a constant text costs nothing per
 * message; one instance per event loop, not thread-safe.
 */
final class MessageTexts {
  private static final String PLACEHOLDER = "{n}";
  private static final String TEXT_START = "\",\"text\":\"";
  private static final String TEXT_END = "\"}";

  private final String constant;
  private final String[] alternatives;
  private final long base;
  private long next;

  private MessageTexts(String constant, String[] alternatives, long base) {
    this.constant = constant;
    this.alternatives = alternatives;
    this.base = base;
  }

  /** From the tail of a send frame ({@link Frames#sendTail}). */
  static MessageTexts fromTail(String tail) {
    if (tail == null || !tail.contains(PLACEHOLDER) || !tail.startsWith(TEXT_START) || !tail.endsWith(TEXT_END)) {
      return new MessageTexts(tail, null, 0);
    }
    String body = tail.substring(TEXT_START.length(), tail.length() - TEXT_END.length());
    // A random block per event loop, so that workers (separate JVMs) do not repeat each other's numbers.
    long base = ThreadLocalRandom.current().nextLong(1_000_000) * 100_000_000L;
    return new MessageTexts(null, body.split(" \\|\\| "), base);
  }

  /** The tail of the next message's send frame. */
  String nextTail() {
    if (alternatives == null) {
      return constant;
    }
    long n = next++;
    String text = alternatives[(int) (n % alternatives.length)].replace(PLACEHOLDER, Long.toString(base + n));
    return TEXT_START + text + TEXT_END;
  }
}

package dev.frontline.bot;

/**
 * What the conversation knows that the decision depends on.
 *
 * @param consecutiveMisses how many of the visitor's previous questions in a row the bot could
 *     not answer (suggest or no match); the second miss in a row hands off
 */
public record BotContext(int consecutiveMisses) {
  public static final BotContext NONE = new BotContext(0);

  public BotContext {
    if (consecutiveMisses < 0) {
      throw new IllegalArgumentException("consecutiveMisses must be >= 0");
    }
  }
}

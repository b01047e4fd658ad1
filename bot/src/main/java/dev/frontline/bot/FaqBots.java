package dev.frontline.bot;

/** Creates FAQ bots. */
public final class FaqBots {
  private FaqBots() {}

  /** A Lucene-backed bot with no entries yet; feed it with {@link FaqBot#replaceAll}. */
  public static FaqBot create(BotConfig config) {
    return new LuceneFaqBot(config);
  }
}

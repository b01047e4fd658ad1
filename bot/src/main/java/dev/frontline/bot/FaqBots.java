package dev.frontline.bot;

/** Creates FAQ bots. */
public final class FaqBots {
  private FaqBots() {}

  /** A Lucene-backed bot with no entries yet; feed it with {@link FaqBot#replaceAll}. */
  public static FaqBot create(BotConfig config) {
    return new LuceneFaqBot(config);
  }

  /**
   * The server's bot: Chinese and English entries each matched with their own language's
   * embedding model (when {@code dense}) fused with BM25, questions routed by their language.
   */
  public static FaqBot bilingual(BotConfig base, boolean dense) {
    return new BilingualFaqBot(base, dense);
  }
}

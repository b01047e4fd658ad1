package dev.frontline.server.kb;

import dev.frontline.knowledge.model.FaqEntry;
import dev.frontline.server.conversation.KnowledgeHooks;
import dev.frontline.server.store.Journal;

/** The knowledge base as conversations see it: memory lookups and journal writes, nothing blocking. */
public final class KbHooks implements KnowledgeHooks {
  private final BotFeed feed;
  private final MissLog misses;
  private final Journal journal;

  public KbHooks(BotFeed feed, MissLog misses, Journal journal) {
    this.feed = feed;
    this.misses = misses;
    this.journal = journal;
  }

  @Override
  public FaqEntry live(String faqId) {
    return feed.live(faqId);
  }

  @Override
  public boolean serves(String faqId, String channel) {
    return feed.serves(faqId, channel);
  }

  @Override
  public void clicked(String faqId) {
    journal.submit(Counters.click(faqId));
  }

  @Override
  public void unanswered(String question, String decision, String reason, String faqId, double score) {
    misses.record(question, decision, reason, faqId, score);
  }
}

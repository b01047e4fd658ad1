package dev.frontline.server.conversation;

import dev.frontline.knowledge.model.FaqEntry;

/**
 * What conversations need from the knowledge base. Every method is called on a conversation's
 * owner thread and must not block: lookups read memory, writes go to a journal.
 */
public interface KnowledgeHooks {

  /** The published entry a visitor may pick now, or null. */
  FaqEntry live(String faqId);

  /** Whether an entry may be offered on {@code channel} (its channel scope); true for unknown entries. */
  boolean serves(String faqId, String channel);

  /** Counts a visitor's click on an entry (a pick in chat). */
  void clicked(String faqId);

  /** Logs a question the bot handed off or was unsure of, without the visitor. */
  void unanswered(String question, String decision, String reason, String faqId, double score);

  /** No knowledge base: nothing to pick, nothing logged. */
  KnowledgeHooks NONE = new KnowledgeHooks() {
    @Override
    public FaqEntry live(String faqId) {
      return null;
    }

    @Override
    public boolean serves(String faqId, String channel) {
      return true;
    }

    @Override
    public void clicked(String faqId) {}

    @Override
    public void unanswered(String question, String decision, String reason, String faqId, double score) {}
  };
}

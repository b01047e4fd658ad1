package dev.frontline.server.kb;

import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqStatus;

/**
 * An entry as the editor sees it: its latest version's content and status, which version is live,
 * and the self-service counters.
 *
 * @param version the latest version number
 * @param publishedVersion the version visitors see, or null when nothing is live
 * @param kind what the latest version changes
 */
public record FaqHead(String id, FaqStatus status, int version, Integer publishedVersion, ChangeKind kind,
    FaqContent content, long createdAt, long updatedAt, String updatedBy, long clicks, long helpful,
    long unhelpful) {

  /** Whether a published version is live (answered by the bot, listed for visitors). */
  public boolean live() {
    return publishedVersion != null;
  }

  /** Whether the latest version waits for a reviewer. */
  public boolean pending() {
    return status.pending();
  }
}

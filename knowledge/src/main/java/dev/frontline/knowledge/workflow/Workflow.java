package dev.frontline.knowledge.workflow;

import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqStatus;

/**
 * The review rules, without storage: what status a new version gets and which steps a pending
 * version may take.
 *
 * <ul>
 *   <li>Someone who may review (admin, supervisor, reviewer) publishes with every write.
 *   <li>With review switched off, every writer does.
 *   <li>Otherwise a write is a draft; the published version stays live until the draft is
 *       published.
 *   <li>Archiving or deleting an entry that is not live takes effect at once: visitors see no
 *       change.
 *   <li>A proposal (an agent's entry from a chat answer) is always a draft.
 * </ul>
 */
public final class Workflow {

  /** Who acts: whether they may write entries and whether they may review (publish others' drafts). */
  public record Actor(boolean mayWrite, boolean mayReview) {}

  /** A step a pending version can take. */
  public enum Step {
    /** Draft to review: the writer asks for a review. */
    SUBMIT,
    /** Draft or review to published (or archived/deleted for such changes). */
    PUBLISH,
    /** Review back to draft, with a note. */
    REJECT
  }

  private Workflow() {}

  /**
   * The status of a new version.
   *
   * @param live whether the entry has a published version visitors see now
   */
  public static FaqStatus statusOfWrite(Actor actor, boolean reviewOn, ChangeKind kind, boolean live) {
    if (kind == ChangeKind.PROPOSAL) {
      return FaqStatus.DRAFT;
    }
    if (kind.removes() && !live) {
      return kind.publishedStatus();
    }
    return publishesAtOnce(actor, reviewOn) ? kind.publishedStatus() : FaqStatus.DRAFT;
  }

  /** Whether the actor's writes are published at once. */
  public static boolean publishesAtOnce(Actor actor, boolean reviewOn) {
    return actor.mayReview() || (!reviewOn && actor.mayWrite());
  }

  /** Whether the actor may publish a pending version. */
  public static boolean mayPublish(Actor actor, boolean reviewOn) {
    return publishesAtOnce(actor, reviewOn);
  }

  /**
   * Why a version in status {@code from} cannot take {@code step}, or null when it can.
   */
  public static String refusal(FaqStatus from, Step step) {
    return switch (step) {
      case SUBMIT -> from == FaqStatus.DRAFT ? null : "only a draft can be submitted for review (it is " + from.wire() + ")";
      case PUBLISH -> from.pending() ? null : "there is no draft or version under review to publish (it is "
          + from.wire() + ")";
      case REJECT -> from == FaqStatus.REVIEW ? null : "only a version under review can be rejected (it is "
          + from.wire() + ")";
    };
  }

  /** The status after a step that {@link #refusal} allowed. */
  public static FaqStatus after(Step step, ChangeKind kind) {
    return switch (step) {
      case SUBMIT -> FaqStatus.REVIEW;
      case PUBLISH -> kind.publishedStatus();
      case REJECT -> FaqStatus.DRAFT;
    };
  }
}

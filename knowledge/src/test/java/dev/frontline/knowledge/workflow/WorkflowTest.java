package dev.frontline.knowledge.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqStatus;
import dev.frontline.knowledge.workflow.Workflow.Actor;
import dev.frontline.knowledge.workflow.Workflow.Step;
import org.junit.jupiter.api.Test;

class WorkflowTest {
  private static final Actor EDITOR = new Actor(true, false);
  private static final Actor REVIEWING_EDITOR = new Actor(true, true);
  private static final Actor ADMIN = new Actor(true, true);
  private static final Actor SUPERVISOR = new Actor(false, true);

  @Test
  void withReviewOn_anEditorsWriteIsADraft_andAReviewersIsPublished() {
    assertEquals(FaqStatus.DRAFT, Workflow.statusOfWrite(EDITOR, true, ChangeKind.EDIT, true));
    assertEquals(FaqStatus.PUBLISHED, Workflow.statusOfWrite(ADMIN, true, ChangeKind.CREATE, false));
    assertEquals(FaqStatus.PUBLISHED, Workflow.statusOfWrite(REVIEWING_EDITOR, true, ChangeKind.IMPORT, false));
    assertEquals(FaqStatus.DELETED, Workflow.statusOfWrite(ADMIN, true, ChangeKind.DELETE, true));
  }

  @Test
  void withReviewOff_everyWriterPublishes() {
    assertEquals(FaqStatus.PUBLISHED, Workflow.statusOfWrite(EDITOR, false, ChangeKind.EDIT, true));
    assertEquals(FaqStatus.ARCHIVED, Workflow.statusOfWrite(EDITOR, false, ChangeKind.ARCHIVE, true));
    assertTrue(Workflow.mayPublish(EDITOR, false));
    assertFalse(Workflow.mayPublish(EDITOR, true));
    assertTrue(Workflow.mayPublish(SUPERVISOR, true));
  }

  @Test
  void removingAnEntryThatIsNotLive_takesEffectAtOnce() {
    assertEquals(FaqStatus.DELETED, Workflow.statusOfWrite(EDITOR, true, ChangeKind.DELETE, false));
    assertEquals(FaqStatus.DRAFT, Workflow.statusOfWrite(EDITOR, true, ChangeKind.DELETE, true));
  }

  @Test
  void proposals_areAlwaysDrafts() {
    assertEquals(FaqStatus.DRAFT, Workflow.statusOfWrite(ADMIN, false, ChangeKind.PROPOSAL, false));
  }

  @Test
  void steps_followDraftReviewPublished() {
    assertNull(Workflow.refusal(FaqStatus.DRAFT, Step.SUBMIT));
    assertNotNull(Workflow.refusal(FaqStatus.REVIEW, Step.SUBMIT));
    assertNull(Workflow.refusal(FaqStatus.DRAFT, Step.PUBLISH));
    assertNull(Workflow.refusal(FaqStatus.REVIEW, Step.PUBLISH));
    assertNotNull(Workflow.refusal(FaqStatus.PUBLISHED, Step.PUBLISH));
    assertNull(Workflow.refusal(FaqStatus.REVIEW, Step.REJECT));
    assertNotNull(Workflow.refusal(FaqStatus.DRAFT, Step.REJECT));
    assertEquals(FaqStatus.REVIEW, Workflow.after(Step.SUBMIT, ChangeKind.EDIT));
    assertEquals(FaqStatus.DELETED, Workflow.after(Step.PUBLISH, ChangeKind.DELETE));
    assertEquals(FaqStatus.DRAFT, Workflow.after(Step.REJECT, ChangeKind.EDIT));
  }
}

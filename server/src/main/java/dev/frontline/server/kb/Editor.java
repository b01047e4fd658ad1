package dev.frontline.server.kb;

import dev.frontline.knowledge.workflow.Workflow;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;

/**
 * Who changes the knowledge base, with what rights: editors and admins write; admins,
 * supervisors and reviewers review (publish).
 *
 * @param userId null for the system (start-up demo content)
 */
public record Editor(Long userId, String name, boolean mayWrite, boolean mayReview) {

  /** The demo bootstrap and other server-made content. */
  public static final Editor SYSTEM = new Editor(null, "system", true, true);

  public static Editor of(Principal p) {
    return new Editor(p.userId(), p.displayName(), p.has(Role.EDITOR) || p.has(Role.ADMIN),
        p.has(Role.ADMIN) || p.has(Role.SUPERVISOR) || p.has(Role.REVIEWER));
  }

  Workflow.Actor actor() {
    return new Workflow.Actor(mayWrite, mayReview);
  }
}

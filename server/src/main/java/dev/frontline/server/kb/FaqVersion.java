package dev.frontline.server.kb;

import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqStatus;

/**
 * One change of an entry.
 *
 * @param authorId the writer's user id; null for imports at start-up and older data
 * @param note why (rejection note, "proposed from conversation ...", "from unanswered group ...")
 */
public record FaqVersion(String entryId, int version, FaqStatus status, ChangeKind kind, FaqContent content,
    Long authorId, String authorName, long createdAt, String note) {}

package dev.frontline.knowledge.importer;

import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqIds;
import java.util.Objects;

/**
 * One entry as import and export files carry it.
 *
 * @param id the entry's id, kept on import; null when the file gives none (the server makes one)
 * @param content what the entry says
 */
public record FaqRecord(String id, FaqContent content) {
  public FaqRecord {
    if (id != null) {
      FaqIds.check(id);
    }
    Objects.requireNonNull(content, "content");
  }
}

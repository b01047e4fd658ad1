package dev.frontline.server.routing;

import java.util.Objects;

/**
 * One entry of the widget's menu: where it leads. {@code directToPerson} entries (purchases,
 * complaints, after-sales) go straight to a person of {@code groupId}; the others let the bot
 * answer first, from {@code faqCategory} when set.
 */
public record MenuEntry(String id, String label, String labelEn, int position, String groupId, String faqCategory,
    boolean directToPerson) {
  public MenuEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
  }
}

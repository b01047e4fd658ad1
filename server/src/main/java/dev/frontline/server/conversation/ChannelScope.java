package dev.frontline.server.conversation;

import dev.frontline.bot.BotReply;
import dev.frontline.bot.Decision;
import dev.frontline.bot.Suggestion;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps entries scoped to other channels out of a conversation: the bot matches over every
 * published entry, so a reply naming an entry meant only for, say, the app is narrowed here for a
 * web visitor. An answer from an out-of-scope entry becomes a "did you mean" of the in-scope
 * suggestions, or a no-match; out-of-scope suggestions are dropped. Hand-offs pass unchanged.
 */
final class ChannelScope {
  private ChannelScope() {}

  /** The reply with entries {@code serves} rejects removed. */
  static BotReply narrow(BotReply r, Predicate<String> serves) {
    if (r.decision() == Decision.HANDOFF) {
      return r;
    }
    List<Suggestion> kept = r.suggestions().stream().filter(s -> serves.test(s.faqId())).toList();
    if (r.decision() == Decision.ANSWER) {
      if (r.faqId() == null || serves.test(r.faqId())) {
        return r;
      }
      kept = kept.stream().filter(s -> !s.faqId().equals(r.faqId())).toList();
    } else if (kept.size() == r.suggestions().size()) {
      return r;
    }
    if (kept.isEmpty()) {
      return BotReply.handoff("no_match");
    }
    return new BotReply(Decision.SUGGEST, kept.get(0).faqId(), r.score(), null, kept, "unsure");
  }
}

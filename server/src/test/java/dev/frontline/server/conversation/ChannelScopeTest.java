package dev.frontline.server.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.frontline.bot.BotReply;
import dev.frontline.bot.Decision;
import dev.frontline.bot.Suggestion;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelScopeTest {
  private static final Set<String> WEB = Set.of("a", "b");

  private static BotReply answer(String id, List<Suggestion> s) {
    return new BotReply(Decision.ANSWER, id, 0.95, "answer of " + id, s, "matched");
  }

  @Test
  void inScopeReplies_passUnchanged() {
    BotReply r = answer("a", List.of());
    assertSame(r, ChannelScope.narrow(r, WEB::contains));
    BotReply h = BotReply.handoff("asked_for_person");
    assertSame(h, ChannelScope.narrow(h, WEB::contains));
  }

  @Test
  void anAnswerFromAnotherChannelsEntry_becomesASuggestionOfInScopeOnes_orANoMatch() {
    BotReply r = ChannelScope.narrow(answer("x", List.of(new Suggestion("x", "qx"), new Suggestion("b", "qb"))),
        WEB::contains);
    assertEquals(Decision.SUGGEST, r.decision());
    assertEquals("b", r.faqId());
    assertEquals(List.of(new Suggestion("b", "qb")), r.suggestions());
    BotReply none = ChannelScope.narrow(answer("x", List.of()), WEB::contains);
    assertEquals(Decision.HANDOFF, none.decision());
    assertEquals("no_match", none.reason());
  }

  @Test
  void outOfScopeSuggestions_areDropped() {
    BotReply s = new BotReply(Decision.SUGGEST, "x", 0.5, null,
        List.of(new Suggestion("x", "qx"), new Suggestion("a", "qa")), "unsure");
    BotReply r = ChannelScope.narrow(s, WEB::contains);
    assertEquals("a", r.faqId());
    assertEquals(1, r.suggestions().size());
  }
}

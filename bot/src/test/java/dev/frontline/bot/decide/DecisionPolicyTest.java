package dev.frontline.bot.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.Decision;
import dev.frontline.bot.match.Candidate;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionPolicyTest {

  private static final Thresholds T = new Thresholds(0.8, 0.4);
  private static final Map<String, FaqEntry> ENTRIES =
      Map.of(
          "a", new FaqEntry("a", "怎么查话费", List.of(), "发送CXHF到10001。", "话费"),
          "b", new FaqEntry("b", "怎么充值", List.of(), "在App充值。", "话费"),
          "c", new FaqEntry("c", "流量查询", List.of(), "发送CXLL。", "流量"),
          "d", new FaqEntry("d", "我要投诉", List.of(), "转投诉。", "投诉"));

  private final DecisionPolicy policy =
      new DecisionPolicy(new PersonRequests(List.of()), Set.of("投诉"));

  private static List<Candidate> ranked(double... scores) {
    String[] ids = {"a", "b", "c", "d"};
    return java.util.stream.IntStream.range(0, scores.length)
        .mapToObj(i -> new Candidate(ids[i], scores[i]))
        .toList();
  }

  private BotReply decide(List<Candidate> ranked, int misses) {
    return policy.decide(ranked, T, new BotContext(misses), ENTRIES::get);
  }

  @Test
  void confidentMatch_answersWithTheEntry() {
    BotReply r = decide(ranked(0.9, 0.5), 0);
    assertEquals(Decision.ANSWER, r.decision());
    assertEquals("a", r.faqId());
    assertEquals("matched", r.reason());
    assertEquals("发送CXHF到10001。", r.answer());
  }

  @Test
  void unsureMatch_suggestsTopThreeBestFirst() {
    BotReply r = decide(ranked(0.6, 0.5, 0.45, 0.41), 0);
    assertEquals(Decision.SUGGEST, r.decision());
    assertEquals("unsure", r.reason());
    assertEquals("a", r.faqId());
    assertEquals(List.of("a", "b", "c"), r.suggestions().stream().map(s -> s.faqId()).toList());
  }

  @Test
  void nothingAboveSuggestThreshold_handsOffAsNoMatch() {
    BotReply r = decide(ranked(0.2), 0);
    assertEquals(Decision.HANDOFF, r.decision());
    assertEquals("no_match", r.reason());
    assertEquals("a", r.faqId(), "the best guess goes with the hand-off");
    assertEquals(0.2, r.score(), 1e-9);
    assertNull(r.answer());
    assertNull(decide(List.of(), 0).faqId());
    assertEquals("repeated_miss", decide(List.of(), 1).reason(), "the second miss in a row");
    assertEquals(Decision.HANDOFF, decide(List.of(), 0).decision());
  }

  @Test
  void aMissThenAnotherUnsure_handsOffAsRepeatedMiss() {
    assertEquals(Decision.SUGGEST, decide(ranked(0.6), 0).decision());
    BotReply r = decide(ranked(0.6), 1);
    assertEquals(Decision.HANDOFF, r.decision());
    assertEquals("repeated_miss", r.reason());
    assertEquals("repeated_miss", decide(ranked(0.1), 3).reason());
  }

  @Test
  void missesThenAConfidentMatch_stillAnswers() {
    assertEquals(Decision.ANSWER, decide(ranked(0.95), 2).decision());
  }

  @Test
  void bestEntryInDirectCategory_handsOffDirectToPerson() {
    List<Candidate> r = List.of(new Candidate("d", 0.95), new Candidate("a", 0.5));
    BotReply reply = decide(r, 0);
    assertEquals(Decision.HANDOFF, reply.decision());
    assertEquals("direct_to_person", reply.reason());
    assertEquals("d", reply.faqId());
  }

  @Test
  void candidateDeletedSinceTheSnapshot_isSkipped() {
    List<Candidate> r = List.of(new Candidate("gone", 0.99), new Candidate("a", 0.85));
    assertEquals("a", decide(r, 0).faqId());
  }

  @Test
  void blankOrPersonRequest_isDecidedBeforeSearching() {
    assertEquals("empty", policy.beforeSearch("").reason());
    assertEquals("empty", policy.beforeSearch("  \n").reason());
    assertEquals("empty", policy.beforeSearch(null).reason());
    assertEquals("asked_for_person", policy.beforeSearch("转人工").reason());
    assertNull(policy.beforeSearch("人工智能是什么"));
  }
}

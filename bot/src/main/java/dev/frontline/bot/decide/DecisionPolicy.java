package dev.frontline.bot.decide;

import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.Decision;
import dev.frontline.bot.Suggestion;
import dev.frontline.bot.match.Candidate;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns ranked candidates into answer, suggest or hand-off. Every reply made after a search names
 * the best entry found as {@code faqId} with its confidence, hand-offs included; only a
 * hand-off before any search (blank, a request for a person) or with no candidate has none. Order of the rules: a request for a
 * person; no usable match (hand off, or {@code repeated_miss} on the second miss in a row); the
 * best entry's category routes straight to a person; confident (answer); otherwise unsure
 * (suggest, or {@code repeated_miss} on the second miss in a row).
 */
public final class DecisionPolicy {

  public static final String MATCHED = "matched";
  public static final String UNSURE = "unsure";
  public static final String ASKED_FOR_PERSON = "asked_for_person";
  public static final String DIRECT_TO_PERSON = "direct_to_person";
  public static final String NO_MATCH = "no_match";
  public static final String REPEATED_MISS = "repeated_miss";
  public static final String EMPTY = "empty";

  /**
   * Misses in a row before this question after which another miss hands off: the second miss in
   * a row goes to a person.
   */
  static final int MISSES_BEFORE_HANDOFF = 1;

  static final int SUGGESTIONS = 3;

  private final PersonRequests personRequests;
  private final Set<String> directCategories;

  public DecisionPolicy(PersonRequests personRequests, Set<String> directCategories) {
    this.personRequests = personRequests;
    this.directCategories = Set.copyOf(directCategories);
  }

  /** Checked before any search: blank input or a request for a person; null when neither. */
  public BotReply beforeSearch(String question) {
    if (question == null || question.isBlank()) {
      return BotReply.handoff(EMPTY);
    }
    if (personRequests.asksForPerson(question)) {
      return BotReply.handoff(ASKED_FOR_PERSON);
    }
    return null;
  }

  /**
   * Decides from candidates (best first) whose entries {@code entries} resolves; a candidate
   * whose entry was deleted since the snapshot is skipped.
   */
  public BotReply decide(
      List<Candidate> ranked,
      Thresholds thresholds,
      BotContext context,
      Function<String, FaqEntry> entries) {
    List<Candidate> live = new ArrayList<>(ranked.size());
    for (Candidate c : ranked) {
      if (entries.apply(c.faqId()) != null) {
        live.add(c);
      }
    }
    boolean repeated = context.consecutiveMisses() >= MISSES_BEFORE_HANDOFF;
    if (live.isEmpty()) {
      return BotReply.handoff(repeated ? REPEATED_MISS : NO_MATCH);
    }
    Candidate best = live.get(0);
    if (best.score() < thresholds.suggest()) {
      // Nothing fits well enough to offer; the best guess and its low confidence still go with
      // the hand-off, for the agent, the unanswered-question log and anyone measuring the ranking.
      return new BotReply(Decision.HANDOFF, best.faqId(), best.score(), null, List.of(),
          repeated ? REPEATED_MISS : NO_MATCH);
    }
    FaqEntry entry = entries.apply(best.faqId());
    if (directCategories.contains(entry.category())) {
      return new BotReply(
          Decision.HANDOFF, best.faqId(), best.score(), null, List.of(), DIRECT_TO_PERSON);
    }
    if (best.score() >= thresholds.answer()) {
      return new BotReply(
          Decision.ANSWER, best.faqId(), best.score(), entry.answer(), List.of(), MATCHED);
    }
    if (repeated) {
      return new BotReply(
          Decision.HANDOFF, best.faqId(), best.score(), null, List.of(), REPEATED_MISS);
    }
    return new BotReply(
        Decision.SUGGEST, best.faqId(), best.score(), null, suggestions(live, entries), UNSURE);
  }

  private static List<Suggestion> suggestions(
      List<Candidate> live, Function<String, FaqEntry> entries) {
    List<Suggestion> out = new ArrayList<>(SUGGESTIONS);
    for (Candidate c : live) {
      if (out.size() == SUGGESTIONS) {
        break;
      }
      out.add(new Suggestion(c.faqId(), entries.apply(c.faqId()).question()));
    }
    return out;
  }
}

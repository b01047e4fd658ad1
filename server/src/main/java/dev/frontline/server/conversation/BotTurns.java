package dev.frontline.server.conversation;

import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.server.conversation.ConversationService.Draft;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.routing.MenuEntry;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bot's side of a conversation: questions are answered one at a time, in order, on the
 * bot pool; the reply comes back to the owner thread and becomes a bot message, a "did you mean",
 * or a hand-off.
 */
final class BotTurns {
  private final ConversationService s;
  private final BotGateway bot;

  BotTurns(ConversationService s, BotGateway bot) {
    this.s = s;
    this.bot = bot;
  }

  /** A visitor's question waiting for its conversation's turn with the bot, and when it came (nanoTime). */
  record Question(String text, long askedNanos) {}

  /**
   * A conversation routing said nobody could take (no_agent) is not handed off again by the bot
   * for this long: the bot says it cannot help and that nobody is free, instead of a hand-off and
   * another no_agent for every question. A visitor who asks for a person is always handed off.
   */
  static final long NO_AGENT_QUIET_MS = 60_000;

  void question(Conversation c, String text) {
    c.botQuestions.add(new Question(text, System.nanoTime()));
    if (!c.botBusy) {
      next(c);
    }
  }

  private void next(Conversation c) {
    Question q = c.botQuestions.poll();
    if (q == null) {
      return;
    }
    c.botBusy = true;
    long asked = System.nanoTime();
    bot.ask(q.text(), new BotContext(c.consecutiveMisses)).whenCompleteAsync((outcome, err) -> {
      c.botBusy = false;
      if (!c.isOpen() || c.state != State.BOT) {
        c.botQuestions.clear();
        return;
      }
      if (err != null) {
        s.metrics.botQuestion("error", System.nanoTime() - asked);
        s.append(c, Draft.bot(Texts.botBusy(c.lang)), null, List.of(), ConversationService.NOTHING);
      } else if (outcome instanceof BotGateway.Outcome.Answered a) {
        s.metrics.botQuestion(a.reply().decision().wireName(), System.nanoTime() - asked);
        reply(c, q, ChannelScope.narrow(a.reply(), id -> s.knowledge.serves(id, c.channel)));
      } else if (outcome instanceof BotGateway.Outcome.Refused r) {
        refused(c, q, r.reason());
      }
      next(c);
    }, s.shards.of(c.visitorId));
  }

  /**
   * The bot could not take the question in time: the visitor hears so at once, as a bot message
   * (stored, seen on every device), and may ask again or ask for a person.
   */
  private void refused(Conversation c, Question q, String reason) {
    s.metrics.botDegraded(reason);
    Map<String, Object> asked = ConversationService.fields("text", q.text(), "decision", "degraded");
    asked.put("faqId", null);
    asked.put("reason", "bot_" + reason);
    s.trail.record(c.visitorId, "bot_question", c.id, asked);
    s.append(c, Draft.bot(Texts.botOverloaded(c.lang, !recentlyNoAgent(c))), null, List.of(),
        m -> s.metrics.botReply("degraded", System.nanoTime() - q.askedNanos()));
  }

  private boolean recentlyNoAgent(Conversation c) {
    return c.noAgentAt != 0 && s.clock.millis() - c.noAgentAt < NO_AGENT_QUIET_MS;
  }

  private void reply(Conversation c, Question q, BotReply r) {
    String question = q.text();
    Consumer<ChatMessage> timed = m -> s.metrics.botReply("answered", System.nanoTime() - q.askedNanos());
    Map<String, Object> asked = ConversationService.fields("text", question, "decision", r.decision().wireName());
    asked.put("faqId", r.faqId()); // CONTRACT 4 lists faqId as a field of bot_question: written even when null
    asked.putAll(ConversationService.fields("score", r.score(), "reason", r.reason()));
    s.trail.record(c.visitorId, "bot_question", c.id, asked);
    if (gap(r)) {
      s.knowledge.unanswered(question, r.decision().wireName(), r.reason(), r.faqId(), r.score());
    }
    switch (r.decision()) {
      case ANSWER -> {
        c.consecutiveMisses = 0;
        s.append(c, new Draft(Sender.BOT, r.answer(), null, null, null, r.faqId(), null), null, List.of(), timed);
      }
      case SUGGEST -> {
        c.consecutiveMisses++;
        List<ServerFrame.SuggestionView> views = r.suggestions().stream()
            .map(x -> new ServerFrame.SuggestionView(x.faqId(), x.question())).toList();
        s.append(c, new Draft(Sender.BOT, Texts.suggest(c.lang), null, null, null, r.faqId(), views), null, List.of(),
            timed);
      }
      case HANDOFF -> handoff(c, r, timed);
    }
  }

  /**
   * Whether the reply shows a gap in the knowledge base for the editors' unanswered list: the bot
   * was unsure or found nothing. Asking for a person, an empty message and a category that always
   * goes to a person are not gaps.
   */
  static boolean gap(BotReply r) {
    return switch (r.decision()) {
      case ANSWER -> false;
      case SUGGEST -> true;
      case HANDOFF -> !"asked_for_person".equals(r.reason()) && !"empty".equals(r.reason())
          && !"direct_to_person".equals(r.reason());
    };
  }

  private void handoff(Conversation c, BotReply r, Consumer<ChatMessage> timed) {
    if ("no_match".equals(r.reason()) && c.consecutiveMisses == 0) {
      // One miss: ask to rephrase; the second miss in a row hands off.
      c.consecutiveMisses = 1;
      s.append(c, Draft.bot(Texts.rephrase(c.lang)), null, List.of(), timed);
      return;
    }
    c.consecutiveMisses = 0;
    boolean wanted = "asked_for_person".equals(r.reason()) || "direct_to_person".equals(r.reason());
    if (!wanted && recentlyNoAgent(c)) {
      // Routing just said nobody is free: another hand-off would only bring another no_agent.
      s.append(c, Draft.bot(Texts.cannotAnswerNobodyFree(c.lang)), null, List.of(), timed);
      return;
    }
    String text = wanted ? Texts.handingOff(c.lang) : Texts.cannotAnswer(c.lang);
    String group = groupFor(r);
    s.append(c, Draft.bot(text), null, List.of(), m -> {
      timed.accept(m);
      s.requestHuman(c, group, "bot:" + r.reason());
    });
  }

  /** A question whose best entry belongs to a person-only category goes to that category's menu group. */
  private String groupFor(BotReply r) {
    if (!"direct_to_person".equals(r.reason()) || r.faqId() == null) {
      return null;
    }
    var entry = s.knowledge.live(r.faqId());
    if (entry == null) {
      return null;
    }
    for (MenuEntry e : s.menu.entries()) {
      if (entry.category().equals(e.faqCategory())) {
        return e.groupId();
      }
    }
    return null;
  }

  /** After a menu choice that the bot handles first: invite the question. */
  void menuPrompt(Conversation c, MenuEntry e, String label) {
    s.append(c, Draft.bot(Texts.menuPrompt(c.lang, label)), null, List.of(), ConversationService.NOTHING);
  }
}

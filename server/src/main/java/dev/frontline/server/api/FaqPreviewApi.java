package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.bot.BotConfig;
import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.FaqBot;
import dev.frontline.bot.FaqBots;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqEntry;
import dev.frontline.server.kb.BotFeed;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * "How would the bot answer these questions if this entry were published?" Builds a throwaway
 * bot (same configuration as the live one) over the entries the live bot answers from, with the
 * candidate added (or replacing the entry of the same id), synonyms applied the same way, and asks
 * it. Exact, and costs one index build per call: previews run one at a time.
 */
final class FaqPreviewApi {
  static final String CANDIDATE_ID = "preview";
  private static final int MAX_QUESTIONS = 50;

  private final BotFeed feed;
  /** The live bot's configuration as it is now (the menu's person-only categories follow menu edits). */
  private final java.util.function.Supplier<BotConfig> config;
  private final Semaphore oneAtATime = new Semaphore(1);

  FaqPreviewApi(BotFeed feed, java.util.function.Supplier<BotConfig> config) {
    this.feed = feed;
    this.config = config;
  }

  void register(Router r) {
    r.secured("POST", "/api/faq/preview", this::preview, FaqApi.READERS);
  }

  private ApiResponse preview(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    ObjectNode entry = FaqViews.object(b, "entry");
    String id = Fields.optionalString(entry, "id", 64);
    String candidateId = id == null || id.isBlank() ? CANDIDATE_ID : id;
    FaqContent content = FaqViews.content(entry, null);
    List<String> questions = Fields.stringList(b, "questions", MAX_QUESTIONS, BotApi.MAX_QUESTION);
    if (questions.isEmpty()) {
      throw ApiException.missing("questions");
    }
    if (!oneAtATime.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new ApiException(ErrorCode.OVERLOADED, "another preview is running; retry");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    try (FaqBot bot = FaqBots.create(config.get())) {
      List<FaqEntry> entries = new ArrayList<>(feed.botEntries());
      entries.removeIf(e -> e.id().equals(candidateId));
      entries.add(feed.expander().expand(content.toEntry(candidateId)));
      bot.replaceAll(entries);
      for (String q : questions) {
        results.add(result(q, bot.answer(q, BotContext.NONE), candidateId));
      }
    } finally {
      oneAtATime.release();
    }
    return ApiResponse.ok(Map.of("candidateId", candidateId, "results", results));
  }

  private static Map<String, Object> result(String question, BotReply r, String candidateId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("question", question);
    m.putAll(BotApi.view(r));
    int rank = 0;
    if (candidateId.equals(r.faqId())) {
      rank = 1;
    } else {
      for (int i = 0; i < r.suggestions().size(); i++) {
        if (r.suggestions().get(i).faqId().equals(candidateId)) {
          rank = i + 1;
          break;
        }
      }
    }
    m.put("candidate", candidateId.equals(r.faqId()));
    m.put("candidateRank", rank == 0 ? null : rank);
    return m;
  }
}

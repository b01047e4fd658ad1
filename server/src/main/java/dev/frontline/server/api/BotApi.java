package dev.frontline.server.api;

import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.FaqBot;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import java.util.LinkedHashMap;

import java.util.Map;

/** {@code GET /api/bot/answer?q=} (CONTRACT section 3): the bot's decision for one question, no login. */
final class BotApi {
  static final int MAX_QUESTION = 1000;

  private final FaqBot bot;

  BotApi(FaqBot bot) {
    this.bot = bot;
  }

  void register(Router r) {
    r.open("GET", "/api/bot/answer", this::answer);
  }

  private ApiResponse answer(ApiRequest req) {
    String q = req.query("q");
    if (q == null) {
      throw ApiException.missing("q");
    }
    if (q.length() > MAX_QUESTION) {
      throw new ApiException(ErrorCode.TOO_LARGE, "q is longer than " + MAX_QUESTION + " characters");
    }
    BotReply reply = bot.answer(q, BotContext.NONE);
    return ApiResponse.ok(view(reply)).withHeader("Access-Control-Allow-Origin", "*");
  }

  static Map<String, Object> view(BotReply reply) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decision", reply.decision().wireName());
    m.put("faqId", reply.faqId());
    m.put("score", reply.score());
    m.put("answer", reply.answer());
    m.put("suggestions", reply.suggestions().stream()
        .map(s -> Map.of("faqId", s.faqId(), "question", s.question())).toList());
    m.put("reason", reply.reason());
    return m;
  }

}

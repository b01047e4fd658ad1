package dev.frontline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frontline.bot.Calibration;
import dev.frontline.bot.CalibrationSettings;
import dev.frontline.bot.FaqBot;
import dev.frontline.server.kb.BotCalibration;
import dev.frontline.server.kb.Editor;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot's thresholds as learned from the knowledge base (docs/protocol.md, "Bot calibration"):
 * read them with what they mean, preview another precision target, save it, add out-of-scope
 * examples.
 */
final class BotCalibrationApi {
  private static final int MAX_EXAMPLES = 200;

  private final FaqBot bot;
  private final BotCalibration calibration;

  BotCalibrationApi(FaqBot bot, BotCalibration calibration) {
    this.bot = bot;
    this.calibration = calibration;
  }

  void register(Router r) {
    r.secured("GET", "/api/bot/calibration", this::get, FaqApi.READERS);
    r.secured("GET", "/api/bot/calibration/preview", this::preview, FaqApi.READERS);
    r.secured("PUT", "/api/bot/calibration", this::put, FaqApi.WRITERS);
    r.secured("POST", "/api/bot/calibration/out-of-scope", this::addOutOfScope, FaqApi.WRITERS);
  }

  private ApiResponse get(ApiRequest req) {
    return ApiResponse.ok(view(calibration.settings().targetPrecision(), true));
  }

  private ApiResponse preview(ApiRequest req) {
    String t = req.query("targetPrecision");
    if (t == null) {
      throw ApiException.missing("targetPrecision");
    }
    return ApiResponse.ok(view(target(t), false));
  }

  private ApiResponse put(ApiRequest req) throws Exception {
    JsonNode b = req.json();
    JsonNode t = b.get("targetPrecision");
    if (t == null || !t.isNumber()) {
      throw ApiException.invalid("targetPrecision", "must be a number in [0.5, 1]");
    }
    double target = target(t.asText());
    calibration.setTargetPrecision(target);
    return ApiResponse.ok(view(target, false));
  }

  private ApiResponse addOutOfScope(ApiRequest req) throws Exception {
    List<String> questions = Fields.stringList(req.json(), "questions", MAX_EXAMPLES, BotCalibration.MAX_EXAMPLE)
        .stream().filter(q -> !q.isBlank()).toList();
    if (questions.isEmpty()) {
      throw ApiException.invalid("questions", "must hold at least one question");
    }
    calibration.addOutOfScope(questions, Editor.of(req.principal()).name());
    return ApiResponse.ok(Map.of("added", questions.size(),
        "outOfScopeExamples", calibration.settings().outOfScope().size()));
  }

  private static double target(String text) {
    double d;
    try {
      d = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("targetPrecision", "must be a number in [0.5, 1]");
    }
    if (!(d >= 0.5 && d <= 1)) {
      throw ApiException.invalid("targetPrecision", "must be a number in [0.5, 1]");
    }
    return d;
  }

  /**
   * The calibration of each language bot at {@code target}: the thresholds in use when {@code
   * live}, else those the target would give, and what they mean on the held-out questions.
   */
  private Map<String, Object> view(double target, boolean live) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("targetPrecision", target);
    m.put("outOfScopeExamples", calibration.settings().outOfScope().size());
    m.put("bots", bot.calibrations().stream().map(c -> bot(c, live ? c.thresholds().answer() : c.answerFor(target)))
        .toList());
    return m;
  }

  private static Map<String, Object> bot(Calibration c, double answer) {
    Calibration.Point at = c.at(answer);
    Calibration.Point handoff = c.at(c.thresholds().suggest());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("language", c.language());
    m.put("answer", answer);
    m.put("suggest", c.thresholds().suggest());
    m.put("learned", c.learned());
    m.put("suggestDefault", c.suggestDefaulted());
    m.put("heldOut", c.heldOut());
    m.put("outOfScope", c.outOfScope());
    m.put("answers", at.answered());
    m.put("precision", at.precision());
    m.put("handedOff", handoff.inScopeBelow());
    m.put("outOfScopeHandedOff", handoff.outOfScopeBelow());
    m.put("curve", c.curve().stream().map(p -> Map.of("threshold", p.threshold(), "answered", p.answered(),
        "precision", p.precision(), "inScopeBelow", p.inScopeBelow(), "outOfScopeBelow", p.outOfScopeBelow()))
        .toList());
    return m;
  }
}

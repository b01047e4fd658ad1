package dev.frontline.server.it;

import static dev.frontline.server.it.WsClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Personal numbers in every writing form a visitor may use (JSON numbers in {@code track} frames,
 * full-width digits, dotted and spaced groups, {@code +86} / {@code 0086}, 15-digit ID numbers)
 * are masked in {@code /api/trajectory/export} and in the daily trail files of the real server.
 */
@Tag("database-agnostic")
class MaskingIT {
  /** The numbers as sent, in every form: none may be written. */
  private static final List<String> RAW = List.of("13812345678", "１３８１２３４５６７８", "138.1234.5678",
      "138 1234 5678", "138-1234-5678", "110105199003071234", "110105900307123", "6222020200001234");

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyFormOfAPersonalNumber_isMaskedInTheExportAndTheDailyFiles() throws Exception {
    long from = System.currentTimeMillis() - 1000;
    String visitorId;
    try (TestServer.Visitor v = server.visitor()) {
      visitorId = v.visitorId();
      ObjectNode track = obj("type", "track", "event", "form_filled", "phone", 13812345678L, "idNumber",
          110105199003071234L, "fullWidth", "１３８１２３４５６７８", "dotted", "138.1234.5678", "intl",
          "0086 138 1234 5678", "plus", "+86-138-1234-5678", "oldId", "110105900307123", "card", 6222020200001234L);
      v.ws().send(track);
      v.ws().send(obj("type", "send", "clientId", "q", "text", "手机１３８１２３４５６７８，旧身份证110105900307123，138.1234.5678"));
      v.ws().take("ack");
    }
    String admin = server.admin();
    long to = System.currentTimeMillis() + 60_000;
    String export = await(Duration.ofSeconds(10), "both events exported", () -> {
      String body = server.http.get("/api/trajectory/export?from=" + from + "&to=" + to, admin).body();
      return body.contains("\"form_filled\"") && body.contains("\"bot_question\"") ? body : null;
    });
    String form = line(export, "form_filled");
    assertTrue(form.contains("\"phone\":\"138****5678\""), form);
    assertTrue(form.contains("\"idNumber\":\"110105********1234\""), form);
    assertTrue(form.contains("\"fullWidth\":\"１３８****５６７８\""), form);
    assertTrue(form.contains("\"dotted\":\"138.****.5678\""), form);
    assertTrue(form.contains("\"intl\":\"0086 138 **** 5678\""), form);
    assertTrue(form.contains("\"plus\":\"+86-138-****-5678\""), form);
    assertTrue(form.contains("\"oldId\":\"110105******123\""), form);
    assertTrue(form.contains("\"card\":\"6222********1234\""), form);
    assertTrue(line(export, "bot_question").contains("手机１３８****５６７８，旧身份证110105******123，138.****.5678"), export);
    assertNoneOf(export, "the export");

    String unmasked = server.http.get("/api/trajectory/export?unmasked=true&from=" + from + "&to=" + to, admin).body();
    assertTrue(line(unmasked, "form_filled").contains("\"phone\":13812345678"), "an explicit unmasked export keeps them");

    String files = await(Duration.ofSeconds(10), "both events in the daily file", () -> {
      String all = dailyFiles();
      return all.contains("\"form_filled\"") && all.contains("\"bot_question\"") && all.contains(visitorId) ? all : null;
    });
    assertEquals(line(export, "form_filled"), line(files, "form_filled"), "the file line is the export's line");
    assertNoneOf(files, "the daily file");
  }

  private static String line(String jsonLines, String event) {
    return Stream.of(jsonLines.split("\n")).filter(l -> l.contains("\"event\":\"" + event + "\"")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + event + " in:\n" + jsonLines));
  }

  private String dailyFiles() {
    Path dir = server.dataDir.resolve("trail");
    if (!Files.isDirectory(dir)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        all.append(Files.readString(p));
      }
    } catch (IOException e) {
      return "";
    }
    return all.toString();
  }

  /** Polls {@code probe} until it gives a value, or fails after {@code max}. */
  static <T> T await(Duration max, String what, java.util.function.Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(50);
    }
    T v = probe.get();
    if (v == null) {
      fail("not within " + max + ": " + what);
    }
    return v;
  }

  private static void assertNoneOf(String text, String where) {
    for (String raw : RAW) {
      assertFalse(text.contains(raw), raw + " unmasked in " + where + ":\n" + text);
    }
  }
}

package dev.frontline.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LogLinesTest {
  @Test
  void controlCharactersAndLineSeparators_areEscaped() {
    assertEquals("user=x\\r\\n2026 INFO forged\\t\\u001b[31m\\u0085\\u2028", LogLines.escape(
        "user=x\r\n2026 INFO forged\t\u001b[31m\u0085\u2028"));
  }

  @Test
  void anOrdinaryLine_isReturnedAsItIs() {
    String s = "event=auth.failed user=王女士 remote=10.0.0.1";
    assertSame(s, LogLines.escape(s));
  }
}

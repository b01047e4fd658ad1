package dev.frontline.server.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingThrowableConverterTest {
  private static final List<String> NUMBERS = List.of("13812345678", "11010519900307123X", "6222020200001234");

  @Test
  void theServersLogPattern_masksNumbersInExceptionMessagesAndCauses_andKeepsTheTrace() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(context);
    config.doConfigure(MaskingThrowableConverterTest.class.getResource("/logback.xml"));
    try {
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      AsyncAppender async = (AsyncAppender) root.getAppender("ASYNC");
      @SuppressWarnings("unchecked")
      ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) async.getAppender("CONSOLE");
      Layout<ILoggingEvent> layout = ((LayoutWrappingEncoder<ILoggingEvent>) console.getEncoder()).getLayout();

      Exception e = new IllegalStateException("card 6222020200001234 refused",
          new SQLException("Unique index violation: VALUES ('13812345678', '11010519900307123X')"));
      String line = layout.doLayout(new LoggingEvent(getClass().getName(), root, Level.ERROR,
          "event=ws.internal_error incident={} phone={}", e, new Object[] {"ab12cd34", "13812345678"}));

      assertTrue(line.contains("event=ws.internal_error incident=ab12cd34 phone=138****5678"), line);
      assertTrue(line.contains("IllegalStateException: card 6222********1234 refused"), line);
      assertTrue(line.contains("SQLException: Unique index violation: VALUES ('138****5678', '110105********123X')"),
          line);
      assertTrue(line.contains("at dev.frontline.server.logging.MaskingThrowableConverterTest"), "the trace: " + line);
      for (String n : NUMBERS) {
        assertFalse(line.contains(n), n + " unmasked: " + line);
      }
    } finally {
      context.stop();
    }
  }

  @Test
  void aLineWithoutAnException_getsNothingAppended() {
    MaskingThrowableConverter converter = new MaskingThrowableConverter();
    converter.start();
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("x");
    assertTrue(converter.convert(new LoggingEvent("x", logger, Level.INFO, "event=a 13812345678", null, null))
        .isEmpty());
  }
}

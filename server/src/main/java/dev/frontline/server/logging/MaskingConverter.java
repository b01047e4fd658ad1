package dev.frontline.server.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message with personal numbers masked ({@link Masking}) and kept on one line
 * ({@link LogLines}: CR, LF and other control characters escaped, so no forged lines).
 */
public final class MaskingConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return LogLines.escape(Masking.mask(super.convert(event)));
  }
}

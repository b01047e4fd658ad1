package dev.frontline.server.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A logged exception ({@code %maskedEx}, with {@code %ex}'s options) with personal numbers masked
 * ({@link Masking}): an exception's message can carry what a user typed, e.g. a constraint
 * violation quoting the row's values.
 */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Masking.mask(super.convert(event));
  }
}

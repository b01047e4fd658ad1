package dev.frontline.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/** Encodes {@link ServerFrame}s with one cached writer. */
public final class FrameCodec {
  private static final ObjectWriter WRITER = Json.MAPPER.writerFor(ServerFrame.class);

  private FrameCodec() {}

  public static String encode(ServerFrame frame) {
    try {
      return WRITER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

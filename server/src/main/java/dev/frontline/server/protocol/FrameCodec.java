package dev.frontline.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * Encodes {@link ServerFrame}s with one cached writer. {@code queued}, the frame sent most often
 * while visitors wait, is written by hand (the same text the writer would produce).
 */
public final class FrameCodec {
  private static final ObjectWriter WRITER = Json.MAPPER.writerFor(ServerFrame.class);

  private FrameCodec() {}

  public static String encode(ServerFrame frame) {
    if (frame instanceof ServerFrame.Queued q) {
      return queued(q);
    }
    try {
      return WRITER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String queued(ServerFrame.Queued q) {
    StringBuilder b = new StringBuilder(80).append("{\"type\":\"queued\",\"position\":").append(q.position());
    if (q.expectedWaitMs() != null) {
      b.append(",\"expectedWaitMs\":").append(q.expectedWaitMs().longValue());
    }
    if (q.group() != null) {
      b.append(",\"group\":\"");
      JsonStringEncoder.getInstance().quoteAsString(q.group(), b);
      b.append('"');
    }
    return b.append('}').toString();
  }
}

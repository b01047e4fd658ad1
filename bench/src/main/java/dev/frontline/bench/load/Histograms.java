package dev.frontline.bench.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, up to an hour, 3 significant digits; and their text form for the wire. */
final class Histograms {
  static final long HIGHEST_MICROS = 3_600_000_000L;

  private Histograms() {}

  static Histogram create() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  /** HdrHistogram's compressed encoding, in base64: how a worker hands a histogram to the coordinator. */
  static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
  }

  static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)),
          HIGHEST_MICROS);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram", e);
    }
  }
}

package dev.frontline.bench.floor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The floor's JSON, with Jackson as a stock server would use it: one mapper, a tree reader for what
 * visitors send, and one cached writer per answer record. Shared by every connection (readers and
 * writers are immutable and thread-safe).
 */
final class FloorFrames {
  /** {@code welcome}: who the visitor is and which conversation its messages go to. */
  record Welcome(String type, String visitorId, String token, String conversationId, boolean returning,
      String state) {}

  /** {@code queued}: the answer to {@code human}. */
  record Queued(String type, int position) {}

  /** {@code ack} of one {@code send}. */
  record Ack(String type, String clientId, long seq, String conversationId) {}

  private final ObjectReader reader;
  private final ObjectWriter welcome;
  private final ObjectWriter queued;
  private final ObjectWriter ack;

  FloorFrames() {
    JsonMapper mapper = JsonMapper.builder().build();
    reader = mapper.reader();
    welcome = mapper.writerFor(Welcome.class);
    queued = mapper.writerFor(Queued.class);
    ack = mapper.writerFor(Ack.class);
  }

  /** The frame as a tree; throws on text that is not JSON. */
  JsonNode read(String text) throws JsonProcessingException {
    return reader.readTree(text);
  }

  ByteBuf welcome(ByteBufAllocator alloc, Welcome w) {
    return write(alloc, welcome, w);
  }

  ByteBuf queued(ByteBufAllocator alloc, Queued q) {
    return write(alloc, queued, q);
  }

  ByteBuf ack(ByteBufAllocator alloc, Ack a) {
    return write(alloc, ack, a);
  }

  private static ByteBuf write(ByteBufAllocator alloc, ObjectWriter writer, Object value) {
    ByteBuf buf = alloc.buffer(128);
    try (OutputStream out = new ByteBufOutputStream(buf)) {
      writer.writeValue(out, value);
      return buf;
    } catch (IOException e) {
      buf.release();
      throw new IllegalStateException("could not write " + value.getClass().getSimpleName(), e);
    }
  }
}

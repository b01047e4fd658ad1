package dev.frontline.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the server. Choices: unknown inbound fields are tolerated (clients
 * may be newer than the server), nulls are written as null (frames leave them out, see
 * {@link ServerFrame}), nesting and string sizes
 * are bounded so that a hostile document cannot exhaust memory.
 */
public final class Json {
  public static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(32)
        .maxStringLength(20_000_000)
        .maxNumberLength(64)
        .build());
  }

  private static final ObjectReader TREE = MAPPER.readerFor(JsonNode.class);
  private static final ObjectWriter WRITER = MAPPER.writer();

  private Json() {}

  /** Parses a JSON object; anything else is a {@link ErrorCode#BAD_JSON} error. */
  public static ObjectNode parseObject(byte[] bytes) {
    JsonNode node;
    try {
      node = TREE.readValue(bytes);
    } catch (IOException e) {
      throw new ApiException(ErrorCode.BAD_JSON, "body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(ErrorCode.BAD_JSON, "expected a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Parses a JSON object from text. */
  public static ObjectNode parseObject(String text) {
    JsonNode node;
    try {
      node = TREE.readValue(text);
    } catch (IOException e) {
      throw new ApiException(ErrorCode.BAD_JSON, "frame is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(ErrorCode.BAD_JSON, "expected a JSON object");
    }
    return (ObjectNode) node;
  }

  public static byte[] bytes(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String string(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}

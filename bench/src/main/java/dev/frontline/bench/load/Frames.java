package dev.frontline.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;

/**
 * The visitor frames the load generator sends, prebuilt as far as possible, and a streaming read
 * of the two fields it needs from what the server sends ({@code type}, {@code clientId}, plus
 * {@code code} of errors): cheap, because the client shares the machine with the server.
 */
public final class Frames {
  private static final JsonFactory JSON = new JsonFactory();

  static final String HELLO = "{\"type\":\"hello\",\"token\":null,\"lastSeq\":0,"
      + "\"page\":{\"url\":\"http://bench.frontline.invalid/\",\"title\":\"frontline-bench\"}}";
  static final String HUMAN = "{\"type\":\"human\"}";

  private Frames() {}

  /** The constant tail of every send frame: the text and the closing brace. */
  static String sendTail(String text) {
    return "\",\"text\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"}";
  }

  static String send(String clientId, String tail) {
    return "{\"type\":\"send\",\"clientId\":\"" + clientId + tail;
  }

  /** The fields of an inbound frame the load generator looks at. */
  public record Inbound(String type, String clientId, String code) {}

  /** Reads {@code type}, {@code clientId} and {@code code} of a top-level JSON object; skips the rest. */
  public static Inbound parse(String json) {
    String type = null;
    String clientId = null;
    String code = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Inbound(null, null, null);
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_STRING) {
          switch (name) {
            case "type" -> type = p.getText();
            case "clientId" -> clientId = p.getText();
            case "code" -> code = p.getText();
            default -> {
              // not needed
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return new Inbound("unparseable", null, null);
    }
    return new Inbound(type, clientId, code);
  }
}

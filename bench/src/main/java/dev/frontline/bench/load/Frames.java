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

  /**
   * The constant middle of a send frame whose text ends with its client id ({@code --texts distinct},
   * deliver mode): {@code TEXT #} and then the id.
   */
  static String distinctTail(String text) {
    return "\",\"text\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + " #";
  }

  /** A send frame with text {@code TEXT #clientId}, from {@link #distinctTail}; client ids need no escaping. */
  static String sendDistinct(String clientId, String distinctTail) {
    return "{\"type\":\"send\",\"clientId\":\"" + clientId + distinctTail + clientId + "\"}";
  }

  /** A widget event: {@code page_view} (or another event) of one of 50 pages, tagged with the run. */
  static String track(String event, String runId, int n) {
    return "{\"type\":\"track\",\"event\":\"" + event + "\",\"url\":\"http://bench.frontline.invalid/p/" + (n % 50)
        + "\",\"title\":\"frontline-bench page " + (n % 50) + "\",\"run\":\"" + runId + "\",\"n\":" + n + "}";
  }

  /** {@code close} of an agent's conversation. */
  static String agentClose(String conversationId) {
    return "{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}";
  }

  /** The fields the routing benchmark looks at: also {@code conversationId}, {@code by}, {@code agent.name}, {@code position}. */
  public record Routing(String type, String conversationId, String by, String agentName, String code, int position) {}

  /** Reads the top-level {@code type, conversationId, by, code, position} and {@code agent.name}; skips the rest. */
  public static Routing parseRouting(String json) {
    String type = null;
    String conv = null;
    String by = null;
    String agent = null;
    String code = null;
    int position = 0;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Routing(null, null, null, null, null, 0);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_STRING) {
          switch (name) {
            case "type" -> type = p.getText();
            case "conversationId" -> conv = p.getText();
            case "by" -> by = p.getText();
            case "code" -> code = p.getText();
            default -> {
              // not needed
            }
          }
        } else if (v == JsonToken.VALUE_NUMBER_INT && "position".equals(name)) {
          position = p.getIntValue();
        } else if (v == JsonToken.START_OBJECT && "agent".equals(name)) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            JsonToken iv = p.nextToken();
            if (iv == JsonToken.VALUE_STRING && "name".equals(inner)) {
              agent = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return new Routing("unparseable", null, null, null, null, 0);
    }
    return new Routing(type, conv, by, agent, code, position);
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

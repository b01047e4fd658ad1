package dev.frontline.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Reads typed fields from a JSON object, answering bad input with a precise {@link ApiException}. */
public final class Fields {
  private Fields() {}

  public static String requiredString(JsonNode obj, String name, int maxChars) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      throw ApiException.missing(name);
    }
    return checkedString(v, name, maxChars);
  }

  /** A required string that must contain something other than white space. */
  public static String requiredText(JsonNode obj, String name, int maxChars) {
    String s = requiredString(obj, name, maxChars);
    if (s.isBlank()) {
      throw ApiException.invalid(name, "must not be empty");
    }
    return s;
  }

  public static String optionalString(JsonNode obj, String name, int maxChars) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    return checkedString(v, name, maxChars);
  }

  private static String checkedString(JsonNode v, String name, int maxChars) {
    if (!v.isTextual()) {
      throw ApiException.invalid(name, "must be a string");
    }
    String s = v.textValue();
    if (s.length() > maxChars) {
      throw new ApiException(ErrorCode.TOO_LARGE, "field '" + name + "' is longer than " + maxChars + " characters");
    }
    if (s.indexOf('\u0000') >= 0) {
      // PostgreSQL cannot store it; SQLite can, but its text functions stop at it: refused alike
      // on both, before anything is stored.
      throw ApiException.invalid(name, "must not contain the NUL character (\\u0000)");
    }
    return s;
  }

  public static long optionalLong(JsonNode obj, String name, long fallback) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiException.invalid(name, "must be an integer");
    }
    return v.longValue();
  }

  public static int requiredInt(JsonNode obj, String name, int min, int max) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      throw ApiException.missing(name);
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.invalid(name, "must be an integer");
    }
    int n = v.intValue();
    if (n < min || n > max) {
      throw ApiException.invalid(name, "must be between " + min + " and " + max);
    }
    return n;
  }

  public static int optionalInt(JsonNode obj, String name, int fallback, int min, int max) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    return requiredInt(obj, name, min, max);
  }

  public static boolean optionalBoolean(JsonNode obj, String name, boolean fallback) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw ApiException.invalid(name, "must be true or false");
    }
    return v.booleanValue();
  }

  /** A list of strings; absent or null gives an empty list. */
  public static List<String> stringList(JsonNode obj, String name, int maxItems, int maxChars) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiException.invalid(name, "must be an array of strings");
    }
    if (v.size() > maxItems) {
      throw new ApiException(ErrorCode.TOO_LARGE, "field '" + name + "' has more than " + maxItems + " items");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw ApiException.invalid(name, "must be an array of strings");
      }
      if (item.textValue().length() > maxChars) {
        throw new ApiException(ErrorCode.TOO_LARGE, "an item of '" + name + "' is longer than " + maxChars + " characters");
      }
      out.add(checkedString(item, name, maxChars));
    }
    return List.copyOf(out);
  }

  /** An optional nested object; null when absent. */
  public static ObjectNode optionalObject(JsonNode obj, String name) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiException.invalid(name, "must be an object");
    }
    return (ObjectNode) v;
  }
}

package dev.frontline.bot.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's tokenizer (basic tokenizer + WordPiece), read from a Hugging Face {@code tokenizer.json}
 * of type WordPiece with a BertNormalizer: control characters dropped, Chinese characters split
 * out, optional lower-casing with accent stripping, split on whitespace and punctuation, then
 * greedy longest-match WordPiece with the {@code ##} prefix. Output is wrapped in [CLS] ... [SEP].
 * Immutable and thread-safe.
 */
public final class WordPieceTokenizer {

  private static final int MAX_CHARS_PER_WORD = 100;

  private final Map<String, Integer> vocab;
  private final boolean lowercase;
  private final int unk;
  private final int cls;
  private final int sep;

  WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase) {
    this.vocab = Map.copyOf(vocab);
    this.lowercase = lowercase;
    this.unk = id("[UNK]");
    this.cls = id("[CLS]");
    this.sep = id("[SEP]");
  }

  /** The id of {@code token} in the vocabulary (tests). */
  int id(String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("vocabulary has no " + token);
    }
    return id;
  }

  /** Reads {@code tokenizer.json}; {@code lowercase} null keeps the file's normalizer setting. */
  public static WordPieceTokenizer fromJson(InputStream json, Boolean lowercase) throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(json);
    JsonNode model = root.path("model");
    if (!"WordPiece".equals(model.path("type").asText())) {
      throw new IllegalArgumentException("not a WordPiece tokenizer: " + model.path("type"));
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    boolean lower =
        lowercase != null ? lowercase : root.path("normalizer").path("lowercase").asBoolean(true);
    return new WordPieceTokenizer(vocab, lower);
  }

  /** Token ids of {@code text} with [CLS] and [SEP], at most {@code maxTokens} in all. */
  public long[] encode(String text, int maxTokens) {
    List<Integer> ids = new ArrayList<>();
    ids.add(cls);
    for (String word : basicTokens(text)) {
      wordPiece(word, ids);
      if (ids.size() >= maxTokens - 1) {
        break;
      }
    }
    int n = Math.min(ids.size(), maxTokens - 1);
    long[] out = new long[n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = ids.get(i);
    }
    out[n] = sep;
    return out;
  }

  List<String> basicTokens(String text) {
    String t = text;
    if (lowercase) {
      t = Normalizer.normalize(t.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    }
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        continue;
      }
      if (lowercase && Character.getType(cp) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (isWhitespace(cp)) {
        flush(word, words);
      } else if (isChinese(cp) || isPunctuation(cp)) {
        flush(word, words);
        words.add(new String(Character.toChars(cp)));
      } else {
        word.appendCodePoint(cp);
      }
    }
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (!word.isEmpty()) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  private void wordPiece(String word, List<Integer> out) {
    if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
      out.add(unk);
      return;
    }
    int mark = out.size();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String piece = word.substring(start, end);
        if (start > 0) {
          piece = "##" + piece;
        }
        found = vocab.get(piece);
        if (found != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        while (out.size() > mark) {
          out.remove(out.size() - 1);
        }
        out.add(unk);
        return;
      }
      out.add(found);
      start = end;
    }
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.CONNECTOR_PUNCTUATION
        || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION
        || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
  }

  private static boolean isChinese(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}

package dev.frontline.bot.embed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each embedding model once per JVM and shares it: bots, tests and tenants all use the
 * same ONNX session (thread-safe), which lives as long as the process.
 */
public final class Embedders {

  private record Key(EmbeddingModel model, int threads, boolean queryInstruction) {}

  private static final Map<Key, TextEmbedder> LOADED = new ConcurrentHashMap<>();

  private Embedders() {}

  /** The shared embedder for these settings, loading it on first use. */
  public static TextEmbedder shared(EmbeddingModel model, int threads, boolean queryInstruction) {
    return LOADED.computeIfAbsent(
        new Key(model, threads, queryInstruction),
        k -> new Unclosable(OnnxEmbedder.load(k.model(), k.threads(), k.queryInstruction())));
  }

  /** Ignores close: a shared model outlives the bots that use it. */
  private record Unclosable(TextEmbedder delegate) implements TextEmbedder {
    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public float[] embedQuery(String text) {
      return delegate.embedQuery(text);
    }

    @Override
    public java.util.List<float[]> embedPhrasings(java.util.List<String> texts) {
      return delegate.embedPhrasings(texts);
    }

    @Override
    public void close() {}
  }
}

package dev.frontline.bot.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A BERT-style sentence encoder run with ONNX Runtime on the CPU: WordPiece tokens in, the
 * [CLS] vector of the last layer out (bge's pooling), L2-normalised. Loaded once from the
 * classpath; one session serves all threads (ONNX Runtime sessions are thread-safe for run).
 */
public final class OnnxEmbedder implements TextEmbedder {

  /** Longer questions are cut; FAQ phrasings and visitor questions are far shorter. */
  static final int MAX_TOKENS = 64;

  private static final int BATCH = 16;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final String queryPrefix;
  private final boolean hasTokenTypes;
  private final int dimension;
  private final int buildThreads = Math.max(1, Runtime.getRuntime().availableProcessors());

  private OnnxEmbedder(
      OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer, String queryPrefix)
      throws OrtException {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.queryPrefix = queryPrefix;
    this.hasTokenTypes = session.getInputNames().contains("token_type_ids");
    this.dimension = run(List.of(tokenizer.encode("test", MAX_TOKENS))).get(0).length;
  }

  /**
   * Loads {@code model} from the classpath.
   *
   * @param threads ONNX Runtime intra-op threads per call
   * @param queryInstruction prefix questions with the model's retrieval instruction
   */
  public static OnnxEmbedder load(EmbeddingModel model, int threads, boolean queryInstruction) {
    try {
      byte[] onnx = resource(model.modelResource());
      WordPieceTokenizer tokenizer;
      try (InputStream in = stream(model.tokenizerResource())) {
        tokenizer = WordPieceTokenizer.fromJson(in, null);
      }
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = env.createSession(onnx, options);
      return new OnnxEmbedder(
          env, session, tokenizer, queryInstruction ? model.queryInstruction() : "");
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load embedding model " + model, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embedding model " + model, e);
    }
  }

  private static InputStream stream(String name) {
    return Objects.requireNonNull(
        OnnxEmbedder.class.getResourceAsStream(name),
        () -> name + " is not on the classpath (is the model artifact a dependency?)");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = stream(name)) {
      return in.readAllBytes();
    }
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[] embedQuery(String text) {
    return embed(List.of(tokenizer.encode(queryPrefix + text, MAX_TOKENS))).get(0);
  }

  @Override
  public List<float[]> embedPhrasings(List<String> texts) {
    List<long[]> tokens = new ArrayList<>(texts.size());
    for (String t : texts) {
      tokens.add(tokenizer.encode(t, MAX_TOKENS));
    }
    // Batch texts of similar length together so little padding is computed.
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> tokens.get(i).length));
    float[][] out = new float[texts.size()][];
    int batches = (order.length + BATCH - 1) / BATCH;
    int workers = Math.min(buildThreads, batches / 4);
    if (workers < 2) {
      for (int b = 0; b < batches; b++) {
        embedBatch(b, order, tokens, out);
      }
      return Arrays.asList(out);
    }
    // A rebuild: batches spread over the cores (each ONNX call single-threaded), on threads of
    // their own so that the caller's pool is not taken over; questions never wait on this.
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "frontline-bot-embed");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> done = new ArrayList<>(batches);
      for (int b = 0; b < batches; b++) {
        int batch = b;
        done.add(pool.submit(() -> embedBatch(batch, order, tokens, out)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("embedding failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return Arrays.asList(out);
  }

  private void embedBatch(int b, Integer[] order, List<long[]> tokens, float[][] out) {
    int from = b * BATCH;
    int to = Math.min(order.length, from + BATCH);
    List<long[]> batch = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      batch.add(tokens.get(order[i]));
    }
    List<float[]> vectors = embed(batch);
    for (int i = from; i < to; i++) {
      out[order[i]] = vectors.get(i - from);
    }
  }

  private List<float[]> embed(List<long[]> batch) {
    try {
      return run(batch);
    } catch (OrtException e) {
      throw new IllegalStateException("embedding failed", e);
    }
  }

  private List<float[]> run(List<long[]> batch) throws OrtException {
    int rows = batch.size();
    int width = 0;
    for (long[] t : batch) {
      width = Math.max(width, t.length);
    }
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      long[] t = batch.get(r);
      System.arraycopy(t, 0, ids, r * width, t.length);
      Arrays.fill(mask, r * width, r * width + t.length, 1L);
    }
    long[] shape = {rows, width};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (hasTokenTypes) {
        inputs.put(
            "token_type_ids",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * width]), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        List<float[]> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
          out.add(normalise(hidden[r][0]));
        }
        return out;
      }
    } finally {
      for (OnnxTensor t : inputs.values()) {
        t.close();
      }
    }
  }

  private static float[] normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float inv = sum == 0 ? 0 : (float) (1 / Math.sqrt(sum));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the embedding session", e);
    }
  }
}

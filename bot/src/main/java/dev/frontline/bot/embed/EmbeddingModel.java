package dev.frontline.bot.embed;

/**
 * The embedding models the bot can load. Their ONNX files and tokenizers ship inside Maven
 * artifacts (langchain4j's packaging of BAAI bge-small v1.5, int8-quantized); nothing is
 * downloaded at run time.
 */
public enum EmbeddingModel {
  /** BAAI/bge-small-zh-v1.5, 512 dimensions; for Chinese bases (handles embedded English words). */
  BGE_SMALL_ZH(
      "/bge-small-zh-v1.5-q.onnx",
      "/bge-small-zh-v1.5-q-tokenizer.json",
      "为这个句子生成表示以用于检索相关文章：",
      0.35),
  /** BAAI/bge-small-en-v1.5, 384 dimensions; for English bases. */
  BGE_SMALL_EN(
      "/bge-small-en-v1.5-q.onnx",
      "/bge-small-en-v1.5-q-tokenizer.json",
      "Represent this sentence for searching relevant passages: ",
      0.55);

  private final String modelResource;
  private final String tokenizerResource;
  private final String queryInstruction;
  private final double unrelatedCosine;

  EmbeddingModel(String modelResource, String tokenizerResource, String queryInstruction, double unrelatedCosine) {
    this.modelResource = modelResource;
    this.tokenizerResource = tokenizerResource;
    this.queryInstruction = queryInstruction;
    this.unrelatedCosine = unrelatedCosine;
  }

  /**
   * The cosine similarity two unrelated customer-service questions typically have with this
   * model (mean over pairs of eight unrelated questions: zh 0.344, en 0.554): the level an entry
   * that has nothing to do with a question reaches.
   */
  public double unrelatedCosine() {
    return unrelatedCosine;
  }

  public String modelResource() {
    return modelResource;
  }

  public String tokenizerResource() {
    return tokenizerResource;
  }

  /** bge's retrieval instruction for short queries against passages. */
  public String queryInstruction() {
    return queryInstruction;
  }
}

package dev.frontline.bot.embed;

import java.util.List;

/** Turns text into unit-length vectors; thread-safe. */
public interface TextEmbedder extends AutoCloseable {

  /** Vector length. */
  int dimension();

  /** A visitor's question. */
  float[] embedQuery(String text);

  /** FAQ phrasings, in order; may batch. */
  List<float[]> embedPhrasings(List<String> texts);

  @Override
  void close();
}

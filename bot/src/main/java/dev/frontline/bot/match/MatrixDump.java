package dev.frontline.bot.match;

import dev.frontline.bot.embed.TextEmbedder;
import dev.frontline.bot.index.PhrasingDocuments;
import dev.frontline.knowledge.model.FaqEntry;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Writes the raw material of fusion experiments to a folder (tuning only, {@code BotCli
 * matrices}): every phrasing's text, entry and vector; every query's text, gold entry and vector;
 * and the normalised BM25 score of each query against each phrasing it shares a term with (the
 * FAQ phrasings themselves are queries too, for leave-one-out fits).
 */
public final class MatrixDump {
  private static final int LEXICAL_HITS = 400;

  private MatrixDump() {}

  /** One labelled query: text and gold entry ({@code null}: out of scope). */
  public record Query(String text, String gold) {}

  public static void write(
      Analyzer analyzer, BM25Similarity similarity, TextEmbedder embedder, List<FaqEntry> faq,
      List<Query> queries, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (FaqEntry e : faq) {
      for (String p : PhrasingDocuments.phrasings(e)) {
        ids.add(e.id());
        texts.add(p);
      }
    }
    try (PrintWriter w = writer(dir.resolve("phrasings.tsv"))) {
      for (int i = 0; i < ids.size(); i++) {
        w.println(ids.get(i) + "\t" + clean(texts.get(i)));
      }
    }
    vectors(embedder.embedPhrasings(texts), dir.resolve("phrasings.f32"));
    try (PrintWriter w = writer(dir.resolve("queries.tsv"))) {
      for (Query q : queries) {
        w.println((q.gold() == null ? "-" : q.gold()) + "\t" + clean(q.text()));
      }
    }
    List<float[]> qv = new ArrayList<>();
    for (Query q : queries) {
      qv.add(embedder.embedQuery(q.text()));
    }
    vectors(qv, dir.resolve("queries.f32"));
    LexicalMatcher lexical = new LexicalMatcher(analyzer, similarity, LEXICAL_HITS);
    try (ByteBuffersDirectory d = new ByteBuffersDirectory()) {
      try (IndexWriter iw =
          new IndexWriter(d, new IndexWriterConfig(analyzer).setSimilarity(similarity))) {
        for (String t : texts) {
          Document doc = new Document();
          doc.add(new TextField(PhrasingDocuments.TEXT, t, Field.Store.NO));
          iw.addDocument(doc);
        }
        iw.forceMerge(1);
      }
      try (DirectoryReader reader = DirectoryReader.open(d)) {
        IndexSearcher s = new IndexSearcher(reader);
        s.setSimilarity(similarity);
        lexicalScores(lexical, s, texts, dir.resolve("lex_faq.tsv"));
        lexicalScores(lexical, s, queries.stream().map(Query::text).toList(), dir.resolve("lex_queries.tsv"));
      }
    }
  }

  private static void lexicalScores(
      LexicalMatcher lexical, IndexSearcher s, List<String> texts, Path out) throws IOException {
    CollectionStatistics stats = s.collectionStatistics(PhrasingDocuments.TEXT);
    try (PrintWriter w = writer(out)) {
      for (int qi = 0; qi < texts.size(); qi++) {
        QueryTerms terms = lexical.analyze(texts.get(qi));
        if (terms.isEmpty()) {
          continue;
        }
        double self = lexical.selfScore(s.getIndexReader(), stats, terms);
        for (ScoreDoc sd : s.search(LexicalMatcher.query(terms), LEXICAL_HITS).scoreDocs) {
          w.printf(Locale.ROOT, "%d\t%d\t%.5f%n", qi, sd.doc, Math.min(1.0, sd.score / self));
        }
      }
    }
  }

  private static void vectors(List<float[]> vectors, Path out) throws IOException {
    try (OutputStream o = Files.newOutputStream(out);
        DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(o))) {
      for (float[] v : vectors) {
        for (float x : v) {
          d.writeFloat(x); // big-endian
        }
      }
    }
  }

  private static PrintWriter writer(Path p) throws IOException {
    return new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8));
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}

package dev.frontline.bot.match;

import dev.frontline.bot.embed.TextEmbedder;
import dev.frontline.bot.index.PhrasingDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * BM25 and dense retrieval over phrasings, fused per entry. Candidates are the entries behind the
 * best BM25 phrasings and the nearest phrasing vectors (HNSW); then every phrasing of every
 * candidate is scored both ways in one filtered query, so each candidate gets its exact best
 * lexical score, best cosine and centroid cosine, whichever side found it.
 */
public final class HybridMatcher {

  /** Phrasings per candidate entry looked at (entries with more keep their best-scoring ones). */
  static final int MAX_PHRASINGS = 64;

  private final LexicalMatcher lexical;
  private final TextEmbedder embedder;
  private final Fusion fusion;
  private final int phrasingsToScan;
  private final int entriesPerSide;
  private final double rivalFloor;
  private volatile QueryAdapter adapter;
  private volatile Reranker reranker;
  private final LongAdder shortcutsTaken = new LongAdder();

  public HybridMatcher(
      LexicalMatcher lexical,
      TextEmbedder embedder,
      Fusion fusion,
      int phrasingsToScan,
      int entriesPerSide) {
    this(lexical, embedder, fusion, phrasingsToScan, entriesPerSide, Double.NEGATIVE_INFINITY);
  }

  /** With {@code rivalFloor}: the ranking score of an unrelated entry (see {@link Fusion#rank(List, double)}). */
  public HybridMatcher(
      LexicalMatcher lexical,
      TextEmbedder embedder,
      Fusion fusion,
      int phrasingsToScan,
      int entriesPerSide,
      double rivalFloor) {
    this.lexical = lexical;
    this.embedder = embedder;
    this.fusion = fusion;
    this.phrasingsToScan = phrasingsToScan;
    this.entriesPerSide = entriesPerSide;
    this.rivalFloor = rivalFloor;
  }

  /** Adapts question vectors with {@code a} from now on (null: none). */
  public void useAdapter(QueryAdapter a) {
    this.adapter = a;
  }

  /** Corrects ranking scores with {@code r} from now on (null: none). */
  public void useReranker(Reranker r) {
    this.reranker = r;
  }

  /** The re-ranker in use, or null. */
  public Reranker reranker() {
    return reranker;
  }

  /** The fusion this matcher ranks with. */
  public Fusion fusion() {
    return fusion;
  }

  /** Candidates best first from {@code evidence} (found by {@link #evidence}), with {@code r}. */
  public List<Candidate> rank(List<EntryEvidence> evidence, Reranker r, int limit) {
    return rank(evidence, adapter, r, limit);
  }

  /** The best {@code limit} of {@code evidence}, found with the adapter {@code a}. */
  private List<Candidate> rank(List<EntryEvidence> evidence, QueryAdapter a, Reranker r, int limit) {
    List<Candidate> ranked = fusion.rank(evidence, rivalFloor(a), r);
    return List.copyOf(ranked.subList(0, Math.min(limit, ranked.size())));
  }

  /** The adapter in use, or null. */
  public QueryAdapter adapter() {
    return adapter;
  }

  /** The ranking score an unrelated entry reaches, in the current adapter's space. */
  public double rivalFloor() {
    return rivalFloor(adapter);
  }

  private double rivalFloor(QueryAdapter a) {
    return a == null ? rivalFloor : rivalFloor * a.similarityScale();
  }

  /** Entries best first by fused score, at most {@code limit}. */
  public List<Candidate> match(IndexSearcher searcher, String question, int limit) {
    return match(searcher, question, limit, -1);
  }

  /**
   * Entries best first as if the phrasing document {@code excludedDoc} of {@code searcher}'s
   * snapshot were not in the base (-1: none); calibration holds a base's own phrasings out this way.
   */
  public List<Candidate> match(IndexSearcher searcher, String question, int limit, int excludedDoc) {
    QueryAdapter a = adapter;
    return rank(evidence(searcher, question, a, excludedDoc), a, reranker, limit);
  }

  /** The unfused evidence for every candidate entry (tuning, tests). */
  public List<EntryEvidence> evidence(IndexSearcher searcher, String question) {
    return evidence(searcher, question, adapter, -1);
  }

  /** The unfused evidence with the phrasing document {@code excludedDoc} left out (-1: none). */
  public List<EntryEvidence> evidence(IndexSearcher searcher, String question, int excludedDoc) {
    return evidence(searcher, question, adapter, excludedDoc);
  }

  /**
   * A visitor's question: when {@code shortcut} (null: none) decides it from the BM25 pass alone,
   * at the base's answer cut {@code answerCut}, the one entry it answers, without embedding the
   * question; otherwise the entries best first by fused score, as {@link #match}. The BM25 pass is
   * the one the full match runs anyway, so a question the shortcut does not take costs nothing more.
   */
  public List<Candidate> match(
      IndexSearcher searcher, String question, int limit, LexicalShortcut shortcut, double answerCut) {
    try {
      LexicalPass pass = lexicalPass(searcher, question);
      if (pass == null) {
        return List.of();
      }
      if (shortcut != null && pass.top() != null) {
        Candidate decided = shortcut.decides(
            LexicalMatcher.group(searcher, pass.top(), pass.self(), LexicalShortcut.CANDIDATES, -1),
            answerCut);
        if (decided != null) {
          shortcutsTaken.increment();
          return List.of(decided);
        }
      }
      QueryAdapter a = adapter;
      return rank(evidence(searcher, pass, question, a, -1), a, reranker, limit);
    } catch (IOException e) {
      throw new UncheckedIOException("FAQ search failed", e);
    }
  }

  /** Questions answered by the lexical shortcut so far, without embedding them. */
  public long shortcutsTaken() {
    return shortcutsTaken.sum();
  }

  /** The question's terms, BM25 query, self score and best phrasings by BM25 (null: no terms). */
  private record LexicalPass(QueryTerms terms, Query lex, double self, TopDocs top) {}

  /** Null when the index has no phrasings. */
  private LexicalPass lexicalPass(IndexSearcher searcher, String question) throws IOException {
    CollectionStatistics stats = searcher.collectionStatistics(PhrasingDocuments.TEXT);
    if (stats == null) {
      return null;
    }
    QueryTerms terms = lexical.analyze(question);
    if (terms.isEmpty()) {
      return new LexicalPass(terms, null, 0, null);
    }
    Query lex = LexicalMatcher.query(terms);
    double self = lexical.selfScore(searcher.getIndexReader(), stats, terms);
    return new LexicalPass(terms, lex, self, searcher.search(lex, phrasingsToScan));
  }

  private List<EntryEvidence> evidence(
      IndexSearcher searcher, String question, QueryAdapter a, int excludedDoc) {
    try {
      LexicalPass pass = lexicalPass(searcher, question);
      return pass == null ? List.of() : evidence(searcher, pass, question, a, excludedDoc);
    } catch (IOException e) {
      throw new UncheckedIOException("FAQ search failed", e);
    }
  }

  private List<EntryEvidence> evidence(
      IndexSearcher searcher, LexicalPass pass, String question, QueryAdapter a, int excludedDoc)
      throws IOException {
    QueryTerms terms = pass.terms();
    Query lex = pass.lex();
    double self = pass.self();
    float[] q = embedder.embedQuery(question);
    if (a != null) {
      q = a.apply(q);
    }
    Set<String> ids = new LinkedHashSet<>();
    if (pass.top() != null) {
      addIds(pass.top(), new EntryIds(searcher.getIndexReader()), ids, excludedDoc);
    }
    Query knn = new KnnFloatVectorQuery(PhrasingDocuments.VECTOR, q, phrasingsToScan);
    addIds(searcher.search(knn, phrasingsToScan), new EntryIds(searcher.getIndexReader()), ids,
        excludedDoc);
    if (ids.isEmpty()) {
      return List.of();
    }
    IdentifierTerms names = fusion.identifiers() == 0 ? IdentifierTerms.NONE : IdentifierTerms.of(terms);
    return scoreAll(searcher, ids, lex, self, q, names, excludedDoc);
  }

  private void addIds(TopDocs top, EntryIds entryIds, Set<String> ids, int excludedDoc)
      throws IOException {
    Set<String> side = new LinkedHashSet<>();
    for (ScoreDoc sd : top.scoreDocs) {
      String id = sd.doc == excludedDoc ? null : entryIds.id(sd.doc);
      if (id != null && side.add(id) && side.size() >= entriesPerSide) {
        break;
      }
    }
    ids.addAll(side);
  }

  private List<EntryEvidence> scoreAll(
      IndexSearcher searcher, Set<String> ids, Query lex, double self, float[] q,
      IdentifierTerms identifiers, int excludedDoc) throws IOException {
    ScoreDoc[] hits = searcher.search(everyPhrasingOf(ids, lex), cap(searcher, ids)).scoreDocs;
    Arrays.sort(hits, Comparator.comparingInt(h -> h.doc));
    Map<String, EvidenceAccumulator> acc = new LinkedHashMap<>();
    EntryIds entryIds = new EntryIds(searcher.getIndexReader());
    PhrasingVectors vectors = new PhrasingVectors(searcher.getIndexReader());
    IdentifierTerms.Postings names = identifiers.postings(searcher.getIndexReader());
    for (ScoreDoc h : hits) {
      String id = h.doc == excludedDoc ? null : entryIds.id(h.doc);
      if (id != null) {
        double lexicalScore = self <= 0 ? 0 : Math.min(1.0, h.score / self);
        acc.computeIfAbsent(id, k -> new EvidenceAccumulator())
            .add(h.doc, lexicalScore, vectors.vector(h.doc), q, names.mask(h.doc));
      }
    }
    List<EntryEvidence> out = new ArrayList<>(acc.size());
    for (Map.Entry<String, EvidenceAccumulator> e : acc.entrySet()) {
      out.add(e.getValue().evidence(e.getKey(), q, identifiers));
    }
    return out;
  }

  /** All phrasings of the entries {@code ids}, scored by the lexical query (0 when it misses). */
  private static Query everyPhrasingOf(Set<String> ids, Query lex) {
    List<BytesRef> terms = new ArrayList<>(ids.size());
    for (String id : ids) {
      terms.add(new BytesRef(id));
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(new TermInSetQuery(PhrasingDocuments.ID, terms), BooleanClause.Occur.FILTER);
    if (lex != null) {
      b.add(lex, BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  private static int cap(IndexSearcher searcher, Set<String> ids) {
    return Math.min(Math.max(1, searcher.getIndexReader().numDocs()), ids.size() * MAX_PHRASINGS);
  }
}

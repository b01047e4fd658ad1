package dev.frontline.bot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frontline.bot.analysis.MixedLanguageAnalyzer;
import dev.frontline.bot.analysis.Scripts;
import dev.frontline.bot.decide.DecisionPolicy;
import dev.frontline.bot.decide.PersonRequests;
import dev.frontline.bot.index.FaqIndex;
import dev.frontline.bot.index.PhrasingDocuments;
import dev.frontline.bot.embed.Embedders;
import dev.frontline.bot.embed.TextEmbedder;
import dev.frontline.bot.match.AdapterConfig;
import dev.frontline.bot.match.AdapterTrainer;
import dev.frontline.bot.match.Candidate;
import dev.frontline.bot.match.QueryAdapter;
import java.util.ArrayList;
import org.apache.lucene.document.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.frontline.bot.match.EntryEvidence;
import dev.frontline.bot.match.HybridMatcher;
import dev.frontline.bot.match.LexicalMatcher;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * The FAQ bot on Lucene: BM25 over every phrasing of the published entries, an entry scoring by
 * its best phrasing, then {@link DecisionPolicy}. Hot questions are cached per index snapshot.
 */
public final class LuceneFaqBot implements FaqBot {

  /** Entries ranked per question; the policy uses the best three. */
  static final int CANDIDATES = 10;

  private static final int PHRASINGS_TO_SCAN = 50;

  /** Candidate entries taken from each of BM25 and dense before fusing. */
  private static final int ENTRIES_PER_SIDE = 20;

  private static final Logger LOG = LoggerFactory.getLogger(LuceneFaqBot.class);

  private final BotConfig config;
  private final Analyzer analyzer;
  private final FaqIndex index;
  private final PhrasingDocuments documents;
  private final LexicalMatcher lexical;
  private final HybridMatcher hybrid;
  private volatile DecisionPolicy policy;
  private final Cache<CacheKey, List<Candidate>> cache;

  private record CacheKey(long snapshot, String question) {}

  /** A base changed entry by entry learns its adapter again after this long without changes... */
  static final long ADAPTER_QUIET_MILLIS = 1_000;

  /** ...or at the latest this long after the first change that is waiting for it. */
  static final long ADAPTER_MAX_DELAY_MILLIS = 10_000;

  /** Relearns the adapter after entry-by-entry changes; null without dense or adapter. */
  private final AdapterUpkeep upkeep;

  /** How long the last rebuild's adapter took to learn (evaluation output). */
  private volatile long adapterMillis;

  LuceneFaqBot(BotConfig config) {
    this(config, config.dense() == null ? null : Embedders.shared(
        config.dense().model(), config.dense().threads(), config.dense().queryInstruction()));
  }

  /** With a given embedder (tests, benchmarks); null for BM25 only. */
  LuceneFaqBot(BotConfig config, TextEmbedder embedderOrNull) {
    this.config = Objects.requireNonNull(config, "config");
    TextEmbedder embedder = config.dense() == null ? null : embedderOrNull;
    this.analyzer = new MixedLanguageAnalyzer(config.segmentation());
    BM25Similarity similarity = new BM25Similarity((float) config.bm25K1(), (float) config.bm25B());
    this.documents = new PhrasingDocuments(embedder);
    this.index = new FaqIndex(analyzer, similarity, documents, config.refreshMillis());
    this.lexical = new LexicalMatcher(analyzer, similarity, PHRASINGS_TO_SCAN);
    this.hybrid =
        embedder == null
            ? null
            : new HybridMatcher(
                lexical, embedder, config.dense().fusion(), PHRASINGS_TO_SCAN, ENTRIES_PER_SIDE,
                config.dense().fusion().unrelatedScore(config.dense().model().unrelatedCosine()));
    this.policy = policy(config.directCategories());
    this.cache = Caffeine.newBuilder().maximumSize(config.cacheSize()).build();
    index.addRefreshListener(cache::invalidateAll);
    AdapterConfig adapter = config.dense() == null ? null : config.dense().adapter();
    this.upkeep = hybrid == null || adapter == null
        ? null
        : new AdapterUpkeep(index, adapter, this::useAdapter, ADAPTER_QUIET_MILLIS, ADAPTER_MAX_DELAY_MILLIS);
  }

  private void useAdapter(QueryAdapter adapter) {
    hybrid.useAdapter(adapter);
    cache.invalidateAll();
  }

  @Override
  public BotReply answer(String question, BotContext context) {
    BotReply early = policy.beforeSearch(question);
    if (early != null) {
      return early;
    }
    return decide(question, rank(question), context);
  }

  /** The reply together with the ranking behind it (evaluation); ranks even when handing off. */
  Traced answerTraced(String question, BotContext context) {
    List<Candidate> ranked = rank(question);
    BotReply early = policy.beforeSearch(question);
    return new Traced(early != null ? early : decide(question, ranked, context), ranked);
  }

  record Traced(BotReply reply, List<Candidate> ranked) {}

  private BotReply decide(String question, List<Candidate> ranked, BotContext context) {
    return policy.decide(
        ranked,
        config.thresholdsFor(Scripts.hasHan(question)),
        context == null ? BotContext.NONE : context,
        index::entry);
  }

  /** Entries best first with their scores, before any decision (evaluation, tests). */
  List<Candidate> rank(String question) {
    if (question == null || question.isBlank()) {
      return List.of();
    }
    IndexSearcher searcher = index.acquire();
    try {
      if (config.cacheSize() == 0) {
        return match(searcher, question);
      }
      long snapshot = ((DirectoryReader) searcher.getIndexReader()).getVersion();
      CacheKey key = new CacheKey(snapshot, cacheText(question));
      return cache.get(key, k -> match(searcher, question));
    } finally {
      index.release(searcher);
    }
  }

  private List<Candidate> match(IndexSearcher searcher, String question) {
    return hybrid == null
        ? lexical.match(searcher, question, CANDIDATES)
        : hybrid.match(searcher, question, CANDIDATES);
  }

  /** Milliseconds the last rebuild spent learning the question adapter. */
  long adapterMillis() {
    return adapterMillis;
  }

  /** The ranking score standing in for a missing runner-up (tuning); 0 without dense. */
  double rivalFloor() {
    return hybrid == null ? 0 : hybrid.rivalFloor();
  }

  /** Unfused BM25 and dense evidence per candidate entry (tuning); empty without dense. */
  List<EntryEvidence> evidence(String question) {
    if (hybrid == null || question == null || question.isBlank()) {
      return List.of();
    }
    IndexSearcher searcher = index.acquire();
    try {
      return hybrid.evidence(searcher, question);
    } finally {
      index.release(searcher);
    }
  }

  private static String cacheText(String question) {
    return question.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public void upsert(FaqEntry entry) {
    index.upsert(Objects.requireNonNull(entry, "entry"));
    if (upkeep != null) {
      upkeep.changed();
    }
  }

  @Override
  public void delete(String id) {
    index.delete(Objects.requireNonNull(id, "id"));
    if (upkeep != null) {
      upkeep.changed();
    }
  }

  @Override
  public void replaceAll(Collection<FaqEntry> entries) {
    List<FaqEntry> all = List.copyOf(entries);
    List<List<Document>> docs = documents.documents(all);
    QueryAdapter adapter = hybrid == null ? null : learnAdapter(docs);
    index.replaceAll(all, docs);
    if (upkeep != null) {
      upkeep.rebuilt(adapter);
    } else if (hybrid != null) {
      hybrid.useAdapter(adapter);
    }
    cache.invalidateAll();
  }

  @Override
  public void directCategories(Set<String> categories) {
    policy = policy(categories);
  }

  private DecisionPolicy policy(Set<String> directCategories) {
    return new DecisionPolicy(new PersonRequests(config.handoffPhrases()), directCategories);
  }

  @Override
  public void settle() {
    if (upkeep != null) {
      upkeep.settle();
    }
  }

  /** Adapters installed so far by rebuilds and relearns; 0 without an adapter (tests). */
  long adapterVersion() {
    return upkeep == null ? 0 : upkeep.installedVersion();
  }

  /** Whether questions are currently adapted (tests). */
  boolean adapted() {
    return hybrid != null && hybrid.adapter() != null;
  }

  /** The question adapter learned from the new base's phrasings (null when off or too small). */
  private QueryAdapter learnAdapter(List<List<Document>> docs) {
    AdapterConfig c = config.dense().adapter();
    if (c == null) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (List<Document> entry : docs) {
      for (Document d : entry) {
        ids.add(d.get(PhrasingDocuments.ID));
        vectors.add(PhrasingDocuments.vector(d));
      }
    }
    long t0 = System.nanoTime();
    QueryAdapter adapter = AdapterTrainer.train(ids, vectors, c);
    adapterMillis = (System.nanoTime() - t0) / 1_000_000;
    LOG.info(
        "question adapter {} from {} phrasings in {} ms",
        adapter == null ? "not learned (too few paraphrases)" : "learned", ids.size(),
        adapterMillis);
    return adapter;
  }

  /** Published entries held. */
  int size() {
    return index.size();
  }

  /** Makes every write so far visible now; for tests and start-up. */
  void refreshNow() {
    index.refreshNow();
  }

  @Override
  public void close() {
    if (upkeep != null) {
      upkeep.close();
    }
    index.close();
    analyzer.close();
  }
}

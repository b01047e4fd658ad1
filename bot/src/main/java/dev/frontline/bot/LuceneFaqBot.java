package dev.frontline.bot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frontline.bot.analysis.MixedLanguageAnalyzer;
import dev.frontline.bot.analysis.Scripts;
import dev.frontline.bot.decide.DecisionPolicy;
import dev.frontline.bot.decide.PersonRequests;
import dev.frontline.bot.decide.Thresholds;
import dev.frontline.bot.index.FaqIndex;
import dev.frontline.bot.index.PhrasingDocuments;
import dev.frontline.bot.embed.Embedders;
import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.bot.embed.TextEmbedder;
import dev.frontline.bot.match.AdapterConfig;
import dev.frontline.bot.match.AdapterTrainer;
import dev.frontline.bot.match.Candidate;
import dev.frontline.bot.match.Fusion;
import dev.frontline.bot.match.QueryAdapter;
import dev.frontline.bot.match.Reranker;
import dev.frontline.bot.match.RerankerConfig;
import dev.frontline.bot.match.RerankerTrainer;
import java.util.ArrayList;
import org.apache.lucene.document.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.frontline.bot.match.EntryEvidence;
import dev.frontline.bot.match.HybridMatcher;
import dev.frontline.bot.match.LexicalMatcher;
import dev.frontline.bot.match.LexicalShortcut;
import dev.frontline.knowledge.loop.QuestionClusters;
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
  private final TextEmbedder embedder;
  private final Analyzer analyzer;
  private final FaqIndex index;
  private final PhrasingDocuments documents;
  private final LexicalMatcher lexical;
  private final HybridMatcher hybrid;
  private volatile DecisionPolicy policy;
  private final LexicalShortcut shortcut;
  private final Cache<CacheKey, List<Candidate>> cache;

  private record CacheKey(long snapshot, String question) {}

  /** A base changed entry by entry learns its adapter again after this long without changes... */
  static final long ADAPTER_QUIET_MILLIS = 1_000;

  /** ...or at the latest this long after the first change that is waiting for it. */
  static final long ADAPTER_MAX_DELAY_MILLIS = 10_000;

  /** Relearns the adapter (if any) and the calibration after changes. */
  private final AdapterUpkeep upkeep;

  /** Held-out phrasings asked per calibration at most (a deterministic sample of larger bases). */
  static final int CALIBRATION_SAMPLES = 1_000;

  private volatile CalibrationSettings calibrationSettings = CalibrationSettings.DEFAULTS;

  /** The thresholds learned from the current base; null until the first calibration. */
  private volatile Calibration calibration;

  /** How long the last rebuild's adapter took to learn (evaluation output). */
  private volatile long adapterMillis;

  LuceneFaqBot(BotConfig config) {
    this(config, config.dense() == null ? null : Embedders.shared(
        config.dense().model(), config.dense().threads(), config.dense().queryInstruction()));
  }

  /** With a given embedder (tests, benchmarks); null for BM25 only. */
  LuceneFaqBot(BotConfig config, TextEmbedder embedderOrNull) {
    this.config = Objects.requireNonNull(config, "config");
    this.embedder = config.dense() == null ? null : embedderOrNull;
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
    this.shortcut = hybrid == null ? null : config.dense().shortcut();
    this.policy = policy(config.directCategories());
    this.cache = Caffeine.newBuilder().maximumSize(config.cacheSize()).build();
    index.addRefreshListener(cache::invalidateAll);
    AdapterConfig adapter = config.dense() == null ? null : config.dense().adapter();
    this.upkeep = new AdapterUpkeep(index, hybrid == null ? null : adapter, this::useAdapter,
        this::calibrateNow, ADAPTER_QUIET_MILLIS, ADAPTER_MAX_DELAY_MILLIS);
  }

  private void useAdapter(QueryAdapter adapter) {
    if (hybrid != null) {
      hybrid.useAdapter(adapter);
    }
    cache.invalidateAll();
  }

  /** The language of this bot's thresholds: its model's, or without one, most phrasings'. */
  private String language(List<FaqIndex.Phrasing> phrasings) {
    if (config.dense() != null) {
      return config.dense().model() == EmbeddingModel.BGE_SMALL_ZH ? "zh" : "en";
    }
    long han = phrasings.stream().filter(p -> Scripts.hasHan(p.text())).count();
    return han * 2 >= phrasings.size() ? "zh" : "en";
  }

  /**
   * Learns the re-ranker (when configured) and the thresholds from the current snapshot now, on
   * the caller's thread. The held-out phrasings are searched once; the re-ranker is learned from
   * their evidence, and each is then ranked by the re-ranker learned from the other half of them
   * (so the thresholds see the re-ranker as visitors' questions will, not on what it learned).
   */
  void calibrateNow() {
    IndexSearcher searcher = index.acquire();
    Calibration c;
    try {
      List<FaqIndex.Phrasing> phrasings = FaqIndex.phrasings(searcher);
      String language = language(phrasings);
      CalibrationSettings settings = calibrationSettings;
      List<FaqIndex.Phrasing> sample = HeldOut.sample(phrasings, CALIBRATION_SAMPLES);
      List<EvalResult> heldOut = rerankerConfig() == null
          ? heldOutAsIs(searcher, sample)
          : heldOutReranked(searcher, sample, rerankerConfig());
      List<EvalResult> outOfScope = new ArrayList<>();
      for (String q : settings.outOfScope()) {
        outOfScope.add(traced(new EvalQuery(q, null), match(searcher, q, -1)));
      }
      c = Calibrator.calibrate(language, heldOut, outOfScope, settings,
          config.thresholdsFor(language.equals("zh")));
    } finally {
      index.release(searcher);
    }
    calibration = c;
    LOG.info("calibrated {} thresholds {} from {} held-out phrasings and {} out-of-scope examples",
        c.language(), c.thresholds(), c.heldOut(), c.outOfScope());
  }

  private RerankerConfig rerankerConfig() {
    return hybrid == null ? null : config.dense().reranker();
  }

  private List<EvalResult> heldOutAsIs(IndexSearcher searcher, List<FaqIndex.Phrasing> sample) {
    List<EvalResult> out = new ArrayList<>();
    for (FaqIndex.Phrasing p : sample) {
      out.add(traced(new EvalQuery(p.text(), p.faqId()), match(searcher, p.text(), p.doc())));
    }
    return out;
  }

  /** Learns and installs the re-ranker; the held-out phrasings ranked out of fold. */
  private List<EvalResult> heldOutReranked(
      IndexSearcher searcher, List<FaqIndex.Phrasing> sample, RerankerConfig rc) {
    List<RerankerTrainer.Example> examples = new ArrayList<>(sample.size());
    for (FaqIndex.Phrasing p : sample) {
      examples.add(new RerankerTrainer.Example(hybrid.evidence(searcher, p.text(), p.doc()), p.faqId()));
    }
    Fusion fusion = hybrid.fusion();
    Reranker all = RerankerTrainer.train(examples, fusion, rc);
    Reranker[] folds = {
      RerankerTrainer.train(fold(examples, 1), fusion, rc),
      RerankerTrainer.train(fold(examples, 0), fusion, rc)
    };
    hybrid.useReranker(all);
    cache.invalidateAll();
    LOG.info("re-ranker {}", all == null ? "not learned (too few held-out phrasings)" : all);
    List<EvalResult> out = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      FaqIndex.Phrasing p = sample.get(i);
      List<Candidate> ranked = hybrid.rank(examples.get(i).candidates(), folds[i % 2], CANDIDATES);
      out.add(traced(new EvalQuery(p.text(), p.faqId()), ranked));
    }
    return out;
  }

  private static <T> List<T> fold(List<T> all, int parity) {
    List<T> out = new ArrayList<>();
    for (int i = parity; i < all.size(); i += 2) {
      out.add(all.get(i));
    }
    return out;
  }

  private EvalResult traced(EvalQuery q, List<Candidate> ranked) {
    return new EvalResult(q, decide(q.query(), ranked, BotContext.NONE), ranked, 0, 0);
  }

  /**
   * Two questions ask the same when their cosine is at least this share of the way from the
   * model's unrelated level to identical: bge-small-zh 0.84 ("营业厅可以带宠物进去吗" / "营业厅能带猫吗"
   * 0.85, "流量包怎么退" / "流量包怎么买" 0.81), en 0.89.
   */
  static final double SAME_QUESTION = 0.75;

  @Override
  public QuestionClusters.Meaning meaning(String text) {
    if (embedder == null || text == null || text.isBlank()) {
      return null;
    }
    EmbeddingModel model = config.dense().model();
    double unrelated = model.unrelatedCosine();
    return new QuestionClusters.Meaning(
        model.name(), embedder.embedQuery(text), unrelated + SAME_QUESTION * (1 - unrelated));
  }

  /** The thresholds learned from this base, or null before the first calibration. */
  @Override
  public List<Calibration> calibrations() {
    Calibration c = calibration;
    return c == null ? List.of() : List.of(c);
  }

  @Override
  public void calibrate(CalibrationSettings settings) {
    calibrationSettings = Objects.requireNonNull(settings, "settings");
    upkeep.recalibrate();
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
        ranked, thresholds(question), context == null ? BotContext.NONE : context, index::entry);
  }

  private Thresholds thresholds(String question) {
    Calibration c = calibration;
    return config.calibrated() && c != null ? c.thresholds() : config.thresholdsFor(Scripts.hasHan(question));
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

  /**
   * A visitor's question: when the lexical evidence alone decides it ({@link LexicalShortcut}),
   * the one entry it answers with the shortcut's confidence, without embedding the question;
   * otherwise the full match. Calibration never comes this way: it measures the full match.
   */
  private List<Candidate> match(IndexSearcher searcher, String question) {
    if (hybrid == null) {
      return lexical.match(searcher, question, CANDIDATES);
    }
    return hybrid.match(
        searcher, question, CANDIDATES, shortcut, shortcut == null ? 1 : thresholds(question).answer());
  }

  /** Questions answered by the lexical shortcut so far, without embedding them. */
  long shortcutsTaken() {
    return hybrid == null ? 0 : hybrid.shortcutsTaken();
  }

  /** The lexical pre-pass's best entries for {@code question} (tuning the shortcut). */
  List<Candidate> lexicalCandidates(String question) {
    IndexSearcher searcher = index.acquire();
    try {
      return lexical.match(searcher, question, LexicalShortcut.CANDIDATES);
    } finally {
      index.release(searcher);
    }
  }

  private List<Candidate> match(IndexSearcher searcher, String question, int excludedDoc) {
    return hybrid == null
        ? lexical.match(searcher, question, CANDIDATES, excludedDoc)
        : hybrid.match(searcher, question, CANDIDATES, excludedDoc);
  }

  /** Milliseconds the last rebuild spent learning the question adapter. */
  long adapterMillis() {
    return adapterMillis;
  }

  /** The re-ranker in use, as text (evaluation output). */
  String rerankerDescription() {
    Reranker r = hybrid == null ? null : hybrid.reranker();
    return r == null ? "none" : r.toString();
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

  /**
   * The held-out phrasings calibration asks (at most {@link #CALIBRATION_SAMPLES}) with their
   * unfused evidence, each with its own document left out (tuning).
   */
  List<HeldOutEvidence> heldOutEvidence() {
    if (hybrid == null) {
      return List.of();
    }
    IndexSearcher searcher = index.acquire();
    try {
      List<HeldOutEvidence> out = new ArrayList<>();
      for (FaqIndex.Phrasing p : HeldOut.sample(FaqIndex.phrasings(searcher), CALIBRATION_SAMPLES)) {
        out.add(new HeldOutEvidence(p.text(), p.faqId(), hybrid.evidence(searcher, p.text(), p.doc())));
      }
      return out;
    } finally {
      index.release(searcher);
    }
  }

  record HeldOutEvidence(String text, String faqId, List<EntryEvidence> evidence) {}

  private static String cacheText(String question) {
    return question.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public void upsert(FaqEntry entry) {
    index.upsert(Objects.requireNonNull(entry, "entry"));
    upkeep.changed();
  }

  @Override
  public void delete(String id) {
    index.delete(Objects.requireNonNull(id, "id"));
    upkeep.changed();
  }

  @Override
  public void replaceAll(Collection<FaqEntry> entries) {
    List<FaqEntry> all = List.copyOf(entries);
    List<List<Document>> docs = documents.documents(all);
    QueryAdapter adapter = hybrid == null ? null : learnAdapter(docs);
    index.replaceAll(all, docs);
    upkeep.rebuilt(adapter);
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
    upkeep.settle();
  }

  /** Adapters installed so far by rebuilds and relearns; 0 without an adapter (tests). */
  long adapterVersion() {
    return upkeep.installedVersion();
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
    upkeep.close();
    index.close();
    analyzer.close();
  }
}

package dev.frontline.bot.index;

import dev.frontline.knowledge.model.FaqEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published entries in Lucene, one document per phrasing (the question and each similar
 * phrasing), so that an entry can score by its best phrasing. Writes go through one {@link
 * IndexWriter}; a named background thread refreshes a {@link SearcherManager} every {@code
 * refreshMillis}, and answers always search the last refreshed snapshot, so a write never pauses
 * a question. A whole-set replacement is applied under a lock that the refresher also takes, so
 * no snapshot ever shows a half-replaced set.
 */
public final class FaqIndex implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaqIndex.class);

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final PhrasingDocuments documents;
  private final Map<String, FaqEntry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ScheduledExecutorService refresher;

  public FaqIndex(
      Analyzer analyzer, BM25Similarity similarity, PhrasingDocuments documents, long refreshMillis) {
    this.documents = Objects.requireNonNull(documents, "documents");
    try {
      // A memory-mapped temporary directory, not ByteBuffersDirectory: vector search reads
      // vectors straight from the mapped pages (MemorySegment) instead of copying them onto
      // the heap for every graph node visited, several times faster; and the index lives
      // off-heap. The index is derived data, rebuilt at start-up, and deleted on close.
      path = Files.createTempDirectory("frontline-bot-index-");
      // The directory is private to this index (a fresh temporary one), so no lock file: a
      // process-wide file lock can be invalidated by unrelated code closing a channel.
      directory = new MMapDirectory(path, NoLockFactory.INSTANCE);
      IndexWriterConfig config =
          new IndexWriterConfig(analyzer).setSimilarity(similarity).setCodec(new FaqCodec())
              .setCommitOnClose(false);
      config.setRAMBufferSizeMB(512);
      writer = new IndexWriter(directory, config);
      searchers = new SearcherManager(writer, new SimilarityFactory(similarity));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the FAQ index", e);
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "frontline-bot-index-refresh");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        this::refreshQuietly, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
  }

  /** Registers a listener told after each refresh that changed the visible snapshot. */
  public void addRefreshListener(Runnable onNewSnapshot) {
    searchers.addListener(
        new ReferenceManager.RefreshListener() {
          @Override
          public void beforeRefresh() {}

          @Override
          public void afterRefresh(boolean didRefresh) {
            if (didRefresh) {
              onNewSnapshot.run();
            }
          }
        });
  }

  public void upsert(FaqEntry entry) {
    List<Document> docs = documents.documents(entry);
    writeLock.lock();
    try {
      writer.updateDocuments(new Term(PhrasingDocuments.ID, entry.id()), docs);
      entries.put(entry.id(), entry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index entry " + entry.id(), e);
    } finally {
      writeLock.unlock();
    }
  }

  public void delete(String id) {
    writeLock.lock();
    try {
      writer.deleteDocuments(new Term(PhrasingDocuments.ID, id));
      entries.remove(id);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete entry " + id, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Replaces the whole set; visible at once when this returns. */
  public void replaceAll(Collection<FaqEntry> newEntries) {
    replaceAll(newEntries, documents.documents(newEntries));
  }

  /**
   * Replaces the whole set with entries whose documents were already made (by this index's
   * {@link PhrasingDocuments}, in order); visible at once when this returns.
   */
  public void replaceAll(Collection<FaqEntry> newEntries, List<List<Document>> docs) {
    if (docs.size() != newEntries.size()) {
      throw new IllegalArgumentException("one document list per entry");
    }
    writeLock.lock();
    try {
      writer.deleteAll();
      entries.clear();
      int i = 0;
      for (FaqEntry e : newEntries) {
        writer.addDocuments(docs.get(i++));
        entries.put(e.id(), e);
      }
      writer.forceMerge(1);
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace the FAQ index", e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Makes all writes so far visible now (tests, start-up); answers never need to call this. */
  public void refreshNow() {
    writeLock.lock();
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot refresh the FAQ index", e);
    } finally {
      writeLock.unlock();
    }
  }

  /** The entry ids of every phrasing document in the current snapshot (one per phrasing). */
  public List<String> phrasingIds() {
    List<String> out = new ArrayList<>();
    forEachLive((leaf, doc, id) -> out.add(id));
    return out;
  }

  /**
   * Hands {@code sink} the entry id and a copy of the vector of every phrasing in the current
   * snapshot whose entry {@code want} accepts (phrasings without a vector are skipped).
   */
  public void forEachVector(Predicate<String> want, BiConsumer<String, float[]> sink) {
    forEachLive(new LiveDoc() {
      private LeafReader leaf;
      private FloatVectorValues values;
      private KnnVectorValues.DocIndexIterator it;

      @Override
      public void accept(LeafReader r, int doc, String id) throws IOException {
        if (!want.test(id)) {
          return;
        }
        if (r != leaf) {
          leaf = r;
          values = r.getFloatVectorValues(PhrasingDocuments.VECTOR);
          it = values == null ? null : values.iterator();
        }
        if (it != null && (it.docID() >= doc ? it.docID() : it.advance(doc)) == doc) {
          sink.accept(id, values.vectorValue(it.index()).clone());
        }
      }
    });
  }

  /** One phrasing document of a snapshot: its entry, its document number there and its text. */
  public record Phrasing(String faqId, int doc, String text) {}

  /** Every live phrasing of {@code searcher}'s snapshot, in document order. */
  public static List<Phrasing> phrasings(IndexSearcher searcher) {
    List<Phrasing> out = new ArrayList<>();
    try {
      StoredFields stored = searcher.storedFields();
      for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
        Bits live = ctx.reader().getLiveDocs();
        for (int doc = 0; doc < ctx.reader().maxDoc(); doc++) {
          if (live == null || live.get(doc)) {
            Document d = stored.document(ctx.docBase + doc);
            String id = d.get(PhrasingDocuments.ID);
            String text = d.get(PhrasingDocuments.PHRASING);
            if (id != null && text != null) {
              out.add(new Phrasing(id, ctx.docBase + doc, text));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the FAQ index", e);
    }
    return out;
  }

  private interface LiveDoc {
    void accept(LeafReader leaf, int doc, String id) throws IOException;
  }

  /** Every live document of the current snapshot in doc order, with its entry id. */
  private void forEachLive(LiveDoc f) {
    IndexSearcher searcher = acquire();
    try {
      for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
        LeafReader leaf = ctx.reader();
        Bits live = leaf.getLiveDocs();
        SortedDocValues ids = DocValues.getSorted(leaf, PhrasingDocuments.ID);
        for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
          if (live == null || live.get(doc)) {
            f.accept(leaf, doc, ids.lookupOrd(ids.ordValue()).utf8ToString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the FAQ index", e);
    } finally {
      release(searcher);
    }
  }

  /** The entry as last published (may be newer than the snapshot being searched). */
  public FaqEntry entry(String id) {
    return entries.get(id);
  }

  public int size() {
    return entries.size();
  }

  /** Acquires the current snapshot; always {@link #release} it. */
  public IndexSearcher acquire() {
    try {
      return searchers.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot acquire a searcher", e);
    }
  }

  public void release(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release a searcher", e);
    }
  }

  private void refreshQuietly() {
    if (!writeLock.tryLock()) {
      return; // a bulk replacement is running; it refreshes when done
    }
    try {
      searchers.maybeRefresh();
    } catch (IOException | RuntimeException e) {
      LOG.warn("FAQ index refresh failed", e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    try {
      refresher.awaitTermination(5, TimeUnit.SECONDS);
      searchers.close();
      writer.close();
      directory.close();
      IOUtils.rm(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the FAQ index", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

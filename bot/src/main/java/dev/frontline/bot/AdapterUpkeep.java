package dev.frontline.bot;

import dev.frontline.bot.index.FaqIndex;
import dev.frontline.bot.match.AdapterConfig;
import dev.frontline.bot.match.AdapterTrainer;
import dev.frontline.bot.match.QueryAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the question adapter in step with a base that changes entry by entry (an editor's
 * publish, an import of a few hundred entries): after a change, once the base has been quiet
 * for {@code quietMillis} (or at the latest {@code maxDelayMillis} after the first pending
 * change), it learns a new adapter from the index's current phrasing vectors on its own thread
 * and installs it. Answers keep using the previous adapter meanwhile and never wait. A whole-base
 * rebuild learns its adapter itself and supersedes whatever is pending.
 */
final class AdapterUpkeep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterUpkeep.class);

  private final FaqIndex index;
  private final AdapterConfig config;
  private final Consumer<QueryAdapter> install;
  private final long quietMillis;
  private final long maxDelayMillis;
  private final ScheduledExecutorService thread;

  private final Object lock = new Object();
  private long changes;
  private long installed;
  private long firstPendingNanos;
  private ScheduledFuture<?> pending;

  AdapterUpkeep(FaqIndex index, AdapterConfig config, Consumer<QueryAdapter> install,
      long quietMillis, long maxDelayMillis) {
    this.index = index;
    this.config = config;
    this.install = install;
    this.quietMillis = quietMillis;
    this.maxDelayMillis = maxDelayMillis;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "frontline-bot-adapter");
      t.setDaemon(true);
      return t;
    });
  }

  /** An entry was added, changed or deleted: learn again once the base is quiet. */
  void changed() {
    synchronized (lock) {
      changes++;
      long now = System.nanoTime();
      if (pending == null) {
        firstPendingNanos = now;
      } else {
        pending.cancel(false);
      }
      long waited = TimeUnit.NANOSECONDS.toMillis(now - firstPendingNanos);
      long delay = Math.max(0, Math.min(quietMillis, maxDelayMillis - waited));
      pending = thread.schedule(this::relearn, delay, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A whole-base rebuild learned {@code adapter} itself: install it unless something newer is
   * installed, and drop any pending relearn of older content.
   */
  void rebuilt(QueryAdapter adapter) {
    synchronized (lock) {
      changes++;
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
      installed = changes;
      install.accept(adapter);
    }
  }

  /** Learns now, on the caller's thread, if changes are waiting for it. */
  void settle() {
    synchronized (lock) {
      if (installed >= changes) {
        return;
      }
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }
    relearn();
  }

  /** Adapters installed by this upkeep's relearns and rebuilds so far (tests). */
  long installedVersion() {
    synchronized (lock) {
      return installed;
    }
  }

  private void relearn() {
    long version;
    synchronized (lock) {
      pending = null;
      version = changes;
    }
    try {
      index.refreshNow();
      Set<String> chosen = AdapterTrainer.sampled(index.phrasingIds(), config.maxEntries());
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      index.forEachVector(chosen::contains, (id, v) -> {
        ids.add(id);
        vectors.add(v);
      });
      long t0 = System.nanoTime();
      QueryAdapter adapter = AdapterTrainer.train(ids, vectors, config);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      synchronized (lock) {
        if (version <= installed) {
          return; // a rebuild installed newer content meanwhile
        }
        installed = version;
        install.accept(adapter);
      }
      LOG.info("question adapter {} after changes, from {} phrasings in {} ms",
          adapter == null ? "dropped (too few paraphrases)" : "relearned", ids.size(), ms);
    } catch (RuntimeException e) {
      LOG.warn("question adapter relearn failed; the previous one stays", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

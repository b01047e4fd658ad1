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
 * Keeps what the bot learns from its whole base (the question adapter, when there is one, and
 * the calibration of its thresholds) in step with a base that changes entry by entry (an
 * editor's publish, an import of a few hundred entries): after a change, once the base has been
 * quiet for {@code quietMillis} (or at the latest {@code maxDelayMillis} after the first pending
 * change), it learns a new adapter from the index's current phrasing vectors on its own thread
 * and installs it, then calibrates again. Answers keep using the previous adapter and thresholds
 * meanwhile and never wait. A whole-base rebuild learns its adapter itself and supersedes
 * whatever is pending; its calibration follows on this thread.
 */
final class AdapterUpkeep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterUpkeep.class);

  private final FaqIndex index;
  private final AdapterConfig config;
  private final Consumer<QueryAdapter> install;
  private final Runnable calibrate;
  private final Object calibrating = new Object();
  private final long quietMillis;
  private final long maxDelayMillis;
  private final ScheduledExecutorService thread;

  private final Object lock = new Object();
  private long changes;
  private long installed;
  private long firstPendingNanos;
  private long calibrated = -1;
  private long settingsChanges;
  private long calibratedSettings = -1;
  private ScheduledFuture<?> pending;

  /**
   * @param config how to learn the adapter, or null for none (calibration only)
   * @param calibrate learns the thresholds from the current snapshot (on the caller's thread)
   */
  AdapterUpkeep(FaqIndex index, AdapterConfig config, Consumer<QueryAdapter> install,
      Runnable calibrate, long quietMillis, long maxDelayMillis) {
    this.index = index;
    this.config = config;
    this.install = install;
    this.calibrate = calibrate;
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
      pending = thread.schedule(this::scheduledCalibration, 0, TimeUnit.MILLISECONDS);
    }
  }

  /** The calibration's settings changed: calibrate again soon, off the caller's thread. */
  void recalibrate() {
    synchronized (lock) {
      settingsChanges++;
      if (pending == null) {
        pending = thread.schedule(this::scheduledCalibration, 0, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Learns now, on the caller's thread, if changes or settings are waiting for it. */
  void settle() {
    boolean relearn;
    synchronized (lock) {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
      relearn = installed < changes;
    }
    if (relearn) {
      relearn();
    }
    calibrateIfStale();
  }

  private void scheduledCalibration() {
    synchronized (lock) {
      pending = null;
    }
    calibrateIfStale();
  }

  /** Calibrates the current snapshot unless that was done after the last install. */
  private void calibrateIfStale() {
    synchronized (calibrating) {
      long version;
      long settings;
      synchronized (lock) {
        version = installed;
        settings = settingsChanges;
        if (calibrated >= version && calibratedSettings == settings) {
          return;
        }
      }
      try {
        index.refreshNow();
        calibrate.run();
        synchronized (lock) {
          calibrated = version;
          calibratedSettings = settings;
        }
      } catch (RuntimeException e) {
        LOG.warn("calibration failed; the previous thresholds stay", e);
      }
    }
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
      if (config == null) {
        synchronized (lock) {
          if (version > installed) {
            installed = version;
          }
        }
        calibrateIfStale();
        return;
      }
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
      calibrateIfStale();
    } catch (RuntimeException e) {
      LOG.warn("question adapter relearn failed; the previous one stays", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

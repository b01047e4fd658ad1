package dev.frontline.server.trail;

import java.sql.SQLException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention period, run every six hours: trail events older than {@code trailRetentionDays}
 * and the daily files of the days before are deleted. The setting is read at each run, so a change
 * through {@code PUT /api/settings} applies at the next one (or at once with
 * {@code POST /api/trajectory/purge}). Zero or less keeps everything.
 */
public final class TrailRetention implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TrailRetention.class);

  private final TrailRecorder trail;
  private final IntSupplier retentionDays;

  public TrailRetention(TrailRecorder trail, IntSupplier retentionDays) {
    this.trail = trail;
    this.retentionDays = retentionDays;
  }

  /** Applies the period now; returns how many events it deleted. */
  public int apply() throws SQLException {
    int days = retentionDays.getAsInt();
    return days > 0 ? trail.purgeOlderThan(days) : 0;
  }

  @Override
  public void run() {
    try {
      apply();
    } catch (SQLException e) {
      log.warn("event=trail.purge_failed reason={}", e.getMessage());
    }
  }
}

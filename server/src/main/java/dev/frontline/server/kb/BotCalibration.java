package dev.frontline.server.kb;

import dev.frontline.bot.CalibrationSettings;
import dev.frontline.bot.FaqBot;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the knowledge base's owners tell the bot's calibration (docs/bot.md, "Calibration per
 * knowledge base"), kept in the database: the precision to aim at (the {@code settings} row
 * {@value #TARGET}) and the out-of-scope examples, which are rows of the unanswered log
 * ({@code faq_misses}) resolved {@value #OUT_OF_SCOPE} (added by an editor as examples) or
 * {@code dismissed} (an unanswered question an editor judged not worth an answer). Every change
 * is handed to the bot, which learns its thresholds again in the background.
 */
public final class BotCalibration {
  static final String TARGET = "botTargetPrecision";
  public static final String OUT_OF_SCOPE = "out_of_scope";
  public static final int MAX_EXAMPLE = 1000;

  private final Database db;
  private final FaqBot bot;
  private final Clock clock;
  private volatile CalibrationSettings current = CalibrationSettings.DEFAULTS;

  public BotCalibration(Database db, FaqBot bot, Clock clock) {
    this.db = db;
    this.bot = bot;
    this.clock = clock;
  }

  /** Reads the stored settings and hands them to the bot (start-up, on the starting thread). */
  public static BotCalibration start(Database db, FaqBot bot, Clock clock) {
    BotCalibration c = new BotCalibration(db, bot, clock);
    try {
      c.reload();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the bot calibration settings", e);
    }
    return c;
  }

  /** The settings as last read or written. */
  public CalibrationSettings settings() {
    return current;
  }

  /** Reads the settings and hands them to the bot (start-up, after a dismissal). */
  public void reload() throws SQLException {
    double target = CalibrationSettings.DEFAULT_TARGET_PRECISION;
    List<String> examples = new ArrayList<>();
    try (Connection c = db.connection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
        ps.setString(1, TARGET);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            target = parseTarget(rs.getString(1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT question FROM faq_misses WHERE resolution IN (?, ?)"
          + " ORDER BY id DESC")) {
        ps.setString(1, OUT_OF_SCOPE);
        ps.setString(2, "dismissed");
        ps.setMaxRows(CalibrationSettings.MAX_OUT_OF_SCOPE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            examples.add(rs.getString(1));
          }
        }
      }
    }
    current = new CalibrationSettings(target, examples);
    bot.calibrate(current);
  }

  private static double parseTarget(String v) {
    try {
      double d = Double.parseDouble(v);
      return d >= 0.5 && d <= 1 ? d : CalibrationSettings.DEFAULT_TARGET_PRECISION;
    } catch (NumberFormatException e) {
      return CalibrationSettings.DEFAULT_TARGET_PRECISION;
    }
  }

  /** Saves the precision to aim at, in [0.5, 1], and recalibrates. */
  public void setTargetPrecision(double target) throws SQLException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM settings WHERE name = ?");
          PreparedStatement ins = c.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
        del.setString(1, TARGET);
        del.executeUpdate();
        ins.setString(1, TARGET);
        ins.setString(2, Double.toString(target));
        ins.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    reload();
  }

  /** Adds questions the base should not answer, each at most {@value #MAX_EXAMPLE} characters. */
  public void addOutOfScope(List<String> questions, String by) throws SQLException {
    long now = clock.millis();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO faq_misses (question, decision, reason, score, ts,"
            + " resolved_at, resolution, resolved_by) VALUES (?, 'example', ?, 0, ?, ?, ?, ?)")) {
      for (String q : questions) {
        ps.setString(1, q.strip());
        ps.setString(2, OUT_OF_SCOPE);
        ps.setLong(3, now);
        ps.setLong(4, now);
        ps.setString(5, OUT_OF_SCOPE);
        ps.setString(6, by);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    reload();
  }
}

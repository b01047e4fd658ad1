package dev.frontline.server.kb;

import dev.frontline.knowledge.loop.Miss;
import dev.frontline.knowledge.loop.QuestionClusters;
import dev.frontline.server.logging.Masking;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The improvement loop's input: questions the bot handed off or was unsure of in chat
 * ({@code faq_misses}), with no visitor or conversation id and personal numbers masked. Written
 * through the events journal (never blocks a conversation); read back grouped by
 * {@link QuestionClusters}.
 */
public final class MissLog {
  /** Most recent open questions considered when grouping. */
  public static final int WINDOW = 5_000;
  private static final int MAX_TEXT = 1000;

  private final Database db;
  private final Journal journal;
  private final Clock clock;

  public MissLog(Database db, Journal journal, Clock clock) {
    this.db = db;
    this.journal = journal;
    this.clock = clock;
  }

  /** Queues one question; never blocks. */
  public void record(String question, String decision, String reason, String faqId, double score) {
    String text = Masking.mask(question.strip());
    if (text.isEmpty()) {
      return;
    }
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT);
    }
    journal.submit(new Journal.Write("INSERT INTO faq_misses (question, decision, reason, faq_id, score, ts)"
        + " VALUES (?, ?, ?, ?, ?, ?)", text, decision, reason, faqId, score, clock.millis()));
  }

  /** The open questions grouped by characters, most frequent group first. */
  public List<QuestionClusters.Group> groups() throws SQLException {
    return groups(text -> null);
  }

  /** The open questions grouped by characters and {@code meaning}, most frequent group first. */
  public List<QuestionClusters.Group> groups(Function<String, QuestionClusters.Meaning> meaning)
      throws SQLException {
    return QuestionClusters.group(open(), meaning);
  }

  /** The most recent open questions. */
  private List<Miss> open() throws SQLException {
    List<Miss> misses = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, question, decision, faq_id, score, ts FROM faq_misses"
            + " WHERE resolved_at IS NULL ORDER BY id DESC LIMIT " + WINDOW);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        misses.add(new Miss(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
            rs.getLong(6)));
      }
    }
    return misses;
  }

  /**
   * Resolves ({@code answered}) the open questions that {@code answers} now gives an entry for
   * (it returns the entry's id, or null); each distinct text is asked once. Returns how many.
   */
  public int resolveAnswered(Function<String, String> answers) throws SQLException {
    Map<String, String> byText = new HashMap<>();
    List<Miss> misses = open();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("UPDATE faq_misses SET resolved_at = ?, resolution = 'answered',"
            + " resolved_faq_id = ? WHERE id = ? AND resolved_at IS NULL")) {
      int n = 0;
      long now = clock.millis();
      for (Miss m : misses) {
        String faqId = byText.computeIfAbsent(m.text().strip(), t -> {
          String id = answers.apply(t);
          return id == null ? "" : id;
        });
        if (!faqId.isEmpty()) {
          ps.setLong(1, now);
          ps.setString(2, faqId);
          ps.setLong(3, m.id());
          ps.addBatch();
          n++;
        }
      }
      if (n > 0) {
        ps.executeBatch();
      }
      return n;
    }
  }

  /** The open group with this id, or null. */
  public QuestionClusters.Group group(String id, Function<String, QuestionClusters.Meaning> meaning)
      throws SQLException {
    return groups(meaning).stream().filter(g -> g.id().equals(id)).findFirst().orElse(null);
  }

  /** Marks a group's questions resolved, in the caller's transaction. */
  public void resolve(Connection c, QuestionClusters.Group g, String resolution, String faqId, String by)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE faq_misses SET resolved_at = ?, resolution = ?,"
        + " resolved_faq_id = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL")) {
      long now = clock.millis();
      for (Miss m : g.misses()) {
        ps.setLong(1, now);
        ps.setString(2, resolution);
        ps.setString(3, faqId);
        ps.setString(4, by);
        ps.setLong(5, m.id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Marks a group's questions resolved on their own (dismissed). */
  public void resolve(QuestionClusters.Group g, String resolution, String by) throws SQLException {
    try (Connection c = db.connection()) {
      resolve(c, g, resolution, null, by);
    }
  }
}

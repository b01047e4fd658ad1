package dev.frontline.bench.kpi;

import dev.frontline.bench.SuppressForbidden;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code kpi-cost}: what keeping the KPI facts costs the writes, on a filled database opened with
 * the server's own settings (durable commits). The server's journal commits many writes at once
 * (group commit), so the facts add statements to a transaction, never a commit; measured here as
 * transactions of {@code --batch} new conversations' writes, with and without the fact statements,
 * alternating:
 *
 * <ul>
 *   <li>a first visitor message: {@code INSERT INTO messages} alone, or with the {@code UPDATE
 *       conversations SET first_visitor_at} the server adds to it;
 *   <li>a first hand-off: the conversation's state {@code UPDATE} alone, or with the follow-up
 *       {@code UPDATE} of the visitor's earlier conversations (first-contact resolution).
 * </ul>
 *
 * Run it last: it adds conversations dated now and touches the visitors' follow-ups. Same database
 * options as {@code kpi-fill}; {@code --rounds} (default 40) of {@code --batch} (default 50). The
 * new conversations belong to the generator's visitors ({@code v-bench...}).
 */
@SuppressForbidden
public final class FactCost {
  private static final String MESSAGE = "INSERT INTO messages (conversation_id, seq, sender, author_id, author_name,"
      + " text, ts, client_id, faq_id, extra) VALUES (?, ?, 'visitor', NULL, NULL, ?, ?, ?, NULL, NULL)";
  private static final String FIRST_VISITOR =
      "UPDATE conversations SET first_visitor_at = ? WHERE id = ? AND first_visitor_at IS NULL";
  private static final String HANDOFF = "UPDATE conversations SET state = 'queued', group_id = ?, agent_id = NULL,"
      + " menu_id = NULL, updated_at = ?, handoff_at = ?, queued_at = ?, assigned_at = NULL, first_response_at = NULL,"
      + " handoff_reason = COALESCE(handoff_reason, ?), first_assigned_at = COALESCE(first_assigned_at, NULL)"
      + " WHERE id = ?";
  private static final String FOLLOW_UP = "UPDATE conversations SET followup_at = ? WHERE visitor_id = ? AND id <> ?"
      + " AND closed_at IS NOT NULL AND closed_at <= ? AND followup_at IS NULL";

  private FactCost() {}

  public static int run(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Map<String, String> env = new HashMap<>();
    env.put("FRONTLINE_DATA", o.getOrDefault("data", "./data"));
    if (o.containsKey("db-url")) {
      env.put("FRONTLINE_DB_URL", o.get("db-url"));
      env.put("FRONTLINE_DB_USER", o.getOrDefault("db-user", "postgres"));
      env.put("FRONTLINE_DB_PASSWORD", "");
    }
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "40"));
    int batch = Integer.parseInt(o.getOrDefault("batch", "50"));
    try (Database db = Database.open(ServerConfig.fromEnv(env)); Connection c = db.connection()) {
      int visitors;
      try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM visitors WHERE id LIKE 'v-bench%'")) {
        rs.next();
        visitors = rs.getInt(1);
      }
      c.setAutoCommit(false);
      String[][] made = conversations(c, rounds * batch * 4, visitors);
      long[][] t = new long[4][rounds];
      int next = 0;
      for (int r = 0; r < rounds; r++) {
        for (int kind = 0; kind < 4; kind++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < batch; i++) {
            write(c, kind, made[0][next], made[1][next]);
            next++;
          }
          c.commit();
          t[kind][r] = System.nanoTime() - t0;
        }
      }
      double perTx = batch;
      double msg = median(t[0]) / perTx / 1000;
      double msgFact = median(t[1]) / perTx / 1000;
      double hand = median(t[2]) / perTx / 1000;
      double handFact = median(t[3]) / perTx / 1000;
      System.out.printf("engine=%s batch=%d rounds=%d (median transaction / writes in it)%n", db.dialect(), batch,
          rounds);
      System.out.printf("first visitor message: %.1f us, with first_visitor_at: %.1f us -> fact +%.1f us%n", msg,
          msgFact, msgFact - msg);
      System.out.printf("first hand-off: %.1f us, with follow-up: %.1f us -> fact +%.1f us%n", hand, handFact,
          handFact - hand);
    }
    return 0;
  }

  /** New open conversations of existing visitors (the generator's), one per write to time. */
  private static String[][] conversations(Connection c, int n, int visitors) throws SQLException {
    String[] ids = new String[n];
    String[] of = new String[n];
    long now = System.currentTimeMillis();
    java.util.SplittableRandom r = new java.util.SplittableRandom(42);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO conversations (id, visitor_id, state, channel,"
        + " created_at, updated_at) VALUES (?, ?, 'bot', 'web', ?, ?)")) {
      for (int i = 0; i < n; i++) {
        ids[i] = RandomIds.of("c", r);
        ps.setString(1, ids[i]);
        of[i] = Rows.visitorId(r.nextInt(visitors));
        ps.setString(2, of[i]);
        ps.setLong(3, now);
        ps.setLong(4, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
    return new String[][] {ids, of};
  }

  private static void write(Connection c, int kind, String id, String visitor) throws SQLException {
    long now = System.currentTimeMillis();
    if (kind < 2) {
      try (PreparedStatement ps = c.prepareStatement(MESSAGE)) {
        ps.setString(1, id);
        ps.setInt(2, 2);
        ps.setString(3, "你好，我想查一下话费余额");
        ps.setLong(4, now);
        ps.setString(5, "m-" + id);
        ps.executeUpdate();
      }
      if (kind == 1) {
        try (PreparedStatement ps = c.prepareStatement(FIRST_VISITOR)) {
          ps.setLong(1, now);
          ps.setString(2, id);
          ps.executeUpdate();
        }
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(HANDOFF)) {
      ps.setString(1, "consult");
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.setLong(4, now);
      ps.setString(5, "asked");
      ps.setString(6, id);
      ps.executeUpdate();
    }
    if (kind == 3) {
      try (PreparedStatement ps = c.prepareStatement(FOLLOW_UP)) {
        ps.setLong(1, now);
        ps.setString(2, visitor);
        ps.setString(3, id);
        ps.setLong(4, now);
        ps.executeUpdate();
      }
    }
  }

  private static double median(long[] a) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}

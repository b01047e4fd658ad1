package dev.frontline.server.kb;

import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqStatus;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads of the knowledge base: the editor's list, single entries and versions, the live set. */
public final class FaqQueries {
  private final Database db;

  public FaqQueries(Database db) {
    this.db = db;
  }

  /** A live entry's published content with its counters. */
  public record Live(String id, FaqContent content, long clicks, long helpful, long unhelpful) {}

  /**
   * The editor's list filter.
   *
   * @param status a status, {@code live} (has a published version), or null for everything but deleted
   * @param q text inside the question, a similar question or the answer, or the exact id
   */
  public record Filter(String status, String category, String q, int page, int size) {}

  /** One page of the list and how many match in all. */
  public record Page(List<FaqHead> entries, int total) {}

  /** The entry, or null when it does not exist or was deleted. */
  public FaqHead head(String id) throws SQLException {
    try (Connection c = db.connection()) {
      FaqHead h = FaqStore.head(c, id, false);
      return h == null || h.status() == FaqStatus.DELETED ? null : h;
    }
  }

  public FaqVersion version(String id, int version) throws SQLException {
    try (Connection c = db.connection()) {
      return FaqStore.version(c, id, version);
    }
  }

  public List<FaqVersion> versions(String id) throws SQLException {
    try (Connection c = db.connection()) {
      return FaqStore.versions(c, id);
    }
  }

  public Page list(Filter f) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (f.status() == null) {
      where.append(" AND status <> 'deleted'");
    } else if (f.status().equals("live")) {
      where.append(" AND published_version IS NOT NULL");
    } else {
      where.append(" AND status = ?");
      args.add(f.status());
    }
    if (f.category() != null) {
      where.append(" AND category = ?");
      args.add(f.category());
    }
    if (f.q() != null && !f.q().isBlank()) {
      String like = "%" + f.q().strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
          .replace("_", "\\_") + "%";
      where.append(" AND (LOWER(question) LIKE ? ESCAPE '\\' OR LOWER(similar_json) LIKE ? ESCAPE '\\'"
          + " OR LOWER(answer) LIKE ? ESCAPE '\\' OR id = ?)");
      args.addAll(List.of(like, like, like, f.q().strip()));
    }
    try (Connection c = db.connection()) {
      int total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM faq_entries" + where)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getInt(1);
        }
      }
      List<FaqHead> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + headColumns() + " FROM faq_entries" + where
          + " ORDER BY updated_at DESC, id LIMIT ? OFFSET ?")) {
        List<Object> all = new ArrayList<>(args);
        all.add(f.size());
        all.add((long) f.page() * f.size());
        bind(ps, all);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(FaqStore.head(rs));
          }
        }
      }
      return new Page(out, total);
    }
  }

  /** Every entry's latest content, deleted ones left out (export of work in progress). */
  public List<FaqHead> allLatest() throws SQLException {
    List<FaqHead> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + headColumns() + " FROM faq_entries"
            + " WHERE status <> 'deleted' ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(FaqStore.head(rs));
      }
    }
    return out;
  }

  /** Every live entry (published, any validity), by id. */
  public List<Live> live() throws SQLException {
    try (Connection c = db.connection()) {
      return live(c, null);
    }
  }

  /** One live entry, or null when nothing of it is published. */
  public Live live(String id) throws SQLException {
    try (Connection c = db.connection()) {
      List<Live> l = live(c, id);
      return l.isEmpty() ? null : l.get(0);
    }
  }

  private static List<Live> live(Connection c, String id) throws SQLException {
    List<Live> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT e.id, e.clicks, e.helpful, e.unhelpful, v."
        + FaqStore.CONTENT.replace(", ", ", v.") + " FROM faq_entries e JOIN faq_versions v"
        + " ON v.entry_id = e.id AND v.version = e.published_version WHERE e.published_version IS NOT NULL"
        + (id == null ? "" : " AND e.id = ?") + " ORDER BY e.id")) {
      if (id != null) {
        ps.setString(1, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Live(rs.getString(1), FaqStore.content(rs, 5), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    return out;
  }

  /** Changes whenever an entry or a synonym set changes (in any process sharing the database). */
  public String signature() throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM faq_entries),"
            + " (SELECT COALESCE(MAX(updated_at), 0) FROM faq_entries), (SELECT COALESCE(SUM(version), 0) FROM faq_entries),"
            + " (SELECT COUNT(*) FROM faq_synonyms), (SELECT COALESCE(MAX(updated_at), 0) FROM faq_synonyms),"
            + " (SELECT COALESCE(SUM(version), 0) FROM faq_synonyms)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= 6; i++) {
        b.append(rs.getLong(i)).append('/');
      }
      return b.toString();
    }
  }

  private static String headColumns() {
    return "id, status, version, published_version, change_kind, " + FaqStore.CONTENT
        + ", created_at, updated_at, updated_by, clicks, helpful, unhelpful";
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }
}

package dev.frontline.server.routing;

import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import dev.frontline.server.store.Dialect;

/** The menu offered with the greeting, read from the database and kept as an immutable copy. */
public final class MenuCatalog {
  /** The default menu: one entry per default group. */
  public static final List<MenuEntry> DEFAULTS = List.of(
      new MenuEntry("consult", "业务咨询", "Enquiries", 1, "consult", "业务咨询", false),
      new MenuEntry("query", "业务查询", "Account queries", 2, "query", "业务查询", false),
      new MenuEntry("transact", "业务办理", "Services", 3, "transact", "业务办理", false),
      new MenuEntry("shopping", "线上购物", "Online shopping", 4, "shopping", "线上购物", true),
      new MenuEntry("after_sales", "售后服务", "After-sales", 5, "after_sales", "售后服务", true),
      new MenuEntry("download", "应用下载", "App download", 6, "download", "应用下载", false),
      new MenuEntry("complaint", "投诉建议", "Complaints", 7, "complaint", "投诉建议", true),
      new MenuEntry("other", "其他服务", "Other", 8, "other", "其他服务", false));

  private final Database db;
  private volatile List<MenuEntry> entries = DEFAULTS;

  private volatile Consumer<List<MenuEntry>> listener = e -> {};

  public MenuCatalog(Database db) {
    this.db = db;
  }

  /**
   * Told the entries whenever they change (an admin's edit here, or another process's seen by
   * {@link #reload}), on the thread that changed them.
   */
  public void onChange(Consumer<List<MenuEntry>> l) {
    listener = l;
  }

  private synchronized void set(List<MenuEntry> list) {
    List<MenuEntry> next = List.copyOf(list);
    boolean changed = !next.equals(entries);
    entries = next;
    if (changed) {
      listener.accept(next);
    }
  }

  public List<MenuEntry> entries() {
    return entries;
  }

  public MenuEntry find(String id) {
    for (MenuEntry e : entries) {
      if (e.id().equals(id)) {
        return e;
      }
    }
    return null;
  }

  /** Reloads from the database (start-up, after an admin edit, periodically in a cluster). */
  public void reload() throws SQLException {
    List<MenuEntry> list = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, label, label_en, position, group_id, faq_category,"
            + " direct_to_person FROM menu_items ORDER BY position, id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        list.add(new MenuEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
            rs.getString(6), rs.getBoolean(7)));
      }
    }
    set(list);
  }

  /** Replaces the whole menu (admin). */
  public void replace(List<MenuEntry> list) throws SQLException {
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM menu_items");
          PreparedStatement ins = c.prepareStatement("INSERT INTO menu_items (id, label, label_en, position, group_id,"
              + " faq_category, direct_to_person) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        del.executeUpdate();
        for (MenuEntry e : list) {
          ins.setString(1, e.id());
          ins.setString(2, e.label());
          ins.setString(3, e.labelEn());
          ins.setInt(4, e.position());
          ins.setString(5, e.groupId());
          ins.setString(6, e.faqCategory());
          ins.setBoolean(7, e.directToPerson());
          ins.addBatch();
        }
        ins.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    set(list);
  }
}

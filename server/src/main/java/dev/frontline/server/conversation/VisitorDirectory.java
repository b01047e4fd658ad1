package dev.frontline.server.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frontline.server.protocol.VisitorCommand;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.frontline.server.store.Dialect;

/**
 * Visitors and their tokens. A token is a bearer secret kept by the widget; only its SHA-256
 * is stored. A verified host-site identity makes the visitor that customer: the same visitor id
 * on every browser, device and channel, with the anonymous history of this browser merged in.
 * Lookups go through a Caffeine cache (a copy, never the truth). Blocking: call from a worker
 * pool.
 */
public final class VisitorDirectory {
  private static final Logger log = LoggerFactory.getLogger(VisitorDirectory.class);
  /** A visit is a return after this much absence. */
  static final long NEW_VISIT_AFTER_MS = 30 * 60 * 1000L;
  /** Page views kept in memory per connected visitor, for proactive rules. */
  static final int RECENT_PAGES = 200;
  static final long RECENT_PAGES_DAYS = 30;

  /** A page the visitor saw. */
  public record PageSeen(String url, long ts) {}

  /**
   * What rules and agents know of a visitor when it connects: {@code name} and {@code attrs} as
   * the page passed them (unverified), {@code verified} what the host site's server set for the
   * customer (or null).
   */
  public record Profile(String customerId, String name, Map<String, String> attrs, int visits, int pastChats,
      List<PageSeen> recentPages, boolean optedOut, CustomerProfiles.Verified verified) {
    static final Profile NEW = new Profile(null, null, Map.of(), 1, 0, List.of(), false, null);
  }

  /** A visitor and the token its client holds. */
  public record Resolved(String visitorId, String token, boolean returning, Long lastAgentId, Profile profile) {}

  private final Database db;
  private final Journal journal;
  private final SiteIdentity identity;
  private final Cache<String, String> byTokenHash = Caffeine.newBuilder()
      .maximumSize(200_000)
      .expireAfterAccess(Duration.ofHours(1))
      .build();

  public VisitorDirectory(Database db, Journal journal, SiteIdentity identity) {
    this.db = db;
    this.journal = journal;
    this.identity = identity;
  }

  public SiteIdentity identity() {
    return identity;
  }

  /**
   * Finds the visitor a token belongs to (or that a verified identity names), or makes a new
   * visitor with a new token.
   */
  public Resolved resolveOrCreate(String token, VisitorCommand.Identity id, String channel, long now)
      throws SQLException {
    String customerId = identity.verify(id, now);
    String tokenVisitor = visitorOf(token);
    if (customerId != null) {
      return asCustomerOnceMore(customerId, id, token, tokenVisitor, channel, now);
    }
    if (tokenVisitor != null) {
      return returning(tokenVisitor, token, channel, now);
    }
    return create(now, channel, null, null, null);
  }

  private Resolved returning(String id, String token, String channel, long now) throws SQLException {
    Profile p = VisitorReads.profile(db, id, now);
    journal.submit(new Journal.Write("UPDATE visitors SET last_seen_at = ?, last_channel = ?, visits = ? WHERE id = ?",
        now, channel, p.visits(), id));
    return new Resolved(id, token, true, VisitorReads.lastAgent(db, id), p);
  }

  /**
   * {@link #asCustomer}, once more when it failed because another arrival of the same new customer
   * stored its visitor meanwhile (the customer id is unique): the second time finds that visitor.
   */
  private Resolved asCustomerOnceMore(String customerId, VisitorCommand.Identity id, String browserToken,
      String browserVisitor, String channel, long now) throws SQLException {
    try {
      return asCustomer(customerId, id, browserToken, browserVisitor, channel, now);
    } catch (SQLException e) {
      if (VisitorReads.byCustomer(db, customerId) == null) {
        throw e;
      }
      log.info("event=visitor.customer_race outcome=found_on_retry");
      return asCustomer(customerId, id, browserToken, browserVisitor, channel, now);
    }
  }

  /**
   * The visitor of a verified customer. The browser's token visitor is adopted (the customer is
   * new) or merged in (the customer has a visitor already) only when it is anonymous: a visitor
   * that belongs to another customer (a shared computer, customer A then customer B) keeps its
   * history, and the token says nothing about this customer, who gets its own visitor and token.
   */
  private Resolved asCustomer(String customerId, VisitorCommand.Identity id, String browserToken,
      String browserVisitor, String channel, long now) throws SQLException {
    String attrs = VisitorReads.attrsJson(id.attrs());
    String customerVisitor = VisitorReads.byCustomer(db, customerId);
    boolean ours = browserVisitor != null
        && (browserVisitor.equals(customerVisitor) || VisitorReads.anonymous(db, browserVisitor));
    if (browserVisitor != null && !ours) {
      log.info("event=visitor.token_ignored reason=other_customer visitor={}", browserVisitor);
    }
    String token = ours ? browserToken : null;
    String tokenVisitor = ours ? browserVisitor : null;
    if (customerVisitor == null && tokenVisitor != null) {
      // This browser's anonymous visitor becomes the customer.
      int adopted;
      try (Connection c = db.connection();
          PreparedStatement ps = c.prepareStatement("UPDATE visitors SET customer_id = ?, display_name = ?, attrs = ?"
              + " WHERE id = ? AND customer_id IS NULL")) {
        ps.setString(1, customerId);
        ps.setString(2, id.name());
        ps.setString(3, attrs);
        ps.setString(4, tokenVisitor);
        adopted = ps.executeUpdate();
      }
      if (adopted == 1) {
        return returning(tokenVisitor, token, channel, now);
      }
    }
    if (customerVisitor == null) {
      return create(now, channel, customerId, id.name(), attrs);
    }
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE visitors SET display_name = COALESCE(?, display_name), attrs = COALESCE(?, attrs) WHERE id = ?")) {
          ps.setString(1, id.name());
          ps.setString(2, attrs);
          ps.setString(3, customerVisitor);
          ps.executeUpdate();
        }
        if (tokenVisitor != null && !tokenVisitor.equals(customerVisitor)) {
          merge(c, tokenVisitor, customerVisitor);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    String t = token;
    if (tokenVisitor == null) {
      t = Ids.newToken();
      String hash = Ids.hashToken(t);
      byTokenHash.put(hash, customerVisitor);
      journal.submit(new Journal.Write("INSERT INTO visitor_tokens (token_hash, visitor_id, created_at) VALUES (?, ?, ?)",
          hash, customerVisitor, now));
    }
    return returning(customerVisitor, t, channel, now);
  }

  /**
   * Folds an anonymous visitor into the customer it turned out to be: its tokens, trail, closed
   * conversations and work orders. An open conversation of the anonymous visitor stays with it
   * until it closes (see docs/trajectory.md).
   */
  private void merge(Connection c, String from, String into) throws SQLException {
    for (String sql : List.of(
        "UPDATE visitor_tokens SET visitor_id = ? WHERE visitor_id = ?",
        "UPDATE visitor_events SET visitor_id = ? WHERE visitor_id = ?",
        "UPDATE conversations SET visitor_id = ? WHERE visitor_id = ? AND state = 'closed'",
        "UPDATE tickets SET visitor_id = ? WHERE visitor_id = ?")) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, into);
        ps.setString(2, from);
        ps.executeUpdate();
      }
    }
    byTokenHash.invalidateAll();
    log.info("event=visitor.merged from={} into={}", from, into);
  }

  private Resolved create(long now, String channel, String customerId, String name, String attrs)
      throws SQLException {
    String id = Ids.newId("v");
    String token = Ids.newToken();
    String hash = Ids.hashToken(token);
    byTokenHash.put(hash, id);
    CompletableFuture<Void> written = journal.submit(
        new Journal.Write("INSERT INTO visitors (id, customer_id, display_name, attrs, created_at, last_seen_at,"
            + " last_channel) VALUES (?, ?, ?, ?, ?, ?, ?)", id, customerId, name, attrs, now, now, channel),
        new Journal.Write("INSERT INTO visitor_tokens (token_hash, visitor_id, created_at) VALUES (?, ?, ?)",
            hash, id, now));
    if (customerId != null) {
      // The next arrival of this customer (another device, the channel API) looks it up by customer id.
      try {
        awaitStored(written);
      } catch (SQLException e) {
        byTokenHash.invalidate(hash); // never handed out
        throw e;
      }
    }
    Profile p = customerId == null ? Profile.NEW
        : new Profile(customerId, name, VisitorReads.attrsMap(attrs), 1, 0, List.of(), false, verified(customerId));
    return new Resolved(id, token, false, null, p);
  }

  private static void awaitStored(CompletableFuture<Void> written) throws SQLException {
    try {
      written.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new SQLException("visitor not stored: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new SQLException("visitor not stored within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while storing a visitor", e);
    }
  }

  private CustomerProfiles.Verified verified(String customerId) throws SQLException {
    try (Connection c = db.connection()) {
      return CustomerProfiles.read(c, customerId);
    }
  }

  /** The visitor a token belongs to, or null; never creates one. Blocking on a cache miss. */
  public String visitorOf(String token) throws SQLException {
    if (token == null || token.isBlank() || token.length() > 128) {
      return null;
    }
    String hash = Ids.hashToken(token);
    String id = byTokenHash.getIfPresent(hash);
    if (id == null) {
      id = lookup(hash);
      if (id != null) {
        byTokenHash.put(hash, id);
      }
    }
    return id;
  }

  /** The visitor of a verified customer id, making one when the customer is new (channel API). */
  public Resolved customer(VisitorCommand.Identity id, String channel, long now) throws SQLException {
    String customerId = identity.verify(id, now);
    if (customerId == null) {
      return null;
    }
    return asCustomerOnceMore(customerId, id, null, null, channel, now);
  }

  private String lookup(String hash) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT visitor_id FROM visitor_tokens WHERE token_hash = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Records the visitor's privacy choice (opt-out of tracking beyond the chat itself). */
  public void setOptOut(String visitorId, boolean optOut) {
    journal.submit(new Journal.Write("UPDATE visitors SET tracking_opt_out = ? WHERE id = ?", optOut, visitorId));
  }
}

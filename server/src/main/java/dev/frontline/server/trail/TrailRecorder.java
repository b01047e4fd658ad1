package dev.frontline.server.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.logging.Masking;
import dev.frontline.server.protocol.Json;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a visitor did and what the server did for them (the trail), in order, through its
 * own journal so that a burst of page views never delays a chat message. Once an event is
 * durable it is also appended to the day's JSON Lines file (personal numbers masked).
 *
 * <p>An event the journal refuses (its queue is full: more events come than the database takes)
 * is lost, and never silently: it is counted ({@link #stats}, {@code GET /api/trajectory/stats}),
 * logged at WARN at most every 10 s with the number since the last line, and a client's event is
 * answered {@code overloaded} by the caller ({@link #recordClientEvent} returns false).
 */
public final class TrailRecorder {
  private static final Logger log = LoggerFactory.getLogger(TrailRecorder.class);
  /** At most one WARN line about lost events per this interval (per kind of loss). */
  static final long LOST_LOG_INTERVAL_MS = 10_000;
  /** Fields every event has; a client's {@code track} frame cannot set them. */
  private static final Set<String> RESERVED = Set.of("type", "event", "ts", "visitorId", "conversationId");
  /**
   * Events that belong to the chat itself and are kept when a visitor opts out of tracking; every
   * other event (page views, widget events...) is browsing trajectory.
   */
  public static final Set<String> CHAT_EVENTS = Set.of("bot_question", "handoff", "queued", "no_agent", "assigned",
      "transferred", "takeover", "closed", "rated", "leave_message", "menu_click");
  /**
   * Every event the server records itself ({@link #record}). A client's {@code track} frame may not
   * use these names: it would forge what the server saw (a rating, an assignment...). {@code page_view}
   * is not among them: the server records one from {@code hello}'s page and the widget reports
   * in-page navigation under the same name.
   */
  public static final Set<String> SERVER_EVENTS = union(CHAT_EVENTS, Set.of("faq_pick", "proactive"));
  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /** The one event name both the server and clients record. */
  private static final String PAGE_VIEW = "page_view";

  private final Database db;
  private final Journal journal;
  private final Clock clock;
  private final TrailFiles files;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Refusals refused;
  private final Refusals failed;

  public TrailRecorder(Database db, Journal journal, Clock clock, TrailFiles files) {
    this.db = db;
    this.journal = journal;
    this.clock = clock;
    this.files = files;
    this.refused = new Refusals(log, "journal_refused", clock, LOST_LOG_INTERVAL_MS, journal::backlog);
    this.failed = new Refusals(log, "write_failed", clock, LOST_LOG_INTERVAL_MS, journal::backlog);
  }

  /**
   * Records a server-side event. {@code fields} are the event's own fields (may be empty). The
   * name must be one of {@link #SERVER_EVENTS} (or {@code page_view}), so that no client can
   * forge it.
   */
  public void record(String visitorId, String event, String conversationId, Map<String, ?> fields) {
    if (!SERVER_EVENTS.contains(event) && !PAGE_VIEW.equals(event)) {
      throw new IllegalArgumentException("server event '" + event + "' is not in SERVER_EVENTS");
    }
    ObjectNode data = Json.MAPPER.valueToTree(fields);
    write(visitorId, event, conversationId, data);
  }

  /**
   * Records an event a client reported; reserved fields and oversized values are dropped. Returns
   * false when the events journal refused it (it is lost; answer the client {@code overloaded}).
   * The caller refuses a name of {@link #SERVER_EVENTS} first (see {@link #isServerEvent}).
   */
  public boolean recordClientEvent(String visitorId, String event, String conversationId, ObjectNode frame) {
    if (isServerEvent(event)) {
      throw new IllegalArgumentException("a client may not record the server event '" + event + "'");
    }
    ObjectNode data = Json.object();
    Iterator<Map.Entry<String, JsonNode>> it = frame.properties().iterator();
    int n = 0;
    while (it.hasNext() && n < 20) {
      Map.Entry<String, JsonNode> f = it.next();
      if (RESERVED.contains(f.getKey()) || f.getKey().length() > 40) {
        continue;
      }
      JsonNode v = f.getValue();
      if (v.isValueNode() && v.asText().length() <= 2048) {
        data.set(f.getKey(), v);
        n++;
      }
    }
    return write(visitorId, event, conversationId, data);
  }

  /** True for a name only the server may record: a client's {@code track} with it is refused. */
  public static boolean isServerEvent(String event) {
    return SERVER_EVENTS.contains(event);
  }

  /** Hands the event to the journal; false if it refused it (full, or closing), counted and logged. */
  private boolean write(String visitorId, String event, String conversationId, ObjectNode data) {
    long ts = clock.millis();
    String json = data.isEmpty() ? null : data.toString();
    CompletableFuture<Void> done = journal.submit(new Journal.Write(
        "INSERT INTO visitor_events (visitor_id, event, ts, conversation_id, data) VALUES (?, ?, ?, ?, ?)",
        visitorId, event, ts, conversationId, json));
    // The journal refuses at once (the future has already failed) when its queue is full.
    if (Journal.refusedAtOnce(done)) {
      refused.add();
      return false;
    }
    queued.incrementAndGet();
    done.whenComplete((ok, err) -> {
      if (err == null) {
        written.incrementAndGet();
        files.append(exportLine(visitorId, event, ts, conversationId, json, true));
      } else {
        failed.add();
      }
    });
    return true;
  }

  /** Logs the losses not reported yet (called every few seconds, so that the last ones of a burst are told too). */
  public void reportLosses() {
    refused.flush();
    failed.flush();
  }

  /**
   * What the trail took: {@code queued} (the events journal took them), {@code written} (durable),
   * {@code refused} (the journal refused them: lost), {@code failed} (the database rejected them:
   * lost), and the events journal's {@code backlog} now.
   */
  public Map<String, Long> stats() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("queued", queued.get());
    m.put("written", written.get());
    m.put("refused", refused.total());
    m.put("failed", failed.total());
    m.put("backlog", (long) journal.backlog());
    return m;
  }

  /** One line of the export schema: visitorId, event, ts, conversationId (when any), then the event's fields. */
  static String exportLine(String visitorId, String event, long ts, String conversationId, String data, boolean mask) {
    ObjectNode o = Json.object();
    o.put("visitorId", visitorId);
    o.put("event", event);
    o.put("ts", ts);
    if (conversationId != null) {
      o.put("conversationId", conversationId);
    }
    if (data != null) {
      try {
        JsonNode d = Json.MAPPER.readTree(data);
        d.properties().forEach(f -> {
          if (!o.has(f.getKey())) {
            JsonNode v = f.getValue();
            o.set(f.getKey(), mask ? Masking.mask(v) : v);
          }
        });
      } catch (IOException e) {
        o.put("damaged", true);
      }
    }
    return o.toString();
  }

  /** Removes a visitor's browsing trajectory (everything but the chat's own events): the opt-out. */
  public void forgetBrowsing(String visitorId) {
    StringBuilder in = new StringBuilder();
    for (String e : CHAT_EVENTS) {
      in.append(in.isEmpty() ? "'" : ",'").append(e).append('\'');
    }
    journal.submit(new Journal.Write("DELETE FROM visitor_events WHERE visitor_id = ? AND event NOT IN (" + in + ")",
        visitorId));
  }

  /**
   * Deletes events older than {@code days}, and the daily files of days before that; returns how
   * many events.
   */
  public int purgeOlderThan(int days) throws SQLException {
    long cutoff = clock.millis() - days * 86_400_000L;
    int n;
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM visitor_events WHERE ts < ?")) {
      ps.setLong(1, cutoff);
      n = ps.executeUpdate();
    }
    int gone;
    try {
      gone = files.deleteOlderThan(days, clock.instant());
    } catch (IOException e) {
      gone = -1;
      log.warn("event=trail.files_purge_failed days={} reason={}", days, e.getMessage());
    }
    log.info("event=trail.purged days={} deleted={} files={}", days, n, gone);
    return n;
  }

  /**
   * A visitor's newest {@code limit} events, returned oldest first, each with {@code event},
   * {@code ts} and its fields: a visitor with a long history still shows its current visit.
   */
  public List<ObjectNode> trail(String visitorId, int limit) throws SQLException {
    List<ObjectNode> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT event, ts, conversation_id, data FROM visitor_events"
            + " WHERE visitor_id = ? ORDER BY ts DESC, id DESC LIMIT ?")) {
      ps.setString(1, visitorId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(event(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out.reversed();
  }

  static ObjectNode event(String event, long ts, String conversationId, String data) {
    ObjectNode o = Json.object();
    o.put("event", event);
    o.put("ts", ts);
    if (conversationId != null) {
      o.put("conversationId", conversationId);
    }
    if (data != null) {
      try {
        JsonNode d = Json.MAPPER.readTree(data);
        if (d instanceof ObjectNode obj) {
          obj.properties().forEach(f -> {
            if (!o.has(f.getKey())) {
              o.set(f.getKey(), f.getValue());
            }
          });
        }
      } catch (IOException e) {
        o.put("damaged", true);
      }
    }
    return o;
  }
}

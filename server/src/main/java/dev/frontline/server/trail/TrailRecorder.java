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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a visitor did and what the server did for them (the trail), in order, through its
 * own journal so that a burst of page views never delays a chat message. Once an event is
 * durable it is also appended to the day's JSON Lines file (personal numbers masked).
 */
public final class TrailRecorder {
  private static final Logger log = LoggerFactory.getLogger(TrailRecorder.class);
  /** Fields every event has; a client's {@code track} frame cannot set them. */
  private static final Set<String> RESERVED = Set.of("type", "event", "ts", "visitorId", "conversationId");
  /**
   * Events that belong to the chat itself and are kept when a visitor opts out of tracking; every
   * other event (page views, widget events...) is browsing trajectory.
   */
  public static final Set<String> CHAT_EVENTS = Set.of("bot_question", "handoff", "queued", "no_agent", "assigned",
      "transferred", "takeover", "closed", "rated", "leave_message", "menu_click");

  private final Database db;
  private final Journal journal;
  private final Clock clock;
  private final TrailFiles files;

  public TrailRecorder(Database db, Journal journal, Clock clock, TrailFiles files) {
    this.db = db;
    this.journal = journal;
    this.clock = clock;
    this.files = files;
  }

  /** Records a server-side event. {@code fields} are the event's own fields (may be empty). */
  public void record(String visitorId, String event, String conversationId, Map<String, ?> fields) {
    ObjectNode data = Json.MAPPER.valueToTree(fields);
    write(visitorId, event, conversationId, data);
  }

  /** Records an event a client reported; reserved fields and oversized values are dropped. */
  public void recordClientEvent(String visitorId, String event, String conversationId, ObjectNode frame) {
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
    write(visitorId, event, conversationId, data);
  }

  private void write(String visitorId, String event, String conversationId, ObjectNode data) {
    long ts = clock.millis();
    String json = data.isEmpty() ? null : data.toString();
    journal.submit(new Journal.Write(
        "INSERT INTO visitor_events (visitor_id, event, ts, conversation_id, data) VALUES (?, ?, ?, ?, ?)",
        visitorId, event, ts, conversationId, json)).thenRun(() -> files.append(exportLine(visitorId, event, ts,
            conversationId, json, true)));
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
            o.set(f.getKey(), mask && v.isTextual() ? o.textNode(Masking.mask(v.textValue())) : v);
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

  /** Deletes events older than {@code days}; returns how many. */
  public int purgeOlderThan(int days) throws SQLException {
    long cutoff = clock.millis() - days * 86_400_000L;
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM visitor_events WHERE ts < ?")) {
      ps.setLong(1, cutoff);
      int n = ps.executeUpdate();
      log.info("event=trail.purged days={} deleted={}", days, n);
      return n;
    }
  }

  /** A visitor's events, oldest first, each with {@code event}, {@code ts} and its fields. */
  public List<ObjectNode> trail(String visitorId, int limit) throws SQLException {
    List<ObjectNode> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT event, ts, conversation_id, data FROM visitor_events WHERE visitor_id = ? ORDER BY ts, id LIMIT ?")) {
      ps.setString(1, visitorId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(event(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
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

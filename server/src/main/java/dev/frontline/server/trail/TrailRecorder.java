package dev.frontline.server.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Records what a visitor did and what the server did for them (the trail), in order, through its
 * own journal so that a burst of page views never delays a chat message.
 */
public final class TrailRecorder {
  /** Fields every event has; a client's {@code track} frame cannot set them. */
  private static final Set<String> RESERVED = Set.of("type", "event", "ts", "visitorId", "conversationId");

  private final Database db;
  private final Journal journal;
  private final Clock clock;

  public TrailRecorder(Database db, Journal journal, Clock clock) {
    this.db = db;
    this.journal = journal;
    this.clock = clock;
  }

  /** Records a server-side event. {@code fields} are the event's own fields (may be empty). */
  public void record(String visitorId, String event, String conversationId, Map<String, ?> fields) {
    ObjectNode data = Json.MAPPER.valueToTree(fields);
    write(visitorId, event, conversationId, data);
  }

  /** Records an event a client reported; reserved fields and oversized values are dropped. */
  public void recordClientEvent(String visitorId, String event, String conversationId, ObjectNode frame) {
    ObjectNode data = Json.object();
    Iterator<Map.Entry<String, JsonNode>> it = frame.fields();
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
        visitorId, event, ts, conversationId, json));
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
          obj.fields().forEachRemaining(f -> {
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

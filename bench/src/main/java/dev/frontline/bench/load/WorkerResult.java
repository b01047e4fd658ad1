package dev.frontline.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Counters and histograms of a worker (or of all workers, merged). Crosses the process boundary
 * as one JSON line with the histograms in HdrHistogram's compressed encoding.
 */
final class WorkerResult {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one event loop measured. */
  record Part(Map<String, Long> counts, Histogram connect, Histogram welcome, Histogram ack, Histogram sendLag) {}

  final Map<String, Long> counts = new TreeMap<>();
  final Histogram connect = Histograms.create();
  final Histogram welcome = Histograms.create();
  final Histogram ack = Histograms.create();
  final Histogram sendLag = Histograms.create();

  void add(Map<String, Long> c) {
    c.forEach((k, v) -> counts.merge(k, v, Long::sum));
  }

  void add(Part p) {
    add(p.counts());
    connect.add(p.connect());
    welcome.add(p.welcome());
    ack.add(p.ack());
    sendLag.add(p.sendLag());
  }

  void add(WorkerResult r) {
    add(r.counts);
    connect.add(r.connect);
    welcome.add(r.welcome);
    ack.add(r.ack);
    sendLag.add(r.sendLag);
  }

  long count(String key) {
    return counts.getOrDefault(key, 0L);
  }

  String toJson() {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode c = n.putObject("counts");
    counts.forEach(c::put);
    ObjectNode h = n.putObject("histograms");
    h.put("connect", Histograms.encode(connect));
    h.put("welcome", Histograms.encode(welcome));
    h.put("ack", Histograms.encode(ack));
    h.put("sendLag", Histograms.encode(sendLag));
    return n.toString();
  }

  static WorkerResult fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      WorkerResult r = new WorkerResult();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("counts").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        r.counts.put(e.getKey(), e.getValue().asLong());
      }
      JsonNode h = n.get("histograms");
      r.connect.add(Histograms.decode(h.get("connect").asText()));
      r.welcome.add(Histograms.decode(h.get("welcome").asText()));
      r.ack.add(Histograms.decode(h.get("ack").asText()));
      r.sendLag.add(Histograms.decode(h.get("sendLag").asText()));
      return r;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("bad worker result", e);
    }
  }
}

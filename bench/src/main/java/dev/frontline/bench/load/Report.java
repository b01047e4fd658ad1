package dev.frontline.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.bench.SuppressForbidden;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * What the coordinator prints: a readable report on stdout, with the machine's load average at
 * each step (the machine is shared), and a last {@code RESULT {json}} line for scripts.
 */
@SuppressForbidden
final class Report {
  private final LoadOptions o;
  private final PrintStream out = System.out;
  private final ObjectNode json = new ObjectMapper().createObjectNode();

  Report(LoadOptions o) {
    this.o = o;
  }

  static String loadAverage() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  void header() {
    out.printf(Locale.ROOT, "frontline-bench load  %s%n", Instant.now());
    out.printf(Locale.ROOT, "  url=%s mode=%s clients=%d rate=%.0f/s duration=%ds warmup=%ds workers=%d threads=%d"
            + " conversation=%s texts=%s%n", String.join(",", o.urls().stream().map(Object::toString).toList()),
        lower(o.mode()), o.clients(), o.rate(), o.durationSeconds(),
        o.warmupSeconds(), o.workers(), o.threads(), conversation(),
        o.distinctTexts() || o.mode() == LoadOptions.Mode.DELIVER ? "distinct" : "same");
    out.printf(Locale.ROOT, "  machine: %d cpus; load average at start %s%n",
        Runtime.getRuntime().availableProcessors(), loadAverage());
    json.put("mode", lower(o.mode()));
    json.put("clients", o.clients());
    json.put("rate", o.rate());
    json.put("durationSeconds", o.durationSeconds());
    json.put("warmupSeconds", o.warmupSeconds());
    json.put("workers", o.workers());
    json.put("conversation", conversation());
    json.put("targets", o.urls().size());
    json.put("distinctTexts", o.distinctTexts() || o.mode() == LoadOptions.Mode.DELIVER);
    json.put("loadAvgStart", loadAverage());
  }

  void connected(Map<String, Long> ready) {
    long attempted = ready.getOrDefault("attempted", 0L);
    long ok = ready.getOrDefault("ready", 0L);
    StringBuilder failures = new StringBuilder();
    ready.forEach((k, v) -> {
      if (k.startsWith("failed:")) {
        failures.append(' ').append(k.substring(7)).append('=').append(v);
      }
    });
    out.printf(Locale.ROOT, "connected: attempted=%d ready=%d failed=%d%s  (load average %s)%n", attempted, ok,
        attempted - ok, failures, loadAverage());
    json.put("attempted", attempted);
    json.put("ready", ok);
    json.put("loadAvgConnected", loadAverage());
  }

  void started() {
    if (o.mode() == LoadOptions.Mode.IDLE) {
      out.printf(Locale.ROOT, "holding sockets for %ds%n", o.durationSeconds());
    } else if (o.mode() == LoadOptions.Mode.DELIVER) {
      out.printf(Locale.ROOT, "visitors sending to their agents: %ds warm-up then %ds measured at %.0f msgs/s%n",
          o.warmupSeconds(), o.durationSeconds(), o.rate());
    } else if (o.mode() == LoadOptions.Mode.ROUTING) {
      out.printf(Locale.ROOT, "asking for agents: %ds warm-up (the first requests spread over half of it), then %ds"
          + " measured%n", o.warmupSeconds(), o.durationSeconds());
    } else if (o.mode() == LoadOptions.Mode.TRACK) {
      out.printf(Locale.ROOT, "sending: track frames (%s) at %.0f/s and chat messages at %.0f/s for %ds warm-up + %ds"
          + "; run tag %s%n", o.trackEvent(), o.rate(), o.chatRate(), o.warmupSeconds(), o.durationSeconds(), o.runId());
    } else {
      out.printf(Locale.ROOT, "sending: %ds warm-up then %ds measured at %.0f msgs/s%n", o.warmupSeconds(),
          o.durationSeconds(), o.rate());
    }
    out.flush();
  }

  void result(WorkerResult r) throws IOException {
    String load = loadAverage();
    latencies("connect (TCP + WebSocket handshake)", r.connect, "connectMs");
    latencies("welcome (connect start -> welcome)", r.welcome, "welcomeMs");
    long closed = r.count("closedAfterReady");
    out.printf(Locale.ROOT, "sockets: ready=%d openAtEnd=%d closedAfterReady=%d pingsAnswered=%d%n",
        r.count("ready"), r.count("openAtEnd"), closed, r.count("pingsAnswered"));
    json.put("openAtEnd", r.count("openAtEnd"));
    json.put("closedAfterReady", closed);
    json.put("pingsAnswered", r.count("pingsAnswered"));
    if (o.mode() == LoadOptions.Mode.CHAT || (o.mode() == LoadOptions.Mode.TRACK && o.chatRate() > 0)) {
      chat(r);
    }
    StringBuilder other = new StringBuilder();
    r.counts.forEach((k, v) -> {
      if (k.contains(":")) {
        other.append(' ').append(k).append('=').append(v);
      }
    });
    out.printf(Locale.ROOT, "errors and skips:%s%n", other.length() == 0 ? " none" : other);
    json.put("errors", other.toString().trim());
    out.printf(Locale.ROOT, "load average at end %s%n", load);
    json.put("loadAvgEnd", load);
    out.println("RESULT " + json);
  }

  /**
   * Track mode: how many track frames were sent (every phase), and when the trail held them: the
   * looks at the export after the last send.
   */
  void track(WorkerResult r, java.util.List<Coordinator.Poll> polls) {
    long sent = r.count("trackSent");
    double sendSeconds = o.warmupSeconds() + o.durationSeconds();
    Coordinator.Poll first = polls.get(0);
    Coordinator.Poll last = polls.get(polls.size() - 1);
    Coordinator.Poll all = null;
    for (Coordinator.Poll p : polls) {
      if (p.durable() >= sent) {
        all = p;
        break;
      }
    }
    out.printf(Locale.ROOT, "track: sent=%d in %.0f s (%.1f/s offered and sent)%n", sent, sendSeconds, sent / sendSeconds);
    out.printf(Locale.ROOT, "trail: %d durable %.1f s after the last send (first look, export took %d ms); %d at the last"
        + " look (%.1f s after)%n", first.durable(), first.afterEndMs() / 1000.0, first.tookMs(), last.durable(),
        last.afterEndMs() / 1000.0);
    json.put("trackSent", sent);
    json.put("trackDurableFirstLook", first.durable());
    json.put("trackFirstLookAfterEndMs", first.afterEndMs());
    json.put("trackDurable", last.durable());
    if (all != null) {
      double rate = sent / (sendSeconds + Math.max(0, all.afterEndMs()) / 1000.0);
      out.printf(Locale.ROOT, "trail: all %d durable at most %.1f s after the last send: ingested >= %.1f events/s"
          + " (sent / (send time + that delay))%n", sent, all.afterEndMs() / 1000.0, rate);
      json.put("trackAllDurableAfterEndMs", all.afterEndMs());
      json.put("trackIngestedPerSecond", rate);
    } else {
      out.printf(Locale.ROOT, "trail: NOT all durable: %d of %d missing at the last look%n", sent - last.durable(), sent);
      json.put("trackMissing", sent - last.durable());
    }
    if (last.refused() >= 0) {
      long answered = r.count("error:overloaded");
      long unaccounted = Math.max(0, sent - last.durable() - last.refused());
      out.printf(Locale.ROOT, "trail: the server refused %d events (each answered overloaded; %d of those answers had"
          + " reached the clients when they reported); durable + refused = %d of %d sent: %d unaccounted for%n",
          last.refused(), answered, last.durable() + last.refused(), sent, unaccounted);
      json.put("trackRefused", last.refused());
      json.put("trackOverloadedAnswers", answered);
      json.put("trackUnaccounted", unaccounted);
    }
  }

  private void chat(WorkerResult r) throws IOException {
    double secs = o.durationSeconds();
    long due = r.count("dueMeasured");
    long sent = r.count("sentMeasured");
    long acked = r.count("ackedMeasured");
    long errored = r.count("erroredMeasured");
    out.printf(Locale.ROOT, "measured window (%ds): due=%d sent=%d acked=%d errorReplies=%d unackedAtEnd=%d"
            + " (all phases: sent=%d acked=%d outstanding=%d)%n", o.durationSeconds(), due, sent, acked, errored,
        sent - acked - errored, r.count("sent"), r.count("acked"), r.count("outstanding"));
    double target = o.mode() == LoadOptions.Mode.TRACK ? o.chatRate() : o.rate();
    out.printf(Locale.ROOT, "chat rate: target %.0f/s, sent %.1f/s, acked %.1f/s%n", target, sent / secs, acked / secs);
    json.put("sentPerSecond", sent / secs);
    json.put("ackedPerSecond", acked / secs);
    json.put("unackedAtEnd", sent - acked - errored);
    json.put("errorReplies", errored);
    latencies("send -> ack (from intended send time)", r.ack, "ackMs");
    latencies("client send lag (written - intended)", r.sendLag, "sendLagMs");
    if (o.histogramOut() != null) {
      try (PrintStream f = new PrintStream(Files.newOutputStream(Path.of(o.histogramOut())), true,
          StandardCharsets.UTF_8)) {
        HistogramLogWriter w = new HistogramLogWriter(f);
        w.outputComment("frontline-bench send->ack latency, microseconds; " + json);
        w.outputLogFormatVersion();
        w.outputLegend();
        w.outputIntervalHistogram(0, secs, r.ack, 1.0);
      }
      out.printf(Locale.ROOT, "ack histogram written to %s%n", o.histogramOut());
    }
  }

  /** The JSON of the RESULT line, for modes that report on their own (routing). */
  ObjectNode json() {
    return json;
  }

  PrintStream out() {
    return out;
  }

  /** Ends a report made by {@link RoutingRun}: load average at the end and the RESULT line. */
  void end() {
    String load = loadAverage();
    out.printf(Locale.ROOT, "load average at end %s%n", load);
    json.put("loadAvgEnd", load);
    out.println("RESULT " + json);
  }

  void latencies(String name, Histogram h, String key) {
    if (h.getTotalCount() == 0) {
      out.printf(Locale.ROOT, "%s: no samples%n", name);
      return;
    }
    out.printf(Locale.ROOT, "%s ms: n=%d p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n", name, h.getTotalCount(),
        ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    ObjectNode n = json.putObject(key);
    n.put("n", h.getTotalCount());
    n.put("p50", ms(h.getValueAtPercentile(50)));
    n.put("p90", ms(h.getValueAtPercentile(90)));
    n.put("p99", ms(h.getValueAtPercentile(99)));
    n.put("p999", ms(h.getValueAtPercentile(99.9)));
    n.put("max", ms(h.getMaxValue()));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  /** Deliver mode's visitors are always served by an agent, whatever {@code --conversation} says. */
  private String conversation() {
    return o.mode() == LoadOptions.Mode.DELIVER ? "assigned" : lower(o.conversation());
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

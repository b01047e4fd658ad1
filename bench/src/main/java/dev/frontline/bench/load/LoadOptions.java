package dev.frontline.bench.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Options of the load generator, parsed from {@code --name value} pairs. A worker gets the same
 * options with its own share of clients and rate, and its own source address.
 *
 * @param urls the visitor WebSocket of each target, e.g. {@code ws://127.0.0.1:8080/ws/visitor}: one
 *     server, or the members of a cluster; client i (counted over all workers) opens its socket at
 *     {@code urls[i % urls.size()]}
 * @param mode idle: open and hold sockets; chat: send messages at {@code rate} and time the acks;
 *     deliver: visitors served by agents send at {@code rate}, timed until the agent's socket has them
 * @param clients visitor sockets in all
 * @param rate messages a second in all (chat)
 * @param durationSeconds measured time (chat), or how long to hold the sockets (idle)
 * @param warmupSeconds chat: sending at full rate before measuring
 * @param workers worker JVMs; 0 runs the clients inside this JVM (small runs)
 * @param threads event loops per worker
 * @param sourceBase source address of worker 0; worker i uses this plus i (127.0.0.2, 127.0.0.3, ...)
 * @param connectConcurrency handshakes in flight per worker while connecting
 * @param conversation bot: visitors chat with the bot (the server's default path); queued: each
 *     visitor first asks for a person and waits in a queue no agent takes from, so messages skip the bot
 * @param text the text of every message
 * @param drainSeconds after the last send, how long to wait for outstanding acks
 * @param readyTimeoutSeconds how long connecting may take
 * @param adminPassword the server's admin password (conversation=queued creates an agent)
 * @param workerHeap -Xmx of each worker JVM
 * @param histogramOut file for the merged ack histogram (HdrHistogram log format), or null
 * @param chatRate track: chat messages a second in all, sent besides the track frames (0: none)
 * @param trackEvent track: the {@code event} of every track frame
 * @param runId a tag put into every track frame, to count this run's events in the export
 * @param agents routing: agents online (group consult)
 * @param maxChats routing: each agent's maxChats
 * @param handleMs routing: an agent closes a chat this long after it was assigned
 * @param queueTarget routing: visitors beyond the agents' slots, i.e. the queue to keep
 * @param thinkMs routing: a visitor asks for a person again this long after its chat closed
 * @param agentUrls routing, deliver: the agent WebSocket of each target, agent i at
 *     {@code agentUrls[i % agentUrls.size()]}; by default the visitor URLs with path {@code /ws/agent}
 * @param distinctTexts every chat message's text ends with its own client id (the bot and the
 *     database see no two messages alike); false: every message is {@code text}
 */
public record LoadOptions(
    List<URI> urls,
    Mode mode,
    int clients,
    double rate,
    int durationSeconds,
    int warmupSeconds,
    int workers,
    int threads,
    String sourceBase,
    int connectConcurrency,
    Conversation conversation,
    String text,
    int drainSeconds,
    int readyTimeoutSeconds,
    String adminPassword,
    String workerHeap,
    String histogramOut,
    double chatRate,
    String trackEvent,
    String runId,
    int agents,
    int maxChats,
    int handleMs,
    int queueTarget,
    int thinkMs,
    List<URI> agentUrls,
    boolean distinctTexts) {

  /** What the clients do once greeted. */
  public enum Mode {
    IDLE,
    CHAT,
    TRACK,
    ROUTING,
    DELIVER
  }

  /** Which server path the messages take. */
  public enum Conversation {
    BOT,
    QUEUED
  }

  public static final String HELP = """
      load options:
        --url ws://HOST:PORT/ws/visitor   visitor WebSocket (required); a comma-separated list (the members of a
                                         cluster) spreads the clients over them round-robin, in every worker
        --mode idle|chat|track|routing|deliver
                                         idle: open and hold sockets; chat: send at --rate, time send->ack;
                                         track: track frames at --rate, count them durable in the trail export;
                                         routing: agents serve a queue of visitors, time slot free -> assigned;
                                         deliver: agents serve every visitor, visitors send at --rate, time
                                         visitor send -> message frame on the agent's socket
        --clients N                      visitor sockets in all (default 100)
        --rate R                         chat: messages per second in all, open-loop (default 100)
        --duration S                     chat: measured seconds; idle: seconds to hold (default 30)
        --warmup S                       chat: seconds at full rate before measuring (default 10)
        --workers K                      worker JVMs (default 1; 0 = in this JVM); each under the open-file limit
        --threads T                      event loops per worker (default 1)
        --source-base IP                 source address of worker 0, worker i uses +i (default 127.0.0.2)
        --connect-concurrency C          handshakes in flight per worker (default 200)
        --conversation bot|queued        bot: the bot answers every message (default);
                                         queued: each visitor asks for a person first and waits in a
                                         queue nobody serves, so send->ack skips the bot
        --text TEXT                      message text (default: a question the bot cannot answer)
                                         with {n}: every message distinct ({n} -> a number unique to it;
                                         alternatives separated by ' || ' used in turn)
        --texts same|distinct            distinct: each message's text ends with its client id (default same)
        --drain S                        wait for outstanding acks after the last send (default 10)
        --ready-timeout S                connecting may take this long (default 300)
        --admin-password P               admin password, for --conversation queued (default admin-pass-1)
        --worker-heap SIZE               -Xmx of each worker JVM (default 512m)
        --histogram-out FILE             write the merged ack histogram (HdrHistogram log) to FILE
      track:
        --chat-rate R                    chat messages per second in all, besides the track frames (default 0)
        --track-event NAME               the event of the track frames (default page_view)
      routing (runs in this JVM; --clients is agents x max-chats + queue):
        --agents N                       agents of group consult, created through the admin API (default 200)
        --max-chats N                    maxChats of each agent (default 2)
        --handle-ms MS                   an agent closes each chat this long after it was assigned (default 2000)
        --queue N                        visitors beyond the agents' slots: the queue kept (default 1000)
        --think-ms MS                    a visitor asks for a person again this long after its chat closed (default 0)
      routing, deliver:
        --agent-url ws://HOST:PORT/ws/agent[,...]
                                         where the agents' consoles connect, round-robin (default: each --url
                                         with path /ws/agent)
      deliver (runs in this JVM; --clients <= agents x max-chats; texts are always distinct):
        uses --clients, --rate, --warmup, --duration, --drain, --agents, --max-chats, --threads
      """;

  public LoadOptions {
    require(urls != null && !urls.isEmpty(), "--url must be ws://HOST:PORT/PATH");
    urls = List.copyOf(urls);
    urls.forEach(u -> checkUrl(u, "--url"));
    agentUrls = agentUrls == null || agentUrls.isEmpty() ? urls.stream().map(u -> u.resolve("/ws/agent")).toList()
        : List.copyOf(agentUrls);
    agentUrls.forEach(u -> checkUrl(u, "--agent-url"));
    require(clients > 0, "--clients must be > 0");
    require(rate > 0, "--rate must be > 0");
    require(durationSeconds > 0, "--duration must be > 0");
    require(warmupSeconds >= 0, "--warmup must be >= 0");
    require(workers >= 0 && workers <= 64, "--workers must be 0..64");
    require(threads > 0 && threads <= 64, "--threads must be 1..64");
    require(connectConcurrency > 0, "--connect-concurrency must be > 0");
    require(drainSeconds >= 0, "--drain must be >= 0");
    require(readyTimeoutSeconds > 0, "--ready-timeout must be > 0");
    require(workers == 0 || clients >= workers, "--clients must be at least --workers");
    require(chatRate >= 0, "--chat-rate must be >= 0");
    require(agents > 0 && maxChats >= 0 && handleMs >= 0 && queueTarget >= 0 && thinkMs >= 0,
        "--agents must be > 0; --max-chats, --handle-ms, --queue, --think-ms >= 0");
  }

  private static void checkUrl(URI url, String option) {
    if (url == null || url.getHost() == null || !("ws".equals(url.getScheme()) || "wss".equals(url.getScheme()))) {
      throw new IllegalArgumentException(option + " must be ws://HOST:PORT/PATH");
    }
    if ("wss".equals(url.getScheme())) {
      throw new IllegalArgumentException(option + ": wss is not supported; benchmark the server's own port");
    }
  }

  /** The first visitor URL: the one server, or the member the coordinator's own calls (admin API) go to. */
  public URI url() {
    return urls.get(0);
  }

  /** The visitor URL of this JVM's client {@code i}: round-robin over {@link #urls}. */
  URI urlOf(int i) {
    return urls.get(i % urls.size());
  }

  /** The agent URL of agent {@code i}: round-robin over {@link #agentUrls}. */
  URI agentUrlOf(int i) {
    return agentUrls.get(i % agentUrls.size());
  }

  /** {@code a,b,c} as URIs; null or blank: none. */
  static List<URI> urlList(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    List<URI> list = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        list.add(URI.create(part.trim()));
      }
    }
    return list;
  }

  /** {@code list} rotated left by {@code by}: element {@code by % size} first. */
  static <T> List<T> rotated(List<T> list, int by) {
    int n = list.size();
    List<T> r = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      r.add(list.get((by + i) % n));
    }
    return List.copyOf(r);
  }

  private static String joined(List<URI> list) {
    return String.join(",", list.stream().map(URI::toString).toList());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Reads {@code --name value} pairs; unknown names are an error. */
  public static LoadOptions parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got '" + a + "'");
      }
      m.put(a.substring(2), args[++i]);
    }
    LoadOptions o = new LoadOptions(
        urlList(m.remove("url")),
        Mode.valueOf(m.getOrDefault("mode", "idle").toUpperCase(Locale.ROOT)),
        Integer.parseInt(m.getOrDefault("clients", "100")),
        Double.parseDouble(m.getOrDefault("rate", "100")),
        Integer.parseInt(m.getOrDefault("duration", "30")),
        Integer.parseInt(m.getOrDefault("warmup", "10")),
        Integer.parseInt(m.getOrDefault("workers", "1")),
        Integer.parseInt(m.getOrDefault("threads", "1")),
        m.getOrDefault("source-base", "127.0.0.2"),
        Integer.parseInt(m.getOrDefault("connect-concurrency", "200")),
        Conversation.valueOf(m.getOrDefault("conversation", "bot").toUpperCase(Locale.ROOT)),
        m.getOrDefault("text", "请问你们的营业厅周末几点关门？我的宽带账单好像多扣了钱"),
        Integer.parseInt(m.getOrDefault("drain", "10")),
        Integer.parseInt(m.getOrDefault("ready-timeout", "300")),
        m.getOrDefault("admin-password", "admin-pass-1"),
        m.getOrDefault("worker-heap", "512m"),
        m.get("histogram-out"),
        Double.parseDouble(m.getOrDefault("chat-rate", "0")),
        m.getOrDefault("track-event", "page_view"),
        m.getOrDefault("run-id", Long.toString(System.currentTimeMillis(), 36)),
        Integer.parseInt(m.getOrDefault("agents", "200")),
        Integer.parseInt(m.getOrDefault("max-chats", "2")),
        Integer.parseInt(m.getOrDefault("handle-ms", "2000")),
        Integer.parseInt(m.getOrDefault("queue", "1000")),
        Integer.parseInt(m.getOrDefault("think-ms", "0")),
        urlList(m.get("agent-url")),
        texts(m.getOrDefault("texts", "same")));
    for (String k : List.of("mode", "clients", "rate", "duration", "warmup", "workers", "threads", "source-base",
        "connect-concurrency", "conversation", "text", "drain", "ready-timeout", "admin-password", "worker-heap",
        "histogram-out", "chat-rate", "track-event", "run-id", "agents", "max-chats", "handle-ms", "queue",
        "think-ms", "agent-url", "texts")) {
      m.remove(k);
    }
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", m.keySet()));
    }
    return o;
  }

  private static boolean texts(String v) {
    return switch (v) {
      case "same" -> false;
      case "distinct" -> true;
      default -> throw new IllegalArgumentException("--texts must be same or distinct, not '" + v + "'");
    };
  }

  /**
   * The options of worker {@code index}: its share of clients and rate, its source address, and
   * the visitor URLs rotated so that its first client takes the URL the round-robin over all
   * clients gives it (worker shares are consecutive runs of client numbers).
   */
  public LoadOptions forWorker(int index) {
    int share = clients / workers + (index < clients % workers ? 1 : 0);
    int first = index * (clients / workers) + Math.min(index, clients % workers);
    return new LoadOptions(rotated(urls, first % urls.size()), mode, share, rate * share / clients, durationSeconds,
        warmupSeconds, 1, threads, SourceAddresses.nth(sourceBase, index), connectConcurrency, conversation, text,
        drainSeconds, readyTimeoutSeconds, adminPassword, workerHeap, null, chatRate * share / clients, trackEvent,
        runId, agents, maxChats, handleMs, queueTarget, thinkMs, agentUrls, distinctTexts);
  }

  /** These options as command-line arguments. */
  public List<String> toArgs() {
    List<String> a = new ArrayList<>();
    add(a, "url", joined(urls));
    add(a, "mode", mode.name().toLowerCase(Locale.ROOT));
    add(a, "clients", Integer.toString(clients));
    add(a, "rate", Double.toString(rate));
    add(a, "duration", Integer.toString(durationSeconds));
    add(a, "warmup", Integer.toString(warmupSeconds));
    add(a, "workers", Integer.toString(workers));
    add(a, "threads", Integer.toString(threads));
    add(a, "source-base", sourceBase);
    add(a, "connect-concurrency", Integer.toString(connectConcurrency));
    add(a, "conversation", conversation.name().toLowerCase(Locale.ROOT));
    add(a, "text", text);
    add(a, "drain", Integer.toString(drainSeconds));
    add(a, "ready-timeout", Integer.toString(readyTimeoutSeconds));
    add(a, "admin-password", adminPassword);
    add(a, "worker-heap", workerHeap);
    add(a, "chat-rate", Double.toString(chatRate));
    add(a, "track-event", trackEvent);
    add(a, "run-id", runId);
    add(a, "agents", Integer.toString(agents));
    add(a, "max-chats", Integer.toString(maxChats));
    add(a, "handle-ms", Integer.toString(handleMs));
    add(a, "queue", Integer.toString(queueTarget));
    add(a, "think-ms", Integer.toString(thinkMs));
    add(a, "agent-url", joined(agentUrls));
    add(a, "texts", distinctTexts ? "distinct" : "same");
    return a;
  }

  private static void add(List<String> a, String name, String value) {
    a.add("--" + name);
    a.add(value);
  }
}

package dev.frontline.server.cluster;

/**
 * The messages of the cluster's channels (decision 0011): one line of space-separated fields,
 * the first a one-letter kind, then, for frames, a newline and the frame's JSON as the client sent
 * it or will receive it (so the relay never re-encodes a frame).
 *
 * <pre>
 * leader channel (edge to leader)    O|F|X|B node seq [sid [v|a dnt remote cookie]]
 * edge:NODE channel (leader to edge) F|D|C|B|R epoch seq [sid [code reason]]
 * announce channel                   L epoch 0 node address
 * </pre>
 */
final class Wire {

  /** A parsed message: its kind, the fields after the kind, and the body (or null). */
  record Message(char kind, String[] fields, String body) {}

  private Wire() {}

  static String leaderChannel(RedisLink redis) {
    return redis.channel("leader");
  }

  static String announceChannel(RedisLink redis) {
    return redis.channel("announce");
  }

  static String edgeChannel(RedisLink redis, String node) {
    return redis.channel("edge:" + node);
  }

  /** {@code kind first seq[ rest]} and, when {@code body} is not null, a newline and the body. */
  static String message(char kind, Object first, long seq, String rest, String body) {
    StringBuilder b = new StringBuilder(32 + (body == null ? 0 : body.length()));
    b.append(kind).append(' ').append(first).append(' ').append(seq);
    if (rest != null && !rest.isEmpty()) {
      b.append(' ').append(rest);
    }
    if (body != null) {
      b.append('\n').append(body);
    }
    return b.toString();
  }

  /** Null when the message is not of this form. */
  static Message parse(String m) {
    if (m == null || m.length() < 3 || m.charAt(1) != ' ') {
      return null;
    }
    int nl = m.indexOf('\n');
    String head = nl < 0 ? m : m.substring(0, nl);
    String[] fields = head.substring(2).split(" ", 8);
    return new Message(m.charAt(0), fields, nl < 0 ? null : m.substring(nl + 1));
  }

  /** The start of a message, for a log line about a bad one. */
  static String head(String m) {
    if (m == null) {
      return "null";
    }
    int nl = m.indexOf('\n');
    String h = nl < 0 ? m : m.substring(0, nl);
    return h.length() > 80 ? h.substring(0, 80) : h;
  }
}

package dev.frontline.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * ({@code FRONTLINE_TRUSTED_PROXIES}: addresses and CIDR ranges, IPv4 and IPv6). The client of a
 * request is the rightmost address of {@code X-Forwarded-For} that is not a trusted proxy: each
 * trusted proxy appends the address it received the request from, so everything to the left of
 * that address was written by the client and is not believed. Parses literals only (never DNS).
 */
public final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  /** One range: the network's bytes and how many leading bits must match. */
  private record Range(byte[] network, int bits) {
    boolean contains(byte[] a) {
      if (a.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  public static TrustedProxies none() {
    return NONE;
  }

  /** Parses a comma-separated list; every unreadable entry is added to {@code problems}. */
  static TrustedProxies parse(String list, List<String> problems) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Range> out = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
      if (address == null) {
        problems.add("FRONTLINE_TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR range");
        continue;
      }
      int max = address.length * 8;
      int bits = max;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > max) {
          problems.add("FRONTLINE_TRUSTED_PROXIES: '" + entry + "' needs a prefix length from 0 to " + max);
          continue;
        }
      }
      out.add(new Range(address, bits));
    }
    return new TrustedProxies(out);
  }

  public static TrustedProxies parse(String list) {
    List<String> problems = new ArrayList<>();
    TrustedProxies t = parse(list, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return t;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether {@code address} is one of the trusted proxies. */
  public boolean trusts(InetAddress address) {
    byte[] a = mappedV4(address.getAddress());
    for (Range r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's address: {@code peer} itself unless it is a trusted proxy; then the rightmost
   * entry of {@code forwardedFor} (every {@code X-Forwarded-For} header, joined by commas, in
   * order) that is not a trusted proxy. An unreadable entry ends the walk (what is left of it came
   * from the client): the last trusted hop is then the client.
   */
  public String client(InetAddress peer, String forwardedFor) {
    if (!trusts(peer) || forwardedFor == null || forwardedFor.isBlank()) {
      return peer.getHostAddress();
    }
    InetAddress last = peer;
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      byte[] a = literal(hops[i].trim());
      if (a == null) {
        break;
      }
      InetAddress hop = address(a);
      if (!trusts(hop)) {
        return hop.getHostAddress();
      }
      last = hop;
    }
    return last.getHostAddress();
  }

  /**
   * The scheme the client used: the last {@code X-Forwarded-Proto} value when {@code peer} is a
   * trusted proxy (the one the nearest proxy wrote), else null.
   */
  public String forwardedProto(InetAddress peer, String forwardedProto) {
    if (forwardedProto == null || !trusts(peer)) {
      return null;
    }
    int comma = forwardedProto.lastIndexOf(',');
    return forwardedProto.substring(comma + 1).trim().toLowerCase(Locale.ROOT);
  }

  private static InetAddress address(byte[] a) {
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes were checked", e);
    }
  }

  /** The bytes of an IPv4 or IPv6 literal (IPv6 possibly in brackets), or null; never a DNS lookup. */
  static byte[] literal(String s) {
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = !v4 && s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+");
    if (v4) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    }
    if (!v4 && !v6) {
      return null;
    }
    try {
      // A literal: InetAddress parses it without any lookup.
      byte[] a = InetAddress.getByName(s).getAddress();
      return mappedV4(a);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** {@code ::ffff:a.b.c.d} compares as the IPv4 address it carries. */
  private static byte[] mappedV4(byte[] a) {
    if (a.length != 16) {
      return a;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return a;
      }
    }
    if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
      return a;
    }
    return new byte[] {a[12], a[13], a[14], a[15]};
  }
}

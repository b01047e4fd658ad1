package dev.frontline.bench.load;

/**
 * Loopback source addresses for the workers. Linux routes all of 127.0.0.0/8 to {@code lo}, so
 * each worker binds its sockets to its own address and gets its own range of ephemeral ports.
 */
final class SourceAddresses {
  private SourceAddresses() {}

  /** {@code base} plus {@code n} in the last octets, e.g. nth("127.0.0.2", 3) = "127.0.0.5". */
  static String nth(String base, int n) {
    String[] p = base.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("--source-base must be an IPv4 address, not " + base);
    }
    long v = 0;
    for (String part : p) {
      int octet = Integer.parseInt(part);
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("--source-base must be an IPv4 address, not " + base);
      }
      v = (v << 8) | octet;
    }
    v += n;
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }
}

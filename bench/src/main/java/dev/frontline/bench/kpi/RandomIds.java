package dev.frontline.bench.kpi;

import java.util.SplittableRandom;

/** Ids in the server's format ({@code c-} and 20 base-32 characters), from a seeded generator. */
final class RandomIds {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private RandomIds() {}

  static String of(String prefix, SplittableRandom r) {
    StringBuilder sb = new StringBuilder(prefix.length() + 21).append(prefix).append('-');
    long a = r.nextLong();
    long b = r.nextLong();
    for (int i = 0; i < 12; i++) {
      sb.append(ALPHABET[(int) (a & 31)]);
      a >>>= 5;
    }
    for (int i = 0; i < 8; i++) {
      sb.append(ALPHABET[(int) (b & 31)]);
      b >>>= 5;
    }
    return sb.toString();
  }
}

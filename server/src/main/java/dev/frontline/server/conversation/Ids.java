package dev.frontline.server.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers and secret tokens. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private Ids() {}

  /** A prefixed random id of 20 base-32 characters (100 bits), e.g. {@code c-8f3k...}. */
  public static String newId(String prefix) {
    byte[] b = new byte[13];
    RANDOM.nextBytes(b);
    StringBuilder sb = new StringBuilder(prefix.length() + 21).append(prefix).append('-');
    long acc = 0;
    int bits = 0;
    int chars = 0;
    for (byte x : b) {
      acc = (acc << 8) | (x & 0xff);
      bits += 8;
      while (bits >= 5 && chars < 20) {
        bits -= 5;
        sb.append(ALPHABET[(int) ((acc >> bits) & 31)]);
        chars++;
      }
    }
    return sb.toString();
  }

  /** A secret bearer token: 32 random bytes, base64url. */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of a token, hex: what the database stores instead of the token. */
  public static String hashToken(String token) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

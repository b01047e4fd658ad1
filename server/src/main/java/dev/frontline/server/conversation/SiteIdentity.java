package dev.frontline.server.conversation;

import dev.frontline.server.protocol.VisitorCommand;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a host site's statement of who the visitor is (CONTRACT section 4): {@code sig} must be
 * the lower-case hex HMAC-SHA256, keyed with {@code FRONTLINE_SITE_SECRET}, of
 * {@code customerId + "." + ts}, and {@code ts} within 10 minutes of now. Anything else is ignored
 * with a warning in the log: the visitor stays anonymous, and the client is never told why.
 */
public final class SiteIdentity {
  private static final Logger log = LoggerFactory.getLogger(SiteIdentity.class);
  public static final long MAX_SKEW_MS = 10 * 60 * 1000L;

  private final byte[] secret;

  public SiteIdentity(String secret) {
    this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The verified customer id, or null when absent, unsigned, badly signed or stale. */
  public String verify(VisitorCommand.Identity id, long now) {
    if (id == null) {
      return null;
    }
    if (secret == null) {
      log.warn("event=identity.ignored reason=no_site_secret");
      return null;
    }
    if (id.customerId() == null || id.customerId().isBlank() || id.sig() == null) {
      log.warn("event=identity.ignored reason=malformed");
      return null;
    }
    if (Math.abs(now - id.ts()) > MAX_SKEW_MS) {
      log.warn("event=identity.ignored reason=stale skewMs={}", now - id.ts());
      return null;
    }
    byte[] expected = HexFormat.of().formatHex(sign(id.customerId() + "." + id.ts())).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, id.sig().getBytes(StandardCharsets.US_ASCII))) {
      log.warn("event=identity.ignored reason=bad_signature");
      return null;
    }
    return id.customerId();
  }

  /**
   * Whether a request of the host site's server is signed: {@code sig} the lower-case hex
   * HMAC-SHA256, with the site secret, of {@code "profile." + customerId + "." + ts + "."}
   * followed by the request body's bytes, and {@code ts} within 10 minutes of now. The
   * {@code profile.} prefix and the body keep a widget identity's signature (which any page
   * shows) from ever passing here.
   */
  public boolean verifyProfileRequest(String customerId, long ts, byte[] body, String sig, long now) {
    if (secret == null || sig == null || Math.abs(now - ts) > MAX_SKEW_MS) {
      return false;
    }
    byte[] head = ("profile." + customerId + "." + ts + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[head.length + body.length];
    System.arraycopy(head, 0, signed, 0, head.length);
    System.arraycopy(body, 0, signed, head.length, body.length);
    byte[] expected = HexFormat.of().formatHex(mac(signed)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
  }

  /** HMAC-SHA256 of {@code text} with the site secret (also what a host site computes). */
  public byte[] sign(String text) {
    return mac(text.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}

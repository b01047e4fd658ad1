package dev.frontline.server.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Password hashing with Argon2id (Password4j), at the OWASP minimum of 19 MiB, 2 iterations.
 * CPU- and memory-heavy by design: call from a worker pool, never from an event loop.
 */
public final class Passwords {
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

  private Passwords() {}

  public static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  public static boolean verify(String password, String hash) {
    if (hash == null || !hash.startsWith("$argon2")) {
      return false;
    }
    try {
      return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Burns the same time as a real check, so that unknown user names cannot be told apart. */
  public static void dummyCheck(String password) {
    verify(password, DUMMY);
  }

  private static final String DUMMY = hash("frontline-dummy-password");
}

package dev.frontline.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits login attempts: at most {@code perAddress} failures per address and {@code perUser}
 * per user name within the window; beyond that, logins are refused (429) until the window
 * passes, right password or not.
 */
public final class LoginLimiter {
  private final Cache<String, AtomicInteger> failures;
  private final int perAddress;
  private final int perUser;

  public LoginLimiter(Duration window, int perAddress, int perUser) {
    this.failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    this.perAddress = perAddress;
    this.perUser = perUser;
  }

  public boolean blocked(String address, String username) {
    AtomicInteger a = failures.getIfPresent("a:" + address);
    AtomicInteger u = failures.getIfPresent("u:" + username);
    return (a != null && a.get() >= perAddress) || (u != null && u.get() >= perUser);
  }

  public void failed(String address, String username) {
    failures.get("a:" + address, k -> new AtomicInteger()).incrementAndGet();
    failures.get("u:" + username, k -> new AtomicInteger()).incrementAndGet();
  }

  public void succeeded(String username) {
    failures.invalidate("u:" + username);
  }
}

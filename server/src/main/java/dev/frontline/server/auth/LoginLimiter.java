package dev.frontline.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits password checks, so that guessing is slow and a lock-out is not a denial of service.
 * Within a window that starts at an address's (or an account's) first failure:
 *
 * <ul>
 *   <li>at most {@code perPair} failures for one account from one address: that address may not
 *       try that account again (other addresses still may, the right password included);
 *   <li>at most {@code perAddress} failures from one address over all accounts: that address may
 *       not try any account;
 *   <li>an account that failed {@code perAccount} times from all addresses together is under
 *       attack: an address that failed on it even once may not try it again, while an address that
 *       never failed on it still may.
 * </ul>
 *
 * <p>Check and count are one step: {@link #tryAcquire} reserves an attempt (counted as a failure
 * until {@link #succeeded} or {@link #aborted} gives it back), so that parallel requests cannot
 * get more password checks than the limits allow. Pure and single-lock; the clock is injected.
 */
public final class LoginLimiter {
  private static final int MAX_KEYS = 100_000;

  /** The limits. */
  public record Policy(Duration window, int perPair, int perAddress, int perAccount) {
    public static Policy defaults() {
      return new Policy(Duration.ofMinutes(5), 5, 20, 50);
    }
  }

  /** A count within a window that started at {@code since}. */
  private static final class Count {
    long since;
    int n;
  }

  private final Policy policy;
  private final Clock clock;
  private final LinkedHashMap<String, Count> counts = new LinkedHashMap<>();

  public LoginLimiter(Policy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /** Reserves one password check for {@code account} from {@code address}; false: refused (429). */
  public synchronized boolean tryAcquire(String account, String address) {
    long now = clock.millis();
    int pair = current(pairKey(account, address), now);
    int byAddress = current(addressKey(address), now);
    int byAccount = current(accountKey(account), now);
    if (pair >= policy.perPair() || byAddress >= policy.perAddress()
        || (byAccount >= policy.perAccount() && pair > 0)) {
      return false;
    }
    add(pairKey(account, address), 1, now);
    add(addressKey(address), 1, now);
    add(accountKey(account), 1, now);
    if (counts.size() > MAX_KEYS) {
      prune(now);
    }
    return true;
  }

  /** The reserved check found the right password: the reservation and this pair's failures are forgotten. */
  public synchronized void succeeded(String account, String address) {
    long now = clock.millis();
    counts.remove(pairKey(account, address));
    add(addressKey(address), -1, now);
    add(accountKey(account), -1, now);
  }

  /** The reserved check did not happen (e.g. the database failed): the reservation is given back. */
  public synchronized void aborted(String account, String address) {
    long now = clock.millis();
    add(pairKey(account, address), -1, now);
    add(addressKey(address), -1, now);
    add(accountKey(account), -1, now);
  }

  private int current(String key, long now) {
    Count c = counts.get(key);
    return c == null || now - c.since >= policy.window().toMillis() ? 0 : c.n;
  }

  private void add(String key, int delta, long now) {
    Count c = counts.get(key);
    if (c == null || now - c.since >= policy.window().toMillis()) {
      if (delta <= 0) {
        counts.remove(key);
        return;
      }
      c = new Count();
      c.since = now;
      counts.remove(key);
      counts.put(key, c);
    }
    c.n = Math.max(0, c.n + delta);
  }

  /** Drops windows that ended; if that is not enough, the oldest windows. */
  private void prune(long now) {
    long window = policy.window().toMillis();
    counts.values().removeIf(c -> now - c.since >= window);
    Iterator<Map.Entry<String, Count>> it = counts.entrySet().iterator();
    while (counts.size() > MAX_KEYS && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private static String pairKey(String account, String address) {
    return "p:" + address + " " + account;
  }

  private static String addressKey(String address) {
    return "a:" + address;
  }

  private static String accountKey(String account) {
    return "u:" + account;
  }
}

package dev.frontline.server.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The long-lived connections (agent consoles) that a login session authorises, so that the end of
 * a session reaches them at once: a logout ends one session, a password change or a disabled
 * account ends every session of the user, and {@link #expire} (run on a timer) ends the sessions
 * whose time is up. Each ended connection is told why through {@link Holder#sessionEnded}.
 */
public final class OpenSessions {

  /** A connection that a session authorises. */
  public interface Holder {
    /** The session ended; close the connection (called on any thread). */
    void sessionEnded(String reason);
  }

  /** One registration; {@link #close} removes it when the connection closes. */
  public final class Entry implements AutoCloseable {
    final String tokenHash;
    final long userId;
    final long expiresAt;
    final Holder holder;

    private Entry(String tokenHash, long userId, long expiresAt, Holder holder) {
      this.tokenHash = tokenHash;
      this.userId = userId;
      this.expiresAt = expiresAt;
      this.holder = holder;
    }

    @Override
    public void close() {
      entries.remove(this);
    }
  }

  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  public OpenSessions(Clock clock) {
    this.clock = clock;
  }

  public Entry add(AuthService.Session session, Holder holder) {
    Entry e = new Entry(session.tokenHash(), session.principal().userId(), session.expiresAt(), holder);
    entries.add(e);
    return e;
  }

  public int size() {
    return entries.size();
  }

  /** The session with this token hash ended (logout). */
  void tokenEnded(String tokenHash, String reason) {
    end(e -> e.tokenHash.equals(tokenHash), reason);
  }

  /** Every session of this user ended (password changed, account disabled). */
  void userEnded(long userId, String reason) {
    end(e -> e.userId == userId, reason);
  }

  /** Ends the sessions whose time is up; run it on a timer. */
  public void expire() {
    long now = clock.millis();
    end(e -> e.expiresAt <= now, "the session expired");
  }

  private void end(java.util.function.Predicate<Entry> which, String reason) {
    List<Entry> ended = new ArrayList<>();
    for (Entry e : entries) {
      if (which.test(e) && entries.remove(e)) {
        ended.add(e);
      }
    }
    for (Entry e : ended) {
      e.holder.sessionEnded(reason);
    }
  }
}

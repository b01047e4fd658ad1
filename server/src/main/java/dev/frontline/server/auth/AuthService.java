package dev.frontline.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.conversation.Ids;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins and session tokens. A token is 32 random bytes; the database keeps its SHA-256, so a
 * leaked database holds no usable token. Token checks are cached for a short while (a copy: a
 * logout or a disabled account is seen by every process within {@link #CACHE_TTL}); the end of a
 * session reaches this process's open consoles at once through {@link #openSessions}.
 * Blocking: call from a worker pool.
 */
public final class AuthService {
  private static final Logger log = LoggerFactory.getLogger(AuthService.class);
  static final Duration CACHE_TTL = Duration.ofSeconds(30);

  /** A successful login. */
  public record Login(String token, User user) {}

  /** A valid session: whose it is, the SHA-256 of its token, and when it expires (epoch ms). */
  public record Session(Principal principal, String tokenHash, long expiresAt) {}

  private final Database db;
  private final Directory directory;
  private final Clock clock;
  private final Duration sessionTtl;
  private final LoginLimiter limiter;
  private final OpenSessions open;
  private final Cache<String, Optional<Session>> cache =
      Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(50_000).build();

  public AuthService(Database db, Directory directory, Clock clock, Duration sessionTtl) {
    this.db = db;
    this.directory = directory;
    this.clock = clock;
    this.sessionTtl = sessionTtl;
    this.limiter = new LoginLimiter(LoginLimiter.Policy.defaults(), clock);
    this.open = new OpenSessions(clock);
  }

  /** How long a login lasts. */
  public Duration sessionTtl() {
    return sessionTtl;
  }

  /** The consoles open on a session, closed when it ends. */
  public OpenSessions openSessions() {
    return open;
  }

  /**
   * Checks a password, limited by {@link LoginLimiter} per (account, address), per address and
   * per account; {@code remote} is the client's address (a trusted proxy's client, not the proxy).
   */
  public Login login(String username, String password, String remote) throws SQLException {
    if (!limiter.tryAcquire(username, remote)) {
      log.warn("event=auth.rate_limited user={} remote={}", username, remote);
      throw new ApiException(ErrorCode.RATE_LIMITED, "too many failed logins; try again in a few minutes");
    }
    Directory.Credentials cred;
    boolean ok;
    try {
      cred = directory.credentials(username);
      if (cred == null) {
        Passwords.dummyCheck(password);
        ok = false;
      } else {
        ok = Passwords.verify(password, cred.passwordHash()) && !cred.user().disabled();
      }
    } catch (SQLException | RuntimeException e) {
      limiter.aborted(username, remote);
      throw e;
    }
    if (!ok) {
      log.info("event=auth.failed user={} remote={}", username, remote);
      throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "wrong user name or password");
    }
    limiter.succeeded(username, remote);
    String token = Ids.newToken();
    long now = clock.millis();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, Ids.hashToken(token));
      ps.setLong(2, cred.user().id());
      ps.setLong(3, now);
      ps.setLong(4, now + sessionTtl.toMillis());
      ps.executeUpdate();
    }
    log.info("event=auth.login user={} id={} remote={}", username, cred.user().id(), remote);
    return new Login(token, cred.user());
  }

  /** The user a token belongs to, or null when it is unknown, expired or the account disabled. */
  public Principal authenticate(String token) {
    Session s = session(token);
    return s == null ? null : s.principal();
  }

  /** The session of a token, or null when it is unknown, expired or the account disabled. */
  public Session session(String token) {
    if (token == null || token.isBlank() || token.length() > 256) {
      return null;
    }
    String hash = Ids.hashToken(token);
    Session s = cache.get(hash, h -> {
      try {
        return Optional.ofNullable(lookup(h));
      } catch (SQLException e) {
        throw new ApiException(ErrorCode.UNAVAILABLE, "the database is not reachable");
      }
    }).orElse(null);
    // A cached session may have expired since it was read.
    return s == null || s.expiresAt() <= clock.millis() ? null : s;
  }

  private Session lookup(String hash) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT s.user_id, s.expires_at FROM auth_sessions s WHERE s.token_hash = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getLong(2) <= clock.millis()) {
          return null;
        }
        User u = directory.byId(rs.getLong(1));
        return u == null || u.disabled() ? null : new Session(u.principal(), hash, rs.getLong(2));
      }
    }
  }

  public void logout(String token) throws SQLException {
    if (token == null) {
      return;
    }
    String hash = Ids.hashToken(token);
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM auth_sessions WHERE token_hash = ?")) {
      ps.setString(1, hash);
      ps.executeUpdate();
    }
    cache.invalidate(hash);
    open.tokenEnded(hash, "logged out");
  }

  /** Forgets cached token checks (after an account change). */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /**
   * Every session of the user has been deleted (its password changed or the account was
   * disabled): forgets them and closes the consoles open on them.
   */
  public void userSessionsEnded(long userId, String reason) {
    cache.invalidateAll();
    open.userEnded(userId, reason);
  }
}

package dev.frontline.server;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.conversation.Ids;
import dev.frontline.server.store.DataDirLock;
import dev.frontline.server.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code frontline.jar reset-password [--enable] [USER]} (docs/operations.md): a lost password, typically the
 * admin's ({@code FRONTLINE_ADMIN_PASSWORD} applies only to an empty database). Sets a new generated
 * password in the configured database (embedded, or FRONTLINE_DB_URL), prints it once, and ends every
 * session of the account. On the embedded database it refuses while a server runs on the data
 * directory: that server would keep the account's open consoles and its cached token checks, so the
 * sessions would not really end; stop it first. On PostgreSQL the running processes forget cached
 * token checks within 30 s (AuthService.CACHE_TTL).
 */
final class ResetPassword {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final String DEFAULT_USER = "admin";

  private ResetPassword() {}

  /** Runs the command; returns the exit code. {@code args} are the words after "reset-password". */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    boolean enable = !args.isEmpty() && "--enable".equals(args.get(0));
    List<String> names = enable ? args.subList(1, args.size()) : args;
    if (names.size() > 1 || (names.size() == 1 && (names.get(0).startsWith("-") || names.get(0).isBlank()))) {
      err.println("usage: reset-password [--enable] [USER]   (USER defaults to admin; --enable also enables a"
          + " disabled account)");
      return USAGE;
    }
    String username = names.isEmpty() ? DEFAULT_USER : names.get(0);
    ServerConfig config;
    try {
      config = ServerConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return USAGE;
    }
    if (config.embeddedDatabase() && !Files.exists(Database.embeddedFile(config.dataDir()))) {
      err.println("No Frontline database in " + config.dataDir().toAbsolutePath()
          + " (set FRONTLINE_DATA, or FRONTLINE_DB_URL for PostgreSQL, as the server runs with).");
      return FAILED;
    }
    DataDirLock lock = null;
    try {
      if (config.embeddedDatabase()) {
        lock = DataDirLock.tryAcquire(config.dataDir());
        if (lock == null) {
          err.println("A Frontline server is running on the data directory " + config.dataDir().toAbsolutePath()
              + ". Stop it first (Ctrl+C or SIGTERM), then run reset-password again: a running server would keep"
              + " the account's open sessions.");
          return USAGE;
        }
      }
      return reset(config, username, enable, out, err);
    } catch (IOException e) {
      err.println("Cannot use the data directory " + config.dataDir() + ": " + e.getMessage());
      return FAILED;
    } finally {
      if (lock != null) {
        try {
          lock.close();
        } catch (IOException ignored) {
          // the process ends right after
        }
      }
    }
  }

  private static int reset(ServerConfig config, String username, boolean enable, PrintStream out, PrintStream err) {
    try (Database db = Database.open(config)) {
      Directory directory = new Directory(db, Clock.systemUTC());
      Directory.Credentials cred = directory.credentials(username);
      if (cred == null) {
        err.println("No account named '" + username + "' in " + where(config) + ".");
        return FAILED;
      }
      long id = cred.user().id();
      int sessions = sessions(db, id);
      String password = Ids.newToken().substring(0, 16);
      boolean disabled = cred.user().disabled();
      directory.updateUser(id, password, null, null, null, null, enable && disabled ? Boolean.FALSE : null);
      out.println("New password for " + username + ": " + password + "   (shown once: note it now)");
      out.println("Ended " + sessions + " session(s) of " + username + " in " + where(config) + ".");
      if (disabled) {
        out.println(enable ? "The account was disabled and is enabled again."
            : "Note: the account is disabled and cannot log in; run again with --enable, or have an admin enable it"
                + " on /admin.");
      }
      return OK;
    } catch (RuntimeException | SQLException e) {
      err.println("Could not reset the password: " + e.getMessage());
      return FAILED;
    }
  }

  private static int sessions(Database db, long userId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM auth_sessions WHERE user_id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  private static String where(ServerConfig config) {
    return config.embeddedDatabase() ? "the data directory " + config.dataDir().toAbsolutePath()
        : config.dbUrl().replaceAll("//[^@/]*@", "//");
  }
}

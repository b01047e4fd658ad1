package dev.frontline.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Which database the integration tests run on: the embedded one (default) or, when failsafe's
 * {@code it-postgres} execution sets {@code frontline.test.db=postgres}, a fresh schema of the
 * PostgreSQL at 127.0.0.1:5432 (database {@code test}). Without a reachable PostgreSQL those runs
 * are skipped with a message and a marker file that {@code .ci/run} refuses.
 */
public final class TestDb {
  static final String PG_HOST = System.getProperty("frontline.test.pg", "127.0.0.1:5432");
  static final String PG_DB = "test";
  static final String PG_USER = "postgres";

  private TestDb() {}

  public static boolean postgres() {
    return "postgres".equals(System.getProperty("frontline.test.db", "embedded"));
  }

  /** FRONTLINE_* variables for a fresh, empty database in {@code dataDir}'s spirit. */
  public static Map<String, String> freshEnv(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("FRONTLINE_DATA", dataDir.toString());
    if (postgres()) {
      String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      String base = "jdbc:postgresql://" + PG_HOST + "/" + PG_DB;
      try (Connection c = DriverManager.getConnection(base, PG_USER, "");
          Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA " + schema);
      } catch (SQLException e) {
        skip(e.getMessage());
      }
      env.put("FRONTLINE_DB_URL", base + "?currentSchema=" + schema);
      env.put("FRONTLINE_DB_USER", PG_USER);
      env.put("FRONTLINE_DB_PASSWORD", "");
    }
    return env;
  }

  private static void skip(String reason) {
    try {
      Path marker = Path.of("target", "postgres-skipped.txt");
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, "PostgreSQL at " + PG_HOST + " not reachable: " + reason + "\n");
    } catch (IOException ignored) {
      // the skip itself is reported by JUnit
    }
    Assumptions.abort("PostgreSQL at " + PG_HOST + " is not reachable (" + reason + "): PostgreSQL runs skipped");
  }
}

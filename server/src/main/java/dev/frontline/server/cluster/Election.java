package dev.frontline.server.cluster;

import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.store.Fence;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Who leads the cluster, decided by PostgreSQL (decision 0011): the leader is the process whose
 * own connection holds the cluster's session advisory lock. Taking the lead bumps the cluster's
 * epoch in {@code cluster_leader}; the leader's journal transactions read that row {@code FOR
 * SHARE} and commit only while the epoch is still theirs ({@link #fence}). The bump is an UPDATE of
 * the row, so it waits for the old leader's transactions in flight, and every later one of the old
 * leader fails: no write of a deposed leader lands after its successor started.
 *
 * <p>When the leader's process dies, PostgreSQL ends its session and frees the lock; another
 * process takes it at its next try (every second). Blocking calls: run on the election thread.
 */
final class Election implements AutoCloseable {
  private final ServerConfig config;
  private final long lockKey;
  private Connection lock;

  Election(ServerConfig config) {
    this.config = config;
    this.lockKey = key("frontline-leader:" + config.cluster());
  }

  /** A stable 64-bit key for the advisory lock (FNV-1a). */
  static long key(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /**
   * Tries to take the lead; on success returns the new epoch, written with this node's name and
   * internal address; otherwise 0. Throws when PostgreSQL cannot be reached.
   */
  long tryLead(String node, String address, long now) throws SQLException {
    if (lock == null) {
      Properties p = new Properties();
      if (config.dbUser() != null) {
        p.setProperty("user", config.dbUser());
      }
      if (config.dbPassword() != null) {
        p.setProperty("password", config.dbPassword());
      }
      p.setProperty("connectTimeout", "3");
      p.setProperty("socketTimeout", "5");
      p.setProperty("tcpKeepAlive", "true");
      p.setProperty("ApplicationName", "frontline-election-" + node);
      lock = DriverManager.getConnection(config.dbUrl(), p);
    }
    try (PreparedStatement ps = lock.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, lockKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return 0;
        }
      }
    }
    try (PreparedStatement ps = lock.prepareStatement("INSERT INTO cluster_leader (cluster, epoch, node, address, since)"
        + " VALUES (?, 1, ?, ?, ?) ON CONFLICT (cluster) DO UPDATE SET epoch = cluster_leader.epoch + 1,"
        + " node = excluded.node, address = excluded.address, since = excluded.since RETURNING epoch")) {
      ps.setString(1, config.cluster());
      ps.setString(2, node);
      ps.setString(3, address);
      ps.setLong(4, now);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Whether the lock's session is still alive (a round trip on it); false once it is not. */
  boolean stillLeads() {
    if (lock == null) {
      return false;
    }
    try (PreparedStatement ps = lock.prepareStatement("SELECT 1")) {
      ps.setQueryTimeout(3);
      ps.executeQuery().close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** The check of the leader's writes: this cluster's epoch must still be {@code epoch}. */
  Fence fence(long epoch, Runnable onFenced) {
    String cluster = config.cluster();
    return c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM cluster_leader WHERE cluster = ? FOR SHARE")) {
        ps.setString(1, cluster);
        try (ResultSet rs = ps.executeQuery()) {
          long now = rs.next() ? rs.getLong(1) : -1;
          if (now != epoch) {
            onFenced.run();
            throw new SQLException("this process no longer leads cluster " + cluster + " (its epoch " + epoch
                + ", the cluster's " + now + ")", Fence.FENCED);
          }
        }
      }
    };
  }

  /** Ends the lock's session (the lock goes with it). */
  @Override
  public void close() {
    if (lock != null) {
      try {
        lock.close();
      } catch (SQLException ignored) {
        // the session is gone either way
      }
      lock = null;
    }
  }
}

package dev.frontline.server.api;

import dev.frontline.server.config.Settings;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The limits on stored files (settings, 0 switches one off): uploads per minute per uploader,
 * files and bytes per visitor per day and per conversation, and a disk budget for all stored
 * files; the disk's own free space is checked too. The check and the row that takes the room are
 * one step under a lock ({@link #admit}), so parallel uploads cannot all pass on the same
 * numbers. The counts are the rows of {@code files}: an upload that fails later removes its row
 * and frees its room.
 */
final class UploadQuota {
  private static final long MIB = 1024 * 1024;
  private static final long DAY_MS = 86_400_000L;

  private final Database db;
  private final Settings settings;
  private final Clock clock;
  private final Path root;
  private final ReentrantLock lock = new ReentrantLock();

  UploadQuota(Database db, Settings settings, Clock clock, Path root) {
    this.db = db;
    this.settings = settings;
    this.clock = clock;
    this.root = root;
  }

  /** The row an admitted upload stores. */
  record Row(String id, String conversationId, String uploader, String uploaderId, String name, String type, long size) {}

  /**
   * Checks every limit for {@code row} and, when all allow it, inserts the row, all under one
   * lock. Throws {@code rate_limited} (429), {@code quota_exceeded} (413) or {@code storage_full}
   * (507) with a message naming the limit; nothing is written then.
   */
  void admit(Row row, boolean visitor) throws SQLException {
    long now = clock.millis();
    lock.lock();
    try (Connection c = db.connection()) {
      long perMinute = settings.number("uploadsPerMinute");
      if (perMinute > 0 && count(c, "uploader_id = ? AND created_at > ?", row.uploaderId(), now - 60_000)[0] >= perMinute) {
        throw new ApiException(ErrorCode.RATE_LIMITED, "at most " + perMinute + " uploads a minute; wait a little");
      }
      if (visitor) {
        long[] day = count(c, "uploader_id = ? AND uploader = 'visitor' AND created_at > ?", row.uploaderId(), now - DAY_MS);
        within(day, row.size(), "uploadFilesPerVisitorDay", "uploadMiBPerVisitorDay", "a visitor a day");
      }
      long[] conv = count(c, "conversation_id = ?", row.conversationId(), null);
      within(conv, row.size(), "uploadFilesPerConversation", "uploadMiBPerConversation", "a conversation");
      long budget = settings.number("uploadDiskBudgetMiB") * MIB;
      if (budget > 0 && count(c, "1 = 1", null, null)[1] + row.size() > budget) {
        throw new ApiException(ErrorCode.STORAGE_FULL, "the storage for files is full; try again later");
      }
      if (usable() < row.size() + 64 * MIB) {
        throw new ApiException(ErrorCode.STORAGE_FULL, "the disk is full; try again later");
      }
      insert(c, row, now);
    } finally {
      lock.unlock();
    }
  }

  /** Frees the room of an upload that failed after {@link #admit}. */
  void release(String fileId) throws SQLException {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM files WHERE id = ?")) {
      ps.setString(1, fileId);
      ps.executeUpdate();
    }
  }

  private void within(long[] used, long size, String filesSetting, String mibSetting, String per) {
    long files = settings.number(filesSetting);
    if (files > 0 && used[0] + 1 > files) {
      throw new ApiException(ErrorCode.QUOTA_EXCEEDED, "at most " + files + " files for " + per);
    }
    long bytes = settings.number(mibSetting) * MIB;
    if (bytes > 0 && used[1] + size > bytes) {
      throw new ApiException(ErrorCode.QUOTA_EXCEEDED, "at most " + bytes / MIB + " MiB of files for " + per);
    }
  }

  /** {count, bytes} of the rows matching {@code where} (one or two parameters, the second a time). */
  private static long[] count(Connection c, String where, String key, Long since) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM files WHERE "
        + where)) {
      int i = 1;
      if (key != null) {
        ps.setString(i++, key);
      }
      if (since != null) {
        ps.setLong(i, since);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  private static void insert(Connection c, Row row, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO files (id, conversation_id, uploader, uploader_id, name,"
        + " content_type, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, row.id());
      ps.setString(2, row.conversationId());
      ps.setString(3, row.uploader());
      ps.setString(4, row.uploaderId());
      ps.setString(5, row.name());
      ps.setString(6, row.type());
      ps.setLong(7, row.size());
      ps.setLong(8, now);
      ps.executeUpdate();
    }
  }

  private long usable() {
    try {
      Path p = Files.isDirectory(root) ? root : root.getParent();
      return Files.getFileStore(p).getUsableSpace();
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}

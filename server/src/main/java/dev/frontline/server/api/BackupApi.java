package dev.frontline.server.api;

import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/admin/backup} (admin): a consistent copy of the embedded database, taken
 * while chats go on, written to {@code <data>/backups/frontline-<UTC time>.db}. One at a time.
 */
final class BackupApi {
  private static final Logger log = LoggerFactory.getLogger(BackupApi.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Database db;
  private final Path dataDir;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  BackupApi(Database db, Path dataDir, Clock clock) {
    this.db = db;
    this.dataDir = dataDir;
    this.clock = clock;
  }

  void register(Router r) {
    r.secured("POST", "/api/admin/backup", this::backup, Role.ADMIN);
  }

  private ApiResponse backup(ApiRequest req) throws Exception {
    if (db.dialect() != Dialect.SQLITE) {
      throw new ApiException(ErrorCode.UNSUPPORTED,
          "the server runs on PostgreSQL: back it up with PostgreSQL's own tools (pg_dump, base backups)");
    }
    if (!running.tryLock()) {
      throw ApiException.conflict("a backup is already being written; try again when it is done");
    }
    try {
      Path dir = dataDir.resolve("backups");
      Files.createDirectories(dir);
      long started = clock.millis();
      String name = "frontline-" + STAMP.format(clock.instant()) + ".db";
      Path target = dir.resolve(name);
      if (Files.exists(target)) {
        throw ApiException.conflict("a backup named " + name + " already exists; try again");
      }
      db.backupTo(target);
      long ms = clock.millis() - started;
      long bytes = Files.size(target);
      log.info("event=db.backup file={} bytes={} ms={} by={}", name, bytes, ms, req.principal().userId());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("file", "backups/" + name);
      out.put("bytes", bytes);
      out.put("ms", ms);
      return ApiResponse.created(out);
    } finally {
      running.unlock();
    }
  }
}

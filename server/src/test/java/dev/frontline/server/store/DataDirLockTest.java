package dev.frontline.server.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock a running server holds on its embedded data directory (another process: ResetPasswordIT). */
class DataDirLockTest {
  @TempDir
  Path dir;

  @Test
  void heldLock_refusesASecondHolder_untilReleased() throws Exception {
    Path data = dir.resolve("data");
    DataDirLock first = DataDirLock.tryAcquire(data);
    assertNotNull(first);
    assertTrue(Files.exists(data.resolve(DataDirLock.FILE)), "the directory and the file are created");
    assertNull(DataDirLock.tryAcquire(data), "held");
    first.close();
    try (DataDirLock again = DataDirLock.tryAcquire(data)) {
      assertNotNull(again, "free again once released");
    }
  }
}

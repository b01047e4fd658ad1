package dev.frontline.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Says that a server process runs on an embedded data directory: the server holds an operating
 * system lock on {@code <data>/server.lock} while it runs, and a command-line tool that changes the
 * database behind its back (reset-password) asks for the same lock first. The lock is the kernel's
 * (released when the process ends, even by SIGKILL), so a crashed server leaves nothing stale; the
 * file itself stays and means nothing.
 */
public final class DataDirLock implements AutoCloseable {
  /** The lock file under the data directory. */
  public static final String FILE = "server.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dataDir} (creating the directory and the file when missing); null when
   * another process holds it.
   */
  public static DataDirLock tryAcquire(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    FileChannel ch = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // this process already holds it
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (l == null) {
      ch.close();
      return null;
    }
    return new DataDirLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}

package dev.frontline.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  @TempDir
  Path dir;

  private static List<Journal.Write> batch(int i) {
    return List.of(new Journal.Write("INSERT INTO t (a, b, c, d, e) VALUES (?, ?, ?, ?, ?)", "text " + i + " 中文", (long) i,
        i, i % 2 == 0, i / 3.0), new Journal.Write("UPDATE t SET a = ? WHERE b = ?", null, (long) i));
  }

  @Test
  void batchesReplayInOrder_afterTheGivenMark_withEveryParameterType() throws Exception {
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      for (int i = 1; i <= 5; i++) {
        wal.append(i, batch(i));
      }
    }
    List<Long> seen = new ArrayList<>();
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      long last = wal.replay(2, (n, writes) -> {
        seen.add(n);
        assertEquals(batch(n.intValue()).get(0).sql(), writes.get(0).sql());
        assertArrayEquals(batch(n.intValue()).get(0).params(), writes.get(0).params());
        assertArrayEquals(new Object[] {null, n}, writes.get(1).params());
      });
      assertEquals(5, last);
    }
    assertEquals(List.of(3L, 4L, 5L), seen);
  }

  @Test
  void aTornLastRecord_isDroppedAndTheRestReplays() throws Exception {
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      for (int i = 1; i <= 3; i++) {
        wal.append(i, batch(i));
      }
    }
    tearLastRecord();
    List<Long> seen = new ArrayList<>();
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      assertEquals(2, wal.replay(0, (n, w) -> seen.add(n)));
      wal.append(3, batch(3));
    }
    List<Long> again = new ArrayList<>();
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      assertEquals(3, wal.replay(0, (n, w) -> again.add(n)));
    }
    assertEquals(List.of(1L, 2L), seen);
    assertEquals(List.of(1L, 2L, 3L), again, "the log continues cleanly after a dropped tail");
  }

  @Test
  void checkpointedSegmentsAreDeleted_butNeverTheOneBeingWritten() throws Exception {
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      byte[] big = new byte[1024 * 1024];
      java.util.Arrays.fill(big, (byte) 'x');
      String text = new String(big, java.nio.charset.StandardCharsets.US_ASCII);
      for (int i = 1; i <= 40; i++) {
        wal.append(i, List.of(new Journal.Write("INSERT INTO t (a) VALUES (?)", text)));
      }
      long before = segments().size();
      wal.truncateUpTo(40);
      assertEquals(1, segments().size(), "only the current segment is left of " + before);
      List<Long> seen = new ArrayList<>();
      wal.replay(0, (n, w) -> seen.add(n));
      assertEquals(40L, seen.get(seen.size() - 1));
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
    }
  }

  /** Zeroes the last 7 bytes of the log's last record, as a write cut short by a crash leaves it. */
  private void tearLastRecord() throws IOException {
    List<Path> segs = segments();
    Path seg = segs.get(segs.size() - 1);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pos = 0;
      java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(4);
      while (pos + 16 <= ch.size()) {
        len.clear();
        ch.read(len, pos);
        int n = len.flip().getInt();
        if (n == 0) {
          break;
        }
        pos += 16 + n;
      }
      ch.write(java.nio.ByteBuffer.allocate(7), pos - 7);
    }
  }

  @Test
  void segmentsAreZeroFilledAheadOfUse_andRecordsOverwriteTheZerosInPlace() throws Exception {
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!wal.spareReady()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no spare segment was prepared");
        }
        Thread.sleep(20);
      }
      for (int i = 1; i <= 3; i++) {
        wal.append(i, batch(i));
      }
      List<Path> segs = segments();
      Path last = segs.get(segs.size() - 1);
      assertEquals(WriteAheadLog.SEGMENT_BYTES, Files.size(last), "the records went into the zero-filled spare");
    }
    assertEquals(List.of(1L, 2L, 3L), replayAll(), "the zeros after the last record end the segment");
  }

  /** The batch numbers a restart would replay, each checked to carry its own writes. */
  private List<Long> replayAll() throws IOException {
    List<Long> seen = new ArrayList<>();
    try (WriteAheadLog wal = new WriteAheadLog(dir)) {
      wal.replay(0, (n, writes) -> {
        seen.add(n);
        assertArrayEquals(batch(n.intValue()).get(0).params(), writes.get(0).params());
      });
    }
    return seen;
  }

  @Test
  void aWriteThatStopsHalfWay_isCutOff_andTheBatchesAcknowledgedAfterItStillReplay() throws Exception {
    FlakyDisk disk = new FlakyDisk();
    try (WriteAheadLog wal = new WriteAheadLog(dir, disk)) {
      wal.append(1, batch(1));
      wal.append(2, batch(2));
      disk.tornWrites = 1;
      assertThrows(IOException.class, () -> wal.append(3, batch(3)));
      wal.append(4, batch(4));
      wal.append(5, batch(5));
    }
    assertEquals(List.of(1L, 2L, 4L, 5L), replayAll(), "exactly the batches that were reported durable");
  }

  @Test
  void aBatchWhoseForceFailed_leavesNoRecordBehind() throws Exception {
    FlakyDisk disk = new FlakyDisk();
    try (WriteAheadLog wal = new WriteAheadLog(dir, disk)) {
      wal.append(1, batch(1));
      disk.failedForces = 1;
      assertThrows(IOException.class, () -> wal.append(2, batch(2)));
      wal.append(3, batch(3));
    }
    assertEquals(List.of(1L, 3L), replayAll(), "the failed batch is not replayed");
  }

  @Test
  void whileTheFailedRecordCannotBeCutOff_nothingIsAppendedAfterIt() throws Exception {
    FlakyDisk disk = new FlakyDisk();
    try (WriteAheadLog wal = new WriteAheadLog(dir, disk)) {
      wal.append(1, batch(1));
      disk.failedForces = 1;
      disk.failedTruncates = 2;
      assertThrows(IOException.class, () -> wal.append(2, batch(2)), "force fails, and the cut after it");
      assertThrows(IOException.class, () -> wal.append(3, batch(3)), "the cut before the next append fails too");
      wal.append(4, batch(4));
      wal.append(5, batch(5));
    }
    assertEquals(List.of(1L, 4L, 5L), replayAll());
  }
}

package dev.frontline.server.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's write-ahead log for the embedded database: each group commit is written as one
 * record and forced to disk (one fdatasync per batch, never per message) before anyone is told it
 * is durable; the database then applies it and writes its pages in the background. A record is
 * {@code [int length][long batch][int crc32c][payload]}; a torn record at the end (power cut,
 * SIGKILL mid-write) fails its checksum and is dropped with everything after it. A segment ends at
 * its last record followed by zeros (a header of zeros never starts a record).
 *
 * <p>Segments are 16 MiB, written and forced full of zeros ahead of use by a background thread
 * (the spare), and records overwrite those zeros in place. So an fdatasync only flushes data: the
 * file's size and block map never change under it, and it never waits for the file system's
 * journal to commit other files' metadata (the database's own pages). Until a spare is ready (the
 * first seconds after start), a segment grows by appending and the log moves to the spare as soon
 * as it is. Segments are deleted once a checkpoint has made the database hold them.
 *
 * <p>An append that fails (disk full, device error) may leave part or all of its record in the
 * segment, and its callers are told it failed: the segment is cut back to the last good record at
 * once, and if that fails too, before the next append, which fails itself while the cut cannot be
 * made. So nothing is ever written after the bytes of a failed batch, and a replay returns exactly
 * the batches that were reported durable (plus, only after a crash before the cut, the failed batch
 * as the very last record, like a commit whose answer was lost).
 */
final class WriteAheadLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);
  static final long SEGMENT_BYTES = 16L * 1024 * 1024;
  private static final int MAX_RECORD = 64 * 1024 * 1024;

  /** Opens a segment for appending; a seam for tests that make the disk fail. */
  interface Opener {
    FileChannel open(Path segment) throws IOException;
  }

  static final Opener FILES = segment -> FileChannel.open(segment, StandardOpenOption.CREATE,
      StandardOpenOption.WRITE);

  private static final String SPARE = "next.spare";

  private final Path dir;
  private final Opener opener;
  private FileChannel current;
  private long currentFirst;
  /** Bytes of intact records in the current segment; a failed append is cut back to this. */
  private long currentSize;
  /** A failed append's bytes may still follow {@link #currentSize}: cut them off before writing again. */
  private boolean dirty;
  /** The current segment was a spare: written full of zeros and forced before its first record. */
  private boolean preallocated;
  /** Writes the next spare; null when none is being written or ready. */
  private Thread spareWriter;
  private volatile boolean spareReady;

  WriteAheadLog(Path dir) {
    this(dir, FILES);
  }

  WriteAheadLog(Path dir, Opener opener) {
    this.dir = dir;
    this.opener = opener;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    prepareSpare();
  }

  /** A zero-filled segment is written, forced and waiting to be used. */
  boolean spareReady() {
    return spareReady;
  }

  /** Starts writing a zero-filled segment in the background (a crash may have left half of one). */
  private void prepareSpare() {
    if (spareWriter != null && (spareWriter.isAlive() || spareReady)) {
      return;
    }
    spareReady = false;
    Path spare = dir.resolve(SPARE);
    spareWriter = Thread.ofPlatform().daemon(true).name("wal-spare-" + dir.getFileName()).start(() -> {
      try (FileChannel ch = FileChannel.open(spare, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < SEGMENT_BYTES; ) {
          zeros.clear();
          while (zeros.hasRemaining()) {
            at += ch.write(zeros, at);
          }
        }
        ch.force(true);
        spareReady = true;
      } catch (IOException e) {
        log.warn("event=wal.spare_failed dir={} reason={}", dir.getFileName(), e.toString());
      }
    });
  }

  /**
   * Appends one batch and forces it to disk. When this throws, the batch is not durable and is cut
   * off the log (now or before the next append); the caller must not use its number again.
   */
  synchronized void append(long batch, List<Journal.Write> writes) throws IOException {
    byte[] payload = encode(writes);
    if (dirty) {
      cutBack();
    }
    long length = 16L + payload.length;
    if (current == null || (currentSize > 0 && currentSize + length > SEGMENT_BYTES)
        || (!preallocated && spareReady)) {
      roll(batch);
    }
    ByteBuffer record = record(batch, payload);
    try {
      while (record.hasRemaining()) {
        current.write(record, currentSize + record.position());
      }
      current.force(false);
    } catch (IOException e) {
      dirty = true;
      try {
        cutBack();
      } catch (IOException again) {
        e.addSuppressed(again);
        log.error("event=wal.cut_back_failed segment={} offset={} reason={}", name(currentFirst), currentSize,
            again.toString());
      }
      throw e;
    }
    currentSize += length;
  }

  /**
   * Keeps writes the database refused after they were acknowledged in {@code rejected.log} (the
   * same record format, batch number 0), forced, for an operator to repair and apply by hand.
   */
  synchronized void keepRejected(List<Journal.Write> writes) throws IOException {
    ByteBuffer record = record(0, encode(writes));
    try (FileChannel ch = FileChannel.open(dir.resolve("rejected.log"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (record.hasRemaining()) {
        ch.write(record);
      }
      ch.force(true);
    }
  }

  /** One record, ready to write: {@code [int length][long batch][int crc32c][payload]}. */
  private static ByteBuffer record(long batch, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer record = ByteBuffer.allocate(16 + payload.length);
    record.putInt(payload.length).putLong(batch).putInt((int) crc.getValue()).put(payload).flip();
    return record;
  }

  /** Cuts the current segment back to its last intact record, dropping what a failed append left. */
  private void cutBack() throws IOException {
    FileChannel ch = current;
    if (ch == null || !ch.isOpen()) {
      ch = opener.open(dir.resolve(name(currentFirst)));
      current = ch;
    }
    ch.truncate(currentSize);
    ch.force(true);
    dirty = false;
    // Cut short, the segment grows again from here: move to a spare when one is ready.
    preallocated = false;
  }

  private void roll(long firstBatch) throws IOException {
    if (current != null) {
      FileChannel old = current;
      current = null;
      old.close();
    }
    Path segment = dir.resolve(name(firstBatch));
    boolean spare = spareReady && !Files.exists(segment);
    if (spare) {
      Files.move(dir.resolve(SPARE), segment, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      spareWriter = null;
      spareReady = false;
    }
    current = opener.open(segment);
    currentFirst = firstBatch;
    currentSize = spare ? 0 : current.size();
    preallocated = spare;
    // The new name must survive a crash as surely as the records written under it.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      log.debug("event=wal.dir_sync_unsupported dir={} reason={}", dir.getFileName(), e.toString());
    }
    prepareSpare();
  }

  private static String name(long firstBatch) {
    return String.format(java.util.Locale.ROOT, "%020d.wal", firstBatch);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
    }
  }

  private static long firstOf(Path p) {
    String n = p.getFileName().toString();
    return Long.parseLong(n.substring(0, n.length() - 4));
  }

  /**
   * Calls {@code apply} for every intact batch after {@code afterBatch}, in order; returns the
   * last batch number seen (or {@code afterBatch}). A damaged tail is cut off.
   */
  long replay(long afterBatch, BiConsumer<Long, List<Journal.Write>> apply) throws IOException {
    long last = afterBatch;
    for (Path seg : segments()) {
      try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long pos = 0;
        long size = ch.size();
        while (pos < size) {
          ByteBuffer head = ByteBuffer.allocate(16);
          if (readFully(ch, head, pos) < 16) {
            truncate(ch, seg, pos, "torn header");
            break;
          }
          head.flip();
          int len = head.getInt();
          long batch = head.getLong();
          int crc = head.getInt();
          if (len == 0 && batch == 0 && crc == 0) {
            break; // the zeros after a segment's last record
          }
          if (len < 0 || len > MAX_RECORD || pos + 16 + len > size) {
            truncate(ch, seg, pos, "torn record");
            break;
          }
          ByteBuffer body = ByteBuffer.allocate(len);
          readFully(ch, body, pos + 16);
          CRC32C c = new CRC32C();
          c.update(body.array());
          if ((int) c.getValue() != crc) {
            truncate(ch, seg, pos, "checksum mismatch");
            break;
          }
          if (batch > last) {
            apply.accept(batch, decode(body.array()));
            last = batch;
          }
          pos += 16 + len;
        }
      }
    }
    return last;
  }

  private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    int total = 0;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private static void truncate(FileChannel ch, Path seg, long pos, String why) throws IOException {
    log.warn("event=wal.tail_dropped segment={} offset={} reason={}", seg.getFileName(), pos, why);
    ch.truncate(pos);
    ch.force(true);
  }

  /** Deletes the segments whose every batch is at most {@code upToBatch} (never the one being written). */
  synchronized void truncateUpTo(long upToBatch) throws IOException {
    List<Path> segs = segments();
    for (int i = 0; i + 1 < segs.size(); i++) {
      Path seg = segs.get(i);
      if (firstOf(segs.get(i + 1)) <= upToBatch + 1 && firstOf(seg) != currentFirst) {
        Files.deleteIfExists(seg);
      }
    }
  }

  synchronized long bytes() throws IOException {
    long n = 0;
    for (Path p : segments()) {
      n += Files.size(p);
    }
    return n;
  }

  // ---- encoding: per write, the SQL and typed parameters ----

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte INT = 3;
  private static final byte BOOL = 4;
  private static final byte DOUBLE = 5;

  static byte[] encode(List<Journal.Write> writes) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * writes.size());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(writes.size());
      for (Journal.Write w : writes) {
        byte[] sql = w.sql().getBytes(StandardCharsets.UTF_8);
        out.writeInt(sql.length);
        out.write(sql);
        Object[] p = w.params();
        out.writeShort(p.length);
        for (Object o : p) {
          switch (o) {
            case null -> out.writeByte(NULL);
            case String s -> {
              byte[] b = s.getBytes(StandardCharsets.UTF_8);
              out.writeByte(STRING);
              out.writeInt(b.length);
              out.write(b);
            }
            case Long l -> {
              out.writeByte(LONG);
              out.writeLong(l);
            }
            case Integer i -> {
              out.writeByte(INT);
              out.writeInt(i);
            }
            case Boolean b -> {
              out.writeByte(BOOL);
              out.writeBoolean(b);
            }
            case Double d -> {
              out.writeByte(DOUBLE);
              out.writeDouble(d);
            }
            default -> throw new IllegalArgumentException("unsupported journal parameter " + o.getClass());
          }
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Journal.Write> decode(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
      int n = in.readInt();
      List<Journal.Write> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] sql = new byte[in.readInt()];
        in.readFully(sql);
        Object[] p = new Object[in.readShort()];
        for (int j = 0; j < p.length; j++) {
          byte type = in.readByte();
          p[j] = switch (type) {
            case NULL -> null;
            case STRING -> {
              byte[] b = new byte[in.readInt()];
              in.readFully(b);
              yield new String(b, StandardCharsets.UTF_8);
            }
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case BOOL -> in.readBoolean();
            case DOUBLE -> in.readDouble();
            default -> throw new IOException("unknown parameter type " + type);
          };
        }
        out.add(new Journal.Write(new String(sql, StandardCharsets.UTF_8), p));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    Thread writer = spareWriter;
    if (writer != null) {
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (current != null) {
      current.close();
      current = null;
    }
  }
}

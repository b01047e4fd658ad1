package dev.frontline.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Real segment files on a disk that can be told to fail, as a full or broken disk does: the next
 * writes stop half-way, the next forces or truncates throw. Counters say how many times.
 */
final class FlakyDisk implements WriteAheadLog.Opener {
  int tornWrites;
  int failedForces;
  int failedTruncates;

  @Override
  public FileChannel open(Path segment) throws IOException {
    return new Channel(FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
  }

  private final class Channel extends FileChannel {
    private final FileChannel real;

    Channel(FileChannel real) {
      this.real = real;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      if (tornWrites == 0) {
        return real.write(srcs, offset, length);
      }
      tornWrites--;
      long half = 0;
      for (int i = offset; i < offset + length; i++) {
        half += srcs[i].remaining();
      }
      half /= 2;
      for (int i = offset; i < offset + length && half > 0; i++) {
        ByteBuffer part = srcs[i].slice();
        part.limit((int) Math.min(part.remaining(), half));
        int n = real.write(part);
        srcs[i].position(srcs[i].position() + n);
        half -= n;
      }
      throw new IOException("No space left on device");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (failedForces > 0) {
        failedForces--;
        throw new IOException("Input/output error");
      }
      real.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      if (failedTruncates > 0) {
        failedTruncates--;
        throw new IOException("Input/output error");
      }
      real.truncate(size);
      return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      if (tornWrites == 0) {
        return real.write(src, position);
      }
      tornWrites--;
      ByteBuffer half = src.slice();
      half.limit(half.remaining() / 2);
      int n = real.write(half, position);
      src.position(src.position() + n);
      throw new IOException("No space left on device");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}

package dev.frontline.server.transport;

import dev.frontline.server.api.ApiResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed response body (exports): written in 64 KiB chunks from the API worker thread,
 * waiting whenever the client reads slower than we write, so memory stays flat.
 */
final class ChunkedBody extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(ChunkedBody.class);
  private static final int CHUNK = 64 * 1024;

  private final Channel channel;
  private ByteBuf buf = Unpooled.buffer(CHUNK);

  private ChunkedBody(Channel channel) {
    this.channel = channel;
  }

  static void send(ChannelHandlerContext c, HttpVersion version, boolean keepAlive, ApiResponse r) {
    HttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(r.status()));
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    head.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().forEach((k, v) -> head.headers().add(k, v));
    if (!keepAlive) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    Channel ch = c.channel();
    ch.writeAndFlush(head);
    try (ChunkedBody body = new ChunkedBody(ch)) {
      r.stream().write(body);
      body.flushChunk();
      ChannelFuture last = ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      if (!keepAlive) {
        last.addListener(ChannelFutureListener.CLOSE);
      }
    } catch (Exception e) {
      log.warn("event=http.stream_aborted reason={}", e.toString());
      ch.close();
    }
  }

  @Override
  public void write(int b) throws IOException {
    buf.writeByte(b);
    if (buf.readableBytes() >= CHUNK) {
      flushChunk();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    buf.writeBytes(b, off, len);
    if (buf.readableBytes() >= CHUNK) {
      flushChunk();
    }
  }

  void flushChunk() throws IOException {
    if (!channel.isActive()) {
      throw new IOException("client went away");
    }
    if (buf.readableBytes() == 0) {
      return;
    }
    ChannelFuture f = channel.writeAndFlush(new DefaultHttpContent(buf));
    buf = Unpooled.buffer(CHUNK);
    if (!channel.isWritable() && !f.awaitUninterruptibly(30, TimeUnit.SECONDS)) {
      throw new IOException("client stopped reading");
    }
  }

  @Override
  public void close() {
    if (buf.refCnt() > 0 && buf.readableBytes() == 0) {
      buf.release();
    }
  }
}

package dev.frontline.bench.load;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One visitor on one socket: WebSocket handshake, {@code hello}, {@code welcome}, optionally
 * {@code human} until {@code queued}; then it is ready and its {@link LoopDriver} sends for it.
 * Everything runs on the socket's event loop.
 */
final class VisitorClient extends ChannelInboundHandlerAdapter {
  private static final byte CONNECTING = 0;
  private static final byte HELLO_SENT = 1;
  private static final byte WAITING_QUEUE = 2;
  private static final byte READY = 3;
  private static final byte DONE = 4;

  /** Outstanding messages a client may have before it skips sends (counted as backlog). */
  private static final int RING = 256;

  final int id;
  private final Worker worker;
  private final long connectStart;
  private LoopDriver loop;
  private Channel channel;
  private byte state = CONNECTING;
  private boolean settled;

  /** Intended send time (nanoTime) of message seq at [seq % RING]; 0 when answered. */
  private long[] intended;
  private int nextSeq = 1;
  private String idPrefix;

  VisitorClient(int id, Worker worker, long connectStart) {
    this.id = id;
    this.worker = worker;
    this.connectStart = connectStart;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    loop = worker.driver(ctx.channel().eventLoop());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      loop.connectLatency.recordValue(micros(System.nanoTime() - connectStart));
      state = HELLO_SENT;
      write(Frames.HELLO);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      fail("handshake_timeout");
      ctx.close();
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame text) {
        onFrame(Frames.parse(text.text()));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onFrame(Frames.Inbound f) {
    String type = f.type() == null ? "" : f.type();
    loop.framesIn++;
    switch (type) {
      case "ack" -> {
        if (state == READY) {
          acked(f.clientId());
        }
      }
      case "error" -> {
        if (f.clientId() != null && state == READY) {
          errored(f.clientId(), f.code());
        } else if (state < READY) {
          fail("error:" + f.code());
          channel.close();
        } else {
          loop.count("error:" + f.code());
        }
      }
      case "welcome" -> {
        if (state == HELLO_SENT) {
          loop.welcomeLatency.recordValue(micros(System.nanoTime() - connectStart));
          if (worker.options().conversation() == LoadOptions.Conversation.QUEUED) {
            state = WAITING_QUEUE;
            write(Frames.HUMAN);
          } else {
            ready();
          }
        }
      }
      case "queued", "assigned" -> {
        if (state == WAITING_QUEUE) {
          ready();
        }
      }
      case "no_agent" -> {
        if (state == WAITING_QUEUE) {
          fail("no_agent");
          channel.close();
        } else {
          loop.count("no_agent");
        }
      }
      default -> {
        // message, typing, ... : counted in framesIn only
      }
    }
  }

  private void ready() {
    state = READY;
    loop.ready(this);
    settle();
  }

  private void fail(String reason) {
    if (state != DONE) {
      state = DONE;
      worker.failed(reason);
      settle();
    }
  }

  /** Reached welcome (and queue) or failed: frees a connect slot, once. */
  private void settle() {
    if (!settled) {
      settled = true;
      worker.settled();
    }
  }

  void connectFailed(Throwable cause) {
    fail("connect:" + cause.getClass().getSimpleName());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (state == READY) {
      loop.closedAfterReady++;
    } else {
      fail(state == CONNECTING ? "closed_during_handshake" : "closed_before_ready");
    }
    state = DONE;
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (state == READY) {
      loop.count("exception:" + cause.getClass().getSimpleName());
    } else {
      fail("exception:" + cause.getClass().getSimpleName());
    }
    ctx.close();
  }

  boolean isOpen() {
    return state == READY && channel.isActive();
  }

  // ---- chat ----

  /**
   * Sends the next message, intended for {@code intendedNanos}; false if it could not be sent.
   * {@code tail} is {@link Frames#sendTail}, or {@link Frames#distinctTail} with {@code --texts distinct}.
   */
  boolean send(long intendedNanos, String tail) {
    if (!isOpen()) {
      loop.count("skipped:closed");
      return false;
    }
    if (intended == null) {
      intended = new long[RING];
      idPrefix = "b" + worker.index() + "-" + id + "-";
    }
    int seq = nextSeq;
    int slot = seq & (RING - 1);
    if (intended[slot] != 0) {
      loop.count("skipped:backlog");
      return false;
    }
    nextSeq++;
    intended[slot] = intendedNanos;
    String clientId = idPrefix + seq;
    write(worker.options().distinctTexts() ? Frames.sendDistinct(clientId, tail) : Frames.send(clientId, tail));
    return true;
  }

  private int tracks;
  /** A token bucket a little stricter than the server's flood guard (10/s, burst 20), for track frames. */
  private double trackTokens = TRACK_BURST;
  private long trackRefilled;
  private static final double TRACK_BURST = 15;
  private static final double TRACK_PER_NANO = 9.0 / 1_000_000_000L;

  /**
   * Sends a track frame; false if the socket is not open, or if sending it now could trip the
   * server's flood guard (a client that fell behind its schedule catches up in bursts): the server
   * drops such frames and says so at most once per 50 ms, so the count would be unknown.
   */
  boolean track(String event, String runId) {
    if (!isOpen()) {
      loop.count("skipped:closed");
      return false;
    }
    long now = System.nanoTime();
    trackTokens = trackRefilled == 0 ? TRACK_BURST
        : Math.min(TRACK_BURST, trackTokens + (now - trackRefilled) * TRACK_PER_NANO);
    trackRefilled = now;
    if (trackTokens < 1) {
      loop.count("skipped:track_over_flood_guard");
      return false;
    }
    trackTokens -= 1;
    write(Frames.track(event, runId, tracks++));
    return true;
  }

  private int seqOf(String clientId) {
    if (clientId == null || idPrefix == null || !clientId.startsWith(idPrefix)) {
      return -1;
    }
    try {
      return Integer.parseInt(clientId, idPrefix.length(), clientId.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void acked(String clientId) {
    int seq = seqOf(clientId);
    if (seq <= 0 || seq >= nextSeq || nextSeq - seq > RING || intended[seq & (RING - 1)] == 0) {
      loop.count("ack:unexpected");
      return;
    }
    int slot = seq & (RING - 1);
    loop.acked(intended[slot], System.nanoTime());
    intended[slot] = 0;
  }

  private void errored(String clientId, String code) {
    int seq = seqOf(clientId);
    loop.count("error:" + code);
    if (seq > 0 && seq < nextSeq && nextSeq - seq <= RING && intended[seq & (RING - 1)] != 0) {
      loop.answeredWithError(intended[seq & (RING - 1)]);
      intended[seq & (RING - 1)] = 0;
    }
  }

  private void write(String json) {
    channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), json)), channel.voidPromise());
  }

  static long micros(long nanos) {
    return Math.max(1, nanos / 1_000);
  }
}

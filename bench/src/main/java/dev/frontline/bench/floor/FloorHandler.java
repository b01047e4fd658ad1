package dev.frontline.bench.floor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One connection of the floor: HTTP requests the WebSocket handler passed on ({@code /healthz},
 * anything else 404), then the visitor's text frames. Runs on the connection's event loop only, so
 * its counter needs no synchronisation.
 */
final class FloorHandler extends ChannelInboundHandlerAdapter {
  private final FloorFrames frames;
  private final String visitorId;
  private final String conversationId;
  /** The seq of the last ack this socket sent. */
  private long seq;

  /** {@code visitor}: a number unique in the process, naming the visitor and its conversation. */
  FloorHandler(FloorFrames frames, long visitor) {
    this.frames = frames;
    this.visitorId = "floor-v" + visitor;
    this.conversationId = "floor-c" + visitor;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame text) {
        onFrame(ctx, text.text());
      } else if (msg instanceof FullHttpRequest request) {
        onRequest(ctx, request);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onFrame(ChannelHandlerContext ctx, String text) {
    JsonNode frame;
    try {
      frame = frames.read(text);
    } catch (JsonProcessingException e) {
      return;
    }
    switch (frame.path("type").asText()) {
      case "hello" -> reply(ctx, frames.welcome(ctx.alloc(),
          new FloorFrames.Welcome("welcome", visitorId, visitorId, conversationId, false, "bot")));
      case "human" -> reply(ctx, frames.queued(ctx.alloc(), new FloorFrames.Queued("queued", 1)));
      case "send" -> reply(ctx, frames.ack(ctx.alloc(),
          new FloorFrames.Ack("ack", frame.path("clientId").asText(), ++seq, conversationId)));
      default -> {
        // the floor answers nothing else (see FloorServer)
      }
    }
  }

  private static void reply(ChannelHandlerContext ctx, ByteBuf json) {
    ctx.writeAndFlush(new TextWebSocketFrame(json), ctx.voidPromise());
  }

  private static void onRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean health = request.method().equals(HttpMethod.GET) && "/healthz".equals(request.uri());
    HttpResponseStatus status = health ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND;
    ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), health ? "{\"status\":\"ok\"}" : "{\"error\":\"not_found\"}");
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}

package dev.frontline.server.transport;

import dev.frontline.server.api.Api;
import dev.frontline.server.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

/** Aggregates request bodies up to a limit and answers a larger one with the contract's 413 envelope. */
final class LimitedAggregator extends HttpObjectAggregator {
  private final int max;

  LimitedAggregator(int max) {
    super(max);
    this.max = max;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    HttpHandler.write(ctx, HttpVersion.HTTP_1_1, false,
        Api.error(ErrorCode.TOO_LARGE, "request body larger than " + max + " bytes"));
  }
}

package dev.frontline.server.transport;

import dev.frontline.server.api.Api;
import dev.frontline.server.api.ApiResponse;
import dev.frontline.server.protocol.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates request bodies up to a limit and answers a larger one with the contract's 413
 * envelope. Closing the socket at once would reset it while the client is still sending the
 * body, and the client would never read the answer; so the answer is written, our side of the
 * connection is shut down (the client reads the 413 and then end of stream), the rest of the
 * body is read and discarded by the aggregator, and the connection is closed when the client
 * closes its side or after {@value #DRAIN_SECONDS} seconds, whichever comes first.
 */
final class LimitedAggregator extends HttpObjectAggregator {
  static final int DRAIN_SECONDS = 5;

  private final int max;

  LimitedAggregator(int max) {
    super(max);
    this.max = max;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ApiResponse tooLarge = Api.error(ErrorCode.TOO_LARGE, "request body larger than " + max + " bytes");
    Channel ch = ctx.channel();
    HttpHandler.writeThen(ctx, HttpVersion.HTTP_1_1, tooLarge, f -> {
      if (f.isSuccess() && ch instanceof DuplexChannel d) {
        d.shutdownOutput();
        ch.eventLoop().schedule(() -> ch.close(), DRAIN_SECONDS, TimeUnit.SECONDS);
      } else {
        ch.close();
      }
    });
  }
}

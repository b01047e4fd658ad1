package dev.frontline.server.conversation;

import dev.frontline.server.protocol.ServerFrame;

/**
 * One open connection of a visitor or agent, as the domain sees it: frames in, no sockets. The
 * transport implements it; every method is safe to call from any thread.
 */
public interface Peer {

  /** Queues a frame for the connection; frames are delivered in the order sent. */
  void send(ServerFrame frame);

  /**
   * Sends a frame that may be skipped when the connection is congested (typing previews): a
   * slow client gets the next one instead.
   */
  void sendDroppable(ServerFrame frame);

  /** Closes the connection after the queued frames, with a WebSocket close reason. */
  void close(String reason);

  boolean isOpen();

  /** The remote address, for logs and rate limits. */
  String remote();
}

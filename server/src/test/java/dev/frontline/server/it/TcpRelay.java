package dev.frontline.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a real server (PostgreSQL, Redis): a stand-in for the network between
 * Frontline and it. {@link #cut} drops every connection and refuses new ones (each is closed as
 * soon as it is accepted, as a server that went away); {@link #restore} lets them through again.
 */
final class TcpRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;
  private volatile boolean closed;

  TcpRelay(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofPlatform().name("relay-accept").daemon(true).start(this::acceptLoop);
  }

  /** {@code host:port} of the relay. */
  String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (!open) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket(targetHost, targetPort);
        live.add(client);
        live.add(server);
        pipe(client, server);
        pipe(server, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // cut or closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        live.remove(from);
        live.remove(to);
      }
    });
  }

  /** The network goes down: every connection is dropped and new ones are refused. */
  void cut() {
    open = false;
    for (Socket s : live) {
      closeQuietly(s);
    }
    live.clear();
  }

  /** The network is back. */
  void restore() {
    open = true;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}

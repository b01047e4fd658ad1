package dev.frontline.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client written by hand over a plain socket, for what the JDK client cannot be made
 * to do: it never answers the server's pings. Text frames out (masked), any frame in.
 */
final class RawWs implements AutoCloseable {
  static final int TEXT = 1;
  static final int CLOSE = 8;
  static final int PING = 9;
  /** The opcode of {@link #read} when the server dropped the connection. */
  static final int END = -1;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** One frame from the server; {@code opcode} {@link #END} when the connection ended. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private RawWs(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawWs connect(int port, String path) throws IOException {
    RawWs ws = new RawWs(new Socket("127.0.0.1", port));
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    ws.socket.setSoTimeout(10_000);
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) ws.in.readUnsignedByte());
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), "handshake: " + head);
    return ws;
  }

  void sendText(String text) throws IOException {
    sendText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A text frame with these bytes as its payload, whether they are UTF-8 or not. */
  void sendText(byte[] payload) throws IOException {
    send(TEXT, payload);
  }

  /** The client's Close frame, with this status code. */
  void sendClose(int status) throws IOException {
    send(CLOSE, new byte[] {(byte) (status >>> 8), (byte) status});
  }

  private void send(int opcode, byte[] payload) throws IOException {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next frame, or null when none came within {@code timeout}. */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    int b0;
    try {
      b0 = in.read();
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return new Frame(END, new byte[0]);
    }
    if (b0 < 0) {
      return new Frame(END, new byte[0]);
    }
    socket.setSoTimeout(10_000);
    try {
      long len = in.readUnsignedByte() & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      return new Frame(b0 & 0x0f, payload);
    } catch (EOFException e) {
      return new Frame(END, new byte[0]);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

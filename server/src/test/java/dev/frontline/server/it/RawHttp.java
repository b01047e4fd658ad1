package dev.frontline.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 written by hand over a plain socket: for heads and bodies sent as slowly as a test likes. */
final class RawHttp {
  private RawHttp() {}

  static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads one response: returns its head (the body, by Content-Length, is skipped), or "closed: ..." at end of stream. */
  static String response(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return "closed: " + head;
      }
      head.append((char) b);
    }
    String lower = head.toString().toLowerCase(Locale.ROOT);
    int at = lower.indexOf("content-length:");
    if (at >= 0) {
      in.readNBytes(Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim()));
    }
    return head.toString();
  }

  /** Whether the server ended the connection (end of stream or reset) within {@code ms}; other bytes are skipped. */
  static boolean endedWithin(Socket s, int ms) throws IOException {
    long deadline = System.nanoTime() + ms * 1_000_000L;
    InputStream in = s.getInputStream();
    while (System.nanoTime() < deadline) {
      s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true;
      }
    }
    return false;
  }
}

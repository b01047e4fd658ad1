package dev.frontline.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web client (widget, demo site, console, supervisor, editor and admin pages), served from the
 * class path ({@code web/} inside the jar) and kept in memory once read.
 */
final class StaticFiles {
  /** A file ready to send. */
  record File(byte[] bytes, String contentType, String etag) {}

  private static final Map<String, String> PAGES = Map.of(
      "/", "web/site/index.html",
      "/console", "web/console/index.html",
      "/editor", "web/editor/index.html",
      "/supervisor", "web/supervisor/index.html",
      "/admin", "web/admin/index.html");

  private static final File MISSING = new File(new byte[0], "", "");

  private final Map<String, File> cache = new ConcurrentHashMap<>();

  /** The file for a request path, or null. Paths under {@code /web/} map to the class path. */
  File find(String path) {
    String resource = PAGES.get(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
    if (resource == null) {
      if (!path.startsWith("/web/") || path.contains("..") || path.contains("//") || path.contains("\\")) {
        return null;
      }
      resource = path.substring(1);
    }
    File f = cache.computeIfAbsent(resource, StaticFiles::load);
    return f == MISSING ? null : f;
  }

  private static File load(String resource) {
    try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null || resource.endsWith("/")) {
        return MISSING;
      }
      byte[] bytes = in.readAllBytes();
      return new File(bytes, contentType(resource), "\"" + sha(bytes) + "\"");
    } catch (IOException e) {
      return MISSING;
    }
  }

  private static String sha(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json" -> "application/json; charset=utf-8";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "ico" -> "image/x-icon";
      case "mp3" -> "audio/mpeg";
      case "wav" -> "audio/wav";
      case "txt" -> "text/plain; charset=utf-8";
      default -> "application/octet-stream";
    };
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

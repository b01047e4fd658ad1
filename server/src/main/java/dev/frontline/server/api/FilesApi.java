package dev.frontline.server.api;

import dev.frontline.server.auth.AuthService;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.config.Settings;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.conversation.Ids;
import dev.frontline.server.conversation.LiveAccess;
import dev.frontline.server.conversation.VisitorDirectory;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.ServerFrame;
import dev.frontline.server.store.Database;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Images and files in a conversation. Uploaded by the conversation's visitor (header
 * {@code X-Visitor-Token}) or its agent; at most 10 MiB, of the types in {@link #ALLOWED} and
 * checked by their first bytes, not by the name; within the limits of {@link UploadQuota}; stored
 * under {@code FRONTLINE_DATA/uploads}; served only to the conversation's visitor and to those who
 * may read the conversation ({@link ReadAccess}).
 */
final class FilesApi {
  static final int MAX_BYTES = 10 * 1024 * 1024;
  static final Map<String, String> ALLOWED = Map.of(
      "image/png", "png", "image/jpeg", "jpg", "image/gif", "gif", "image/webp", "webp",
      "application/pdf", "pdf", "text/plain", "txt");

  private final Path root;
  private final Database db;
  private final AuthService auth;
  private final VisitorDirectory visitors;
  private final ConversationService conversations;
  private final ConversationReader reader;
  private final ReadAccess access;
  private final UploadQuota quota;

  FilesApi(Path dataDir, Database db, Clock clock, AuthService auth, VisitorDirectory visitors,
      ConversationService conversations, ConversationReader reader, ReadAccess access, Settings settings) {
    this.root = dataDir.resolve("uploads");
    this.db = db;
    this.auth = auth;
    this.visitors = visitors;
    this.conversations = conversations;
    this.reader = reader;
    this.access = access;
    this.quota = new UploadQuota(db, settings, clock, root);
  }

  void register(Router r) {
    r.open("POST", "/api/conversations/{id}/files", this::upload);
    r.open("GET", "/api/files/{id}", this::download);
  }

  /** Who is asking: a logged-in user, or a visitor by its token; null when neither. */
  private record Caller(Principal user, String visitorId) {}

  private Caller caller(ApiRequest req) throws SQLException {
    if (req.token() != null) {
      Principal p = auth.authenticate(req.token());
      if (p != null) {
        return new Caller(p, null);
      }
    }
    String vt = req.header("x-visitor-token");
    if (vt == null) {
      vt = req.query("vt");
    }
    String visitorId = visitors.visitorOf(vt);
    return visitorId == null ? null : new Caller(null, visitorId);
  }

  /**
   * Every check comes before anything is written: who may upload (the conversation's visitor, or
   * the agent it is assigned to now, as its owner says), the file itself, then the limits
   * ({@link UploadQuota}). The bytes go to a temporary file moved into place; if anything fails
   * after that, the row and the file are removed again: a refused upload leaves nothing behind.
   */
  private ApiResponse upload(ApiRequest req) throws Exception {
    Caller who = caller(req);
    if (who == null) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, "log in, or send the visitor token in X-Visitor-Token");
    }
    String convId = req.param("id");
    LiveAccess.Live live = conversations.access().conversationNow(convId);
    if (live == null) {
      throw new ApiException(ErrorCode.NOT_ALLOWED_NOW, "files go to open conversations only");
    }
    if (who.visitorId() != null ? !who.visitorId().equals(live.visitorId()) : !live.assignedTo(who.user().userId())) {
      throw ApiException.forbidden(who.visitorId() != null ? "not your conversation" : "this conversation is not assigned to you");
    }
    byte[] body = req.body();
    if (body.length == 0) {
      throw ApiException.badRequest("empty file");
    }
    if (body.length > MAX_BYTES) {
      throw new ApiException(ErrorCode.TOO_LARGE, "files are limited to " + MAX_BYTES / (1024 * 1024) + " MiB");
    }
    String type = sniff(body);
    if (type == null) {
      throw ApiException.invalid("file", "must be a PNG, JPEG, GIF or WebP image, a PDF, or UTF-8 text");
    }
    String name = name(req.header("x-file-name"), type);
    String id = Ids.newId("f");
    quota.admit(new UploadQuota.Row(id, convId, who.user() == null ? "visitor" : "agent",
        who.user() == null ? who.visitorId() : String.valueOf(who.user().userId()), name, type, body.length),
        who.user() == null);
    Path file = root.resolve(convId).resolve(id);
    boolean stored = false;
    try {
      store(file, body);
      ServerFrame.FileRef ref = new ServerFrame.FileRef(id, name, type, body.length, "/api/files/" + id);
      int seq = conversations.attach(convId, who.user() == null ? null : who.user().userId(),
          who.user() == null ? null : who.user().displayName(), ref).get(10, TimeUnit.SECONDS);
      stored = true;
      return ApiResponse.created(Map.of("fileId", id, "seq", seq, "file", ref));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException ae) {
        throw ae;
      }
      throw e;
    } finally {
      if (!stored) {
        Files.deleteIfExists(file);
        quota.release(id);
      }
    }
  }

  /** Writes the bytes under a temporary name and moves them into place, so no reader sees half a file. */
  private static void store(Path file, byte[] body) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try {
      Files.write(tmp, body);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private ApiResponse download(ApiRequest req) throws Exception {
    Caller who = caller(req);
    if (who == null) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, "log in, or send the visitor token");
    }
    String id = req.param("id");
    String convId;
    String name;
    String type;
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT conversation_id, name, content_type FROM files WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw ApiException.notFound("file " + id);
        }
        convId = rs.getString(1);
        name = rs.getString(2);
        type = rs.getString(3);
      }
    }
    if (!mayRead(who, convId)) {
      throw ApiException.forbidden("this file belongs to another conversation");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(root.resolve(convId).resolve(id));
    } catch (IOException e) {
      throw ApiException.notFound("file " + id);
    }
    String disposition = (type.startsWith("image/") ? "inline" : "attachment") + "; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return ApiResponse.raw(200, bytes, type).withHeader("Content-Disposition", disposition)
        .withHeader("Content-Security-Policy", "sandbox; default-src 'none'")
        .withHeader("Cache-Control", "private, max-age=3600");
  }

  /** The conversation's visitor, or a user who may read the conversation itself ({@link ReadAccess}). */
  private boolean mayRead(Caller who, String convId) throws SQLException {
    ReadAccess.Facts f = access.facts(convId, reader.read(convId));
    if (f == null) {
      return false;
    }
    return who.visitorId() != null ? who.visitorId().equals(f.visitorId()) : access.conversation(who.user(), f);
  }

  /** The type from the first bytes; null when not an allowed kind. */
  static String sniff(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G')) {
      return "image/png";
    }
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (b.length > 12 && starts(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return "image/webp";
    }
    if (starts(b, '%', 'P', 'D', 'F')) {
      return "application/pdf";
    }
    return text(b) ? "text/plain" : null;
  }

  private static boolean starts(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean text(byte[] b) {
    for (byte x : b) {
      if (x == 0) {
        return false;
      }
    }
    return valid(b);
  }

  private static boolean valid(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /** A safe display name: the client's (URL-encoded) name without path parts, or one made up. */
  static String name(String header, String type) {
    String n = null;
    if (header != null) {
      try {
        n = URLDecoder.decode(header, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        n = null;
      }
    }
    if (n != null) {
      n = n.replaceAll(".*[/\\\\]", "").replaceAll("[\\p{Cntrl}\"]", "").strip();
    }
    if (n == null || n.isEmpty()) {
      n = "file." + ALLOWED.get(type);
    }
    return n.length() > 200 ? n.substring(0, 200) : n;
  }
}

package dev.frontline.server.transport;

import dev.frontline.server.api.Api;
import dev.frontline.server.api.ApiResponse;
import dev.frontline.server.health.Health;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.Json;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import dev.frontline.server.config.TrustedProxies;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP side of the one port: {@code /healthz}, the JSON API (handed to the API pool), the
 * web client's files, and the upgrade of {@code /ws/visitor} and {@code /ws/agent} to WebSocket.
 * Stateless and shared by all connections.
 */
@ChannelHandler.Sharable
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String VISITOR_PATH = "/ws/visitor";
  static final String AGENT_PATH = "/ws/agent";
  private static final String COOKIE = "fl_session";

  private final TransportContext ctx;
  private final WebSocketServerProtocolConfig visitorConfig;
  private final WebSocketServerProtocolConfig agentConfig;

  HttpHandler(TransportContext ctx) {
    this.ctx = ctx;
    this.visitorConfig = wsConfig(VISITOR_PATH, ctx.limits().maxFrameBytes());
    this.agentConfig = wsConfig(AGENT_PATH, ctx.limits().maxFrameBytes());
  }

  /** Built once per path and shared by every connection. */
  private static WebSocketServerProtocolConfig wsConfig(String path, int max) {
    return WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(path)
        .checkStartsWith(true)
        .allowExtensions(false)
        .handshakeTimeoutMillis(10_000)
        .dropPongFrames(false)
        // WsConnection does the closing handshake: Netty's would answer the client's Close with a
        // second Close frame after ours.
        .handleCloseFrames(false)
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(max)
            .allowExtensions(false)
            .closeOnProtocolViolation(false)
            // WsConnection checks the UTF-8 of whole messages itself: one handler less per socket.
            .withUTF8Validator(false)
            .build())
        .build();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext c, FullHttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      respond(c, req, Api.error(ErrorCode.BAD_REQUEST, "malformed HTTP request"), false);
      return;
    }
    QueryStringDecoder qs = new QueryStringDecoder(utf8Uri(req.uri()));
    String path = qs.path();
    if ((path.equals(VISITOR_PATH) || path.equals(AGENT_PATH)) && isUpgrade(req)) {
      upgrade(c, req, path);
      return;
    }
    if (path.equals("/healthz")) {
      Health.Status health = ctx.health().status();
      respond(c, req, health.up() ? ApiResponse.ok(Map.of("status", "ok"))
          : Api.error(ErrorCode.UNAVAILABLE, health.reason()), true);
      return;
    }
    if (Api.handles(path)) {
      api(c, req, qs);
      return;
    }
    if (path.equals("/metrics")) {
      metrics(c, req);
      return;
    }
    if (path.equals(VISITOR_PATH) || path.equals(AGENT_PATH)) {
      respond(c, req, Api.error(ErrorCode.BAD_REQUEST, "this path takes a WebSocket upgrade"), true);
      return;
    }
    staticFile(c, req, path);
  }

  /** Some clients send raw UTF-8 in the URI; Netty reads it as ISO-8859-1. Undo that. */
  static String utf8Uri(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      if (uri.charAt(i) > 0x7f) {
        return new String(uri.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return uri;
  }

  private static boolean isUpgrade(FullHttpRequest req) {
    return req.method() == HttpMethod.GET
        && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE, ""));
  }

  private void upgrade(ChannelHandlerContext c, FullHttpRequest req, String path) {
    int max = ctx.limits().maxFrameBytes();
    WebSocketServerProtocolConfig config = path.equals(AGENT_PATH) ? agentConfig : visitorConfig;
    WsConnection conn;
    if (ctx.relay() != null) {
      String cookie = path.equals(AGENT_PATH) ? sessionCookie(req.headers()) : null;
      conn = new RelaySocket(ctx, path.equals(AGENT_PATH), "1".equals(req.headers().get("DNT")),
          cookie != null && sameOrigin(req.headers()) ? cookie : null);
    } else if (path.equals(AGENT_PATH)) {
      String cookie = sessionCookie(req.headers());
      // A cookie is honoured only from our own pages (no cross-site WebSocket hijacking).
      conn = new AgentSocket(ctx, cookie != null && sameOrigin(req.headers()) ? cookie : null);
    } else {
      conn = new VisitorSocket(ctx, "1".equals(req.headers().get("DNT")));
    }
    ChannelPipeline p = c.pipeline();
    // A WebSocket has its own liveness (pings, idle and hello timeouts).
    p.remove(HttpDeadlines.FIRST_BYTE);
    p.remove(HttpDeadlines.NAME);
    p.addLast(new WebSocketServerProtocolHandler(config));
    p.addLast(new WebSocketFrameAggregator(max));
    p.addLast(conn);
    c.fireChannelRead(req.retain());
    p.remove(this);
  }

  private static boolean sameOrigin(HttpHeaders h) {
    String origin = h.get(HttpHeaderNames.ORIGIN);
    String host = h.get(HttpHeaderNames.HOST);
    int scheme = origin == null ? -1 : origin.indexOf("://");
    return scheme > 0 && host != null && origin.substring(scheme + 3).equals(host);
  }

  static String sessionCookie(HttpHeaders h) {
    String raw = h.get(HttpHeaderNames.COOKIE);
    if (raw == null) {
      return null;
    }
    for (Cookie cookie : ServerCookieDecoder.LAX.decode(raw)) {
      if (COOKIE.equals(cookie.name())) {
        return cookie.value();
      }
    }
    return null;
  }

  private void api(ChannelHandlerContext c, FullHttpRequest req, QueryStringDecoder qs) {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> e : req.headers()) {
      headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    String bearer = bearer(req.headers());
    byte[] body = ByteBufUtil.getBytes(req.content());
    InetAddress peer = ConnectionCap.peer(c.channel());
    TrustedProxies proxies = ctx.edge().trustedProxies();
    String remote = peer == null ? "?" : proxies.client(peer, String.join(",", req.headers().getAll("X-Forwarded-For")));
    boolean secure = ctx.edge().secureCookie() || (peer != null
        && "https".equals(proxies.forwardedProto(peer, String.join(",", req.headers().getAll("X-Forwarded-Proto")))));
    Api.Incoming in = new Api.Incoming(req.method().name(), qs.path(), qs.parameters(), headers, body, bearer,
        sessionCookie(req.headers()), remote, secure);
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpVersion version = req.protocolVersion();
    String uri = req.uri();
    try {
      ctx.apiPool().execute(() -> {
        ApiResponse r = ctx.relay() != null ? ctx.relay().forward(in.method(), uri, headers, body, remote, secure)
            : ctx.api().handle(in);
        if (r.stream() != null) {
          ChunkedBody.send(c, version, keepAlive, r);
        } else {
          c.executor().execute(() -> write(c, version, keepAlive, r));
        }
      });
    } catch (RejectedExecutionException e) {
      write(c, version, keepAlive, Api.error(ErrorCode.OVERLOADED, "the server is busy; retry"));
    }
  }

  /** A Prometheus scrape: answered on the API pool, so that neither the session lookup nor the scrape runs here. */
  private void metrics(ChannelHandlerContext c, FullHttpRequest req) {
    if (ctx.relay() != null) {
      // The figures are the leader's, which runs the conversations.
      api(c, req, new QueryStringDecoder(req.uri()));
      return;
    }
    String method = req.method().name();
    String bearer = bearer(req.headers());
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpVersion version = req.protocolVersion();
    try {
      ctx.apiPool().execute(() -> {
        ApiResponse r = ctx.metricsEndpoint().handle(method, bearer);
        c.executor().execute(() -> write(c, version, keepAlive, r));
      });
    } catch (RejectedExecutionException e) {
      write(c, version, keepAlive, Api.error(ErrorCode.OVERLOADED, "the server is busy; retry"));
    }
  }

  private static String bearer(HttpHeaders h) {
    String auth = h.get(HttpHeaderNames.AUTHORIZATION);
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
  }

  private void staticFile(ChannelHandlerContext c, FullHttpRequest req, String path) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      respond(c, req, Api.error(ErrorCode.METHOD_NOT_ALLOWED, "static files are read-only"), true);
      return;
    }
    StaticFiles.File f = ctx.files().find(path);
    if (f == null) {
      respond(c, req, Api.error(ErrorCode.NOT_FOUND, "no such page"), true);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    FullHttpResponse res;
    if (f.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
      res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
    } else {
      res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.OK,
          req.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(f.bytes()));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
    }
    res.headers().set(HttpHeaderNames.ETAG, f.etag());
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    boolean html = f.contentType().startsWith("text/html");
    if (!html && path.startsWith("/web/")) {
      // The widget is an ES module that host sites on other origins import; module scripts
      // (and the modules they import) are fetched in CORS mode. These files are public.
      res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }
    security(res.headers(), html);
    send(c, res, keepAlive);
  }

  private void respond(ChannelHandlerContext c, FullHttpRequest req, ApiResponse r, boolean keepAliveAllowed) {
    write(c, req.protocolVersion(), keepAliveAllowed && HttpUtil.isKeepAlive(req), r);
  }

  private void write(ChannelHandlerContext c, HttpVersion version, boolean keepAlive, ApiResponse r) {
    if (r.status() >= 400 && r.json() instanceof Map<?, ?> body && body.get("error") instanceof Map<?, ?> error
        && error.get("code") instanceof String code) {
      ctx.metrics().error("http", code);
    }
    send(c, response(version, r), keepAlive);
  }

  /** Writes {@code r} with {@code Connection: close} and hands the write's outcome to {@code then}. */
  static void writeThen(ChannelHandlerContext c, HttpVersion version, ApiResponse r, ChannelFutureListener then) {
    FullHttpResponse res = response(version, r);
    HttpUtil.setContentLength(res, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    c.writeAndFlush(res).addListener(then);
  }

  private static FullHttpResponse response(HttpVersion version, ApiResponse r) {
    byte[] body = r.raw() != null ? r.raw() : Json.bytes(r.json());
    FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(r.status()),
        Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.raw() != null ? r.contentType() : "application/json; charset=utf-8");
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().forEach((k, v) -> res.headers().add(k, v));
    security(res.headers(), false);
    return res;
  }

  private static void security(HttpHeaders h, boolean html) {
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "strict-origin-when-cross-origin");
    if (html) {
      h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline';"
          + " connect-src 'self' ws: wss:; media-src 'self' data:; frame-ancestors 'self'");
      h.set("X-Frame-Options", "SAMEORIGIN");
    }
  }

  private static void send(ChannelHandlerContext c, FullHttpResponse res, boolean keepAlive) {
    HttpUtil.setContentLength(res, res.content().readableBytes());
    if (keepAlive) {
      HttpUtil.setKeepAlive(res, true);
      c.writeAndFlush(res, c.voidPromise());
    } else {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      c.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    c.close();
  }

}

package dev.frontline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.auth.Principal;
import dev.frontline.server.auth.Role;
import dev.frontline.server.conversation.CustomerProfiles;
import dev.frontline.server.conversation.SiteIdentity;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.protocol.Fields;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified customer attributes, set by the host site's own server: {@code PUT
 * /api/customers/{id}/profile} signed with the site secret (headers {@code X-Frontline-Timestamp}
 * and {@code X-Frontline-Signature}, see {@link SiteIdentity#verifyProfileRequest}) or sent with an
 * admin's bearer token. Agents see these as verified, the page's own values as unverified.
 */
final class CustomerApi {
  private static final Logger log = LoggerFactory.getLogger(CustomerApi.class);
  static final int MAX_ATTRS = 30;

  private final AuthService auth;
  private final SiteIdentity identity;
  private final CustomerProfiles profiles;
  private final Clock clock;

  CustomerApi(AuthService auth, SiteIdentity identity, CustomerProfiles profiles, Clock clock) {
    this.auth = auth;
    this.identity = identity;
    this.profiles = profiles;
    this.clock = clock;
  }

  void register(Router r) {
    r.open("PUT", "/api/customers/{id}/profile", this::put);
    r.secured("GET", "/api/customers/{id}/profile", this::get, Role.ADMIN, Role.SUPERVISOR);
  }

  private ApiResponse put(ApiRequest req) throws SQLException {
    String customerId = customerId(req);
    String by = caller(req, customerId);
    ObjectNode b = req.json();
    String name = Fields.optionalString(b, "name", 128);
    Map<String, String> attrs = attrs(Fields.optionalObject(b, "attrs"));
    CustomerProfiles.Verified v = profiles.set(customerId, name == null || name.isBlank() ? null : name.strip(), attrs,
        clock.millis());
    log.info("event=customer.profile_set customer={} by={} attrs={}", customerId, by, attrs.size());
    return ApiResponse.ok(view(customerId, v));
  }

  private ApiResponse get(ApiRequest req) throws SQLException {
    String customerId = customerId(req);
    CustomerProfiles.Verified v = profiles.get(customerId);
    if (v == null) {
      throw ApiException.notFound("no verified profile for customer " + customerId);
    }
    return ApiResponse.ok(view(customerId, v));
  }

  private static String customerId(ApiRequest req) {
    String id = req.param("id");
    if (id == null || id.isBlank() || id.length() > 128) {
      throw ApiException.invalid("id", "must be a customer id of 1-128 characters");
    }
    return id;
  }

  /** Who sent it: an admin's bearer token, or the host site's signature; otherwise 401 / 403. */
  private String caller(ApiRequest req, String customerId) throws SQLException {
    String authorization = req.header("authorization");
    if (authorization != null) {
      Principal p = authorization.startsWith("Bearer ") ? auth.authenticate(authorization.substring(7).strip()) : null;
      if (p == null) {
        throw new ApiException(ErrorCode.UNAUTHORIZED, "the session is unknown or has expired; log in again");
      }
      if (!p.has(Role.ADMIN)) {
        throw ApiException.forbidden("setting verified attributes needs the role admin or the site's signature");
      }
      return "admin:" + p.username();
    }
    String ts = req.header("x-frontline-timestamp");
    String sig = req.header("x-frontline-signature");
    if (ts == null || sig == null) {
      throw new ApiException(ErrorCode.UNAUTHORIZED,
          "sign the request with the site secret (X-Frontline-Timestamp, X-Frontline-Signature) or send an admin's token");
    }
    long when;
    try {
      when = Long.parseLong(ts.strip());
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, "X-Frontline-Timestamp must be epoch milliseconds");
    }
    if (!identity.verifyProfileRequest(customerId, when, req.body(), sig.strip(), clock.millis())) {
      log.warn("event=customer.profile_refused customer={} reason=bad_signature", customerId);
      throw new ApiException(ErrorCode.UNAUTHORIZED, "the signature does not match, or the timestamp is not within 10 minutes");
    }
    return "site";
  }

  private static Map<String, String> attrs(ObjectNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    if (node == null) {
      return m;
    }
    if (node.size() > MAX_ATTRS) {
      throw ApiException.invalid("attrs", "at most " + MAX_ATTRS + " attributes");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (e.getKey().isEmpty() || e.getKey().length() > 40 || !v.isValueNode() || v.isNull() || v.asText().length() > 200) {
        throw ApiException.invalid("attrs." + e.getKey(), "names of 1-40 characters, values text, numbers or booleans of"
            + " at most 200 characters");
      }
      m.put(e.getKey(), v.asText());
    }
    return m;
  }

  private static Map<String, Object> view(String customerId, CustomerProfiles.Verified v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("customerId", customerId);
    m.putAll(v.view());
    return m;
  }
}

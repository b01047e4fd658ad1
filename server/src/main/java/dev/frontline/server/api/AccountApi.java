package dev.frontline.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.agent.User;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.auth.Role;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** Login, accounts and skill groups (CONTRACT section 2). */
final class AccountApi {
  static final String COOKIE = "fl_session";
  private static final String NAME = "[A-Za-z0-9_.@-]{1,64}";
  private static final String GROUP_ID = "[a-z0-9_-]{1,64}";

  private final AuthService auth;
  private final Directory directory;
  private final Runnable rulesChanged;
  private final BiConsumer<User, Boolean> userChanged;

  /**
   * @param rulesChanged told after a group's queue rules changed
   * @param userChanged told of an account after an admin changed it, and whether its roles changed (routing
   *     and open consoles follow)
   */
  AccountApi(AuthService auth, Directory directory, Runnable rulesChanged, BiConsumer<User, Boolean> userChanged) {
    this.auth = auth;
    this.directory = directory;
    this.rulesChanged = rulesChanged;
    this.userChanged = userChanged;
  }

  void register(Router r) {
    r.open("POST", "/api/login", this::login);
    r.open("POST", "/api/logout", this::logout);
    r.secured("GET", "/api/me", this::me);
    r.secured("POST", "/api/users", this::createUser, Role.ADMIN);
    r.secured("GET", "/api/users", this::listUsers, Role.ADMIN, Role.SUPERVISOR);
    r.secured("PUT", "/api/users/{id}", this::updateUser, Role.ADMIN);
    r.secured("POST", "/api/groups", this::createGroup, Role.ADMIN);
    r.secured("GET", "/api/groups", this::groups);
    r.secured("PUT", "/api/groups/{id}", this::updateGroup, Role.ADMIN);
  }

  private ApiResponse login(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    String username = Fields.requiredText(b, "username", 64);
    String password = Fields.requiredString(b, "password", 256);
    AuthService.Login login = auth.login(username, password, req.remote());
    String cookie = COOKIE + "=" + login.token() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
        + auth.sessionTtl().toSeconds() + (req.secure() ? "; Secure" : "");
    return ApiResponse.ok(Map.of("token", login.token(), "user", login.user().loginView())).withHeader("Set-Cookie", cookie);
  }

  private ApiResponse logout(ApiRequest req) throws Exception {
    auth.logout(req.token());
    return ApiResponse.ok(Map.of("ok", true))
        .withHeader("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
            + (req.secure() ? "; Secure" : ""));
  }

  private ApiResponse me(ApiRequest req) throws Exception {
    User u = directory.byId(req.principal().userId());
    if (u == null) {
      throw ApiException.notFound("user");
    }
    return ApiResponse.ok(u.view());
  }

  private ApiResponse createUser(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    String username = Fields.requiredText(b, "username", 64);
    if (!username.matches(NAME)) {
      throw ApiException.invalid("username", "may hold letters, digits and _ . @ - only");
    }
    String password = password(Fields.requiredString(b, "password", 256));
    String displayName = Fields.optionalString(b, "displayName", 128);
    Set<Role> roles = roles(Fields.stringList(b, "roles", Role.values().length, 16));
    if (roles.isEmpty()) {
      throw ApiException.invalid("roles", "must name at least one of admin, supervisor, agent, editor, reviewer");
    }
    Set<String> groups = new HashSet<>(Fields.stringList(b, "groups", 50, 64));
    int maxChats = Fields.optionalInt(b, "maxChats", 5, 0, 100);
    long id = directory.createUser(username, password, displayName == null || displayName.isBlank() ? username
        : displayName, roles, groups, maxChats);
    return ApiResponse.created(Map.of("id", id));
  }

  private ApiResponse updateUser(ApiRequest req) throws Exception {
    long id = id(req.param("id"));
    ObjectNode b = req.json();
    String password = b.hasNonNull("password") ? password(Fields.requiredString(b, "password", 256)) : null;
    Set<Role> roles = b.hasNonNull("roles") ? roles(Fields.stringList(b, "roles", Role.values().length, 16)) : null;
    Set<String> groups = b.hasNonNull("groups") ? new HashSet<>(Fields.stringList(b, "groups", 50, 64)) : null;
    Integer maxChats = b.hasNonNull("maxChats") ? Fields.requiredInt(b, "maxChats", 0, 100) : null;
    Boolean disabled = b.hasNonNull("disabled") ? Fields.optionalBoolean(b, "disabled", false) : null;
    User before = directory.byId(id);
    directory.updateUser(id, password, Fields.optionalString(b, "displayName", 128), roles, groups, maxChats, disabled);
    if (password != null || Boolean.TRUE.equals(disabled)) {
      auth.userSessionsEnded(id, password != null ? "the password was changed" : "the account was disabled");
    } else {
      auth.invalidateAll();
    }
    User u = directory.byId(id);
    if (u == null) {
      throw ApiException.notFound("user " + id);
    }
    userChanged.accept(u, before != null && !before.roles().equals(u.roles()));
    return ApiResponse.ok(u.view());
  }

  private ApiResponse listUsers(ApiRequest req) throws Exception {
    return ApiResponse.ok(Map.of("users", directory.list().stream().map(User::view).toList()));
  }

  private ApiResponse createGroup(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    String id = Fields.requiredText(b, "id", 64);
    if (!id.matches(GROUP_ID)) {
      throw ApiException.invalid("id", "may hold lower-case letters, digits, _ and - only");
    }
    String name = Fields.requiredText(b, "name", 128);
    directory.createGroup(id, name);
    return ApiResponse.created(Map.of("id", id, "name", name));
  }

  private ApiResponse groups(ApiRequest req) {
    return ApiResponse.ok(Map.of("groups", directory.groups().stream().map(AccountApi::groupView).toList()));
  }

  static Map<String, Object> groupView(Directory.Group g) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", g.id());
    m.put("name", g.name());
    m.put("overflowTo", g.overflowGroup());
    m.put("overflowAfterSeconds", g.overflowAfterSeconds());
    m.put("maxWaitSeconds", g.maxWaitSeconds());
    return m;
  }

  private ApiResponse updateGroup(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    Directory.Group g = directory.group(req.param("id"));
    if (g == null) {
      throw ApiException.notFound("group " + req.param("id"));
    }
    String name = Fields.optionalString(b, "name", 128);
    String overflow = b.has("overflowTo") ? Fields.optionalString(b, "overflowTo", 64) : g.overflowGroup();
    int after = Fields.optionalInt(b, "overflowAfterSeconds", g.overflowAfterSeconds(), 0, 86_400);
    int maxWait = Fields.optionalInt(b, "maxWaitSeconds", g.maxWaitSeconds(), 0, 86_400);
    directory.updateGroup(g.id(), name, overflow, after, maxWait);
    rulesChanged.run();
    return ApiResponse.ok(groupView(directory.group(g.id())));
  }

  private static String password(String p) {
    if (p.length() < 8) {
      throw ApiException.invalid("password", "must have at least 8 characters");
    }
    return p;
  }

  private static Set<Role> roles(List<String> names) {
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String n : names) {
      Role r = Role.parse(n);
      if (r == null) {
        throw ApiException.invalid("roles", "names an unknown role '" + n + "'");
      }
      out.add(r);
    }
    return out;
  }

  static long id(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("user " + s);
    }
  }
}

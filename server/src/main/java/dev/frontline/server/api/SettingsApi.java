package dev.frontline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.auth.Role;
import dev.frontline.server.config.Settings;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.Fields;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.routing.MenuEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Run-time settings (typing preview...) and the widget menu. */
final class SettingsApi {
  private final Settings settings;
  private final MenuCatalog menu;
  private final Directory directory;

  SettingsApi(Settings settings, MenuCatalog menu, Directory directory) {
    this.settings = settings;
    this.menu = menu;
    this.directory = directory;
  }

  void register(Router r) {
    r.secured("GET", "/api/settings", this::get, Role.ADMIN, Role.SUPERVISOR);
    r.secured("PUT", "/api/settings", this::put, Role.ADMIN);
    r.open("GET", "/api/menu", this::menu);
    r.secured("PUT", "/api/menu", this::putMenu, Role.ADMIN);
  }

  private ApiResponse get(ApiRequest req) {
    return ApiResponse.ok(view());
  }

  private Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    settings.all().forEach((k, v) -> m.put(k, Settings.isBoolean(k) ? (Object) Boolean.valueOf(v) : (Object) Long.valueOf(v)));
    return m;
  }

  private ApiResponse put(ApiRequest req) throws Exception {
    ObjectNode b = req.json();
    Map<String, String> changes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!Settings.DEFAULTS.containsKey(f.getKey())) {
        throw ApiException.invalid(f.getKey(), "is not a setting");
      }
      if (Settings.isBoolean(f.getKey())) {
        if (!f.getValue().isBoolean()) {
          throw ApiException.invalid(f.getKey(), "must be true or false");
        }
        changes.put(f.getKey(), String.valueOf(f.getValue().booleanValue()));
      } else {
        if (!f.getValue().canConvertToLong() || !f.getValue().isIntegralNumber() || f.getValue().longValue() < 0
            || f.getValue().longValue() > 3_650L * 86_400) {
          throw ApiException.invalid(f.getKey(), "must be a whole number >= 0");
        }
        changes.put(f.getKey(), String.valueOf(f.getValue().longValue()));
      }
    }
    for (Map.Entry<String, String> e : changes.entrySet()) {
      settings.set(e.getKey(), e.getValue());
    }
    return ApiResponse.ok(view());
  }

  private ApiResponse menu(ApiRequest req) {
    return ApiResponse.ok(Map.of("menu", menu.entries())).withHeader("Access-Control-Allow-Origin", "*");
  }

  private ApiResponse putMenu(ApiRequest req) throws Exception {
    JsonNode items = req.json().get("menu");
    if (items == null || !items.isArray() || items.isEmpty() || items.size() > 20) {
      throw ApiException.invalid("menu", "must be an array of 1 to 20 entries");
    }
    List<MenuEntry> list = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int pos = 1;
    for (JsonNode n : items) {
      String id = Fields.requiredText(n, "id", 64);
      if (!ids.add(id)) {
        throw ApiException.invalid("menu", "repeats the id '" + id + "'");
      }
      String group = Fields.optionalString(n, "groupId", 64);
      if (group == null) {
        group = Fields.optionalString(n, "group", 64);
      }
      if (group != null && !directory.groupExists(group)) {
        throw ApiException.invalid("group", "names an unknown group '" + group + "'");
      }
      list.add(new MenuEntry(id, Fields.requiredText(n, "label", 128), Fields.optionalString(n, "labelEn", 128), pos++,
          group, Fields.optionalString(n, "faqCategory", 128), Fields.optionalBoolean(n, "directToPerson", false)));
    }
    menu.replace(list);
    return ApiResponse.ok(Map.of("menu", menu.entries()));
  }
}

package dev.frontline.server.demo;

import dev.frontline.knowledge.importer.FaqRecord;
import dev.frontline.knowledge.importer.JsonLines;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqEntry;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.auth.Role;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.conversation.Ids;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.kb.Editor;
import dev.frontline.server.kb.FaqService;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start of an empty data directory: the default groups and menu, the {@code admin}
 * account, and (with {@code FRONTLINE_DEMO=1}) demo agents and the demo telecom FAQ.
 */
public final class Bootstrap {
  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
  /** Password of the demo accounts; printed at start-up. */
  public static final String DEMO_PASSWORD = "demo1234";

  /** A demo account. */
  record DemoUser(String username, String name, Set<Role> roles, List<String> groups, int maxChats) {}

  static final List<DemoUser> DEMO_USERS = List.of(
      new DemoUser("agent1", "王小明", EnumSet.of(Role.AGENT), List.of("consult", "query", "transact", "download", "other"), 5),
      new DemoUser("agent2", "李华", EnumSet.of(Role.AGENT), List.of("shopping", "after_sales", "complaint", "consult"), 5),
      new DemoUser("agent3", "张伟", EnumSet.of(Role.AGENT),
          List.of("consult", "query", "transact", "shopping", "after_sales", "download", "complaint", "other"), 3),
      new DemoUser("supervisor", "赵主管", EnumSet.of(Role.SUPERVISOR, Role.AGENT),
          List.of("consult", "complaint", "after_sales"), 3),
      new DemoUser("editor", "陈编辑", EnumSet.of(Role.EDITOR), List.of(), 0));

  /** The author of the demo FAQ's first versions. */
  private static final Editor DEMO_AUTHOR = new Editor(null, "demo", true, true);

  /** What bootstrap did, for the start-up banner. */
  public record Outcome(boolean created, String generatedAdminPassword, boolean demo) {}

  private Bootstrap() {}

  public static Outcome run(ServerConfig config, Directory directory, MenuCatalog menu, FaqService faq,
      Clock clock) throws SQLException {
    directory.reloadGroups();
    if (directory.anyUser()) {
      menu.reload();
      return new Outcome(false, null, false);
    }
    for (var e : MenuCatalog.DEFAULTS) {
      if (!directory.groupExists(e.groupId())) {
        directory.createGroup(e.groupId(), e.label());
      }
    }
    menu.replace(MenuCatalog.DEFAULTS);
    String password = config.adminPassword();
    String generated = null;
    if (password == null) {
      generated = Ids.newToken().substring(0, 16);
      password = generated;
    }
    directory.createUser("admin", password, "管理员", EnumSet.of(Role.ADMIN, Role.SUPERVISOR), Set.of(), 5);
    log.info("event=bootstrap.admin_created generated={}", generated != null);
    if (config.demo()) {
      for (DemoUser u : DEMO_USERS) {
        directory.createUser(u.username(), DEMO_PASSWORD, u.name(), u.roles(), Set.copyOf(u.groups()), u.maxChats());
      }
      List<FaqEntry> entries = demoFaq();
      faq.importAll(DEMO_AUTHOR, entries.stream().map(e -> new FaqRecord(e.id(), FaqContent.of(e))).toList());
      log.info("event=bootstrap.demo users={} faq={}", DEMO_USERS.size(), entries.size());
    }
    return new Outcome(true, generated, config.demo());
  }

  static List<FaqEntry> demoFaq() {
    try (InputStream in = Bootstrap.class.getClassLoader().getResourceAsStream("demo/telecom-faq.jsonl")) {
      if (in == null) {
        throw new IllegalStateException("demo/telecom-faq.jsonl is missing from the jar");
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return JsonLines.readEntries(r, "demo/telecom-faq.jsonl");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the demo FAQ: " + e.getMessage(), e);
    }
  }
}

package dev.frontline.server.api;

import dev.frontline.bot.BotConfig;
import dev.frontline.bot.FaqBot;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.config.Settings;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.conversation.CustomerProfiles;
import dev.frontline.server.kb.BotCalibration;
import dev.frontline.server.kb.BotFeed;
import dev.frontline.server.kb.MissSweeper;
import dev.frontline.server.kb.FaqQueries;
import dev.frontline.server.kb.FaqService;
import dev.frontline.server.kb.MissLog;
import dev.frontline.server.kb.SuggestionBox;
import dev.frontline.server.kb.SynonymStore;
import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.conversation.VisitorDirectory;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.store.Database;
import dev.frontline.server.ticket.TicketDesk;
import dev.frontline.server.trail.TrailRecorder;
import java.time.Clock;

/** Assembles every API route. */
public final class Apis {
  /** What the API handlers need. */
  public record Parts(AuthService auth, Directory directory, ConversationService conversations,
      ConversationReader reader, TrailRecorder trail, FaqBot bot, Settings settings, MenuCatalog menu,
      AgentDispatcher dispatcher, TicketDesk tickets, Database db, java.time.Clock clock, java.nio.file.Path dataDir,
      VisitorDirectory visitors, dev.frontline.server.trail.RuleBook rules, Knowledge knowledge) {}

  /** The knowledge base's parts. */
  public record Knowledge(Database db, FaqService service, FaqQueries queries, BotFeed feed, SynonymStore synonyms,
      MissLog misses, SuggestionBox suggestions, java.util.function.Supplier<BotConfig> botConfig, Clock clock) {}

  private Apis() {}

  /** The groups' queue rules as the dispatcher takes them. */
  public static java.util.Map<String, dev.frontline.server.routing.GroupRule> rules(Directory d) {
    java.util.Map<String, dev.frontline.server.routing.GroupRule> m = new java.util.HashMap<>();
    d.groups().forEach(g -> m.put(g.id(), g.rule()));
    return m;
  }

  public static Api build(Parts p) {
    Router r = new Router();
    new AccountApi(p.auth(), p.directory(), () -> p.dispatcher().setRules(rules(p.directory())),
        (u, rolesChanged) -> p.conversations().agentCommands().accountChanged(u, rolesChanged)).register(r);
    CustomerProfiles customers = new CustomerProfiles(p.db());
    ReadAccess access = new ReadAccess(p.conversations().access(), p.reader(), p.directory());
    new ChatApi(p.reader(), p.conversations(), p.directory(), p.trail(), access).register(r);
    new BotApi(p.bot()).register(r);
    BotCalibration calibration = BotCalibration.start(p.db(), p.bot(), p.clock());
    new BotCalibrationApi(p.bot(), calibration).register(r);
    new SettingsApi(p.settings(), p.menu(), p.directory()).register(r);
    new TicketApi(p.tickets(), p.directory(), p.conversations()).register(r);
    new CannedApi(p.db(), p.clock()).register(r);
    new StatsApi(new dev.frontline.server.stats.Kpis(p.db(), p.settings(), p.directory()), p.dispatcher(),
        java.time.ZoneId.systemDefault()).register(r);
    new BackupApi(p.db(), p.dataDir(), p.clock()).register(r);
    new TrailApi(p.db(), p.clock(), p.rules(), access, customers, p.reader(), p.settings(), p.trail()).register(r);
    new ChannelApi(p.visitors(), p.conversations(), p.reader(), p.clock()).register(r);
    new CustomerApi(p.auth(), p.visitors().identity(), customers, p.clock()).register(r);
    new FilesApi(p.dataDir(), p.db(), p.clock(), p.auth(), p.visitors(), p.conversations(), p.reader(), access,
        p.settings()).register(r);
    Knowledge k = p.knowledge();
    // The fixed /api/faq/<word> routes before /api/faq/{id}: the router takes the first match.
    new FaqFilesApi(k.service(), k.queries()).register(r);
    new SynonymApi(k.synonyms(), k.feed()).register(r);
    new FaqLoopApi(k.service(), k.queries(), k.misses(), k.suggestions(), calibration, p.bot()).register(r);
    MissSweeper sweeper = new MissSweeper(k.misses(), p.bot());
    k.feed().onPublished(sweeper::changed);
    new FaqPreviewApi(k.feed(), k.botConfig()).register(r);
    new FaqApi(k.service(), k.queries(), p.settings()).register(r);
    new KbApi(k.db(), k.queries(), p.bot(), k.suggestions(), k.clock()).register(r);
    return new Api(r, p.auth());
  }
}

package dev.frontline.server;

import dev.frontline.bot.BotConfig;
import dev.frontline.bot.FaqBot;
import dev.frontline.bot.FaqBots;
import dev.frontline.server.agent.AgentRegistry;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.api.Api;
import dev.frontline.server.api.Apis;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.config.ServerConfig;
import dev.frontline.server.config.Settings;
import dev.frontline.server.conversation.BotGateway;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.conversation.Recovery;
import dev.frontline.server.conversation.Shards;
import dev.frontline.server.conversation.VisitorDirectory;
import dev.frontline.server.demo.Bootstrap;
import dev.frontline.server.kb.BotFeed;
import dev.frontline.server.kb.FaqQueries;
import dev.frontline.server.kb.FaqService;
import dev.frontline.server.kb.KbHooks;
import dev.frontline.server.kb.MissLog;
import dev.frontline.server.kb.SuggestionBox;
import dev.frontline.server.kb.SynonymStore;
import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import dev.frontline.server.trail.TrailRecorder;
import dev.frontline.server.transport.NettyServer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Frontline server: wires the parts, starts them in order, stops them in reverse. */
public final class Frontline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Frontline.class);

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private volatile boolean ready;
  private int port;
  private Bootstrap.Outcome bootstrap;
  private ConversationService conversations;
  private Journal chatJournal;

  private Frontline() {}

  /** Starts a server; when this returns, it accepts chats on {@link #port()}. */
  public static Frontline start(ServerConfig config) throws Exception {
    Frontline f = new Frontline();
    try {
      f.boot(config);
    } catch (Exception | Error e) {
      f.close();
      throw e;
    }
    return f;
  }

  private <T extends AutoCloseable> T own(T c) {
    closeables.push(c);
    return c;
  }

  private void boot(ServerConfig config) throws Exception {
    Clock clock = Clock.systemUTC();
    Database db = own(Database.open(config));
    chatJournal = own(new Journal("chat", db, 100_000, 1_000));
    Journal events = own(new Journal("events", db, 200_000, 2_000));
    Directory directory = new Directory(db, clock);
    MenuCatalog menu = new MenuCatalog(db);
    Settings settings = new Settings(db);
    settings.reload();

    BotConfig botConfig = BotConfig.defaults();
    FaqBot bot = FaqBots.create(botConfig);
    BotGateway gateway = own(new BotGateway(bot, 2, 10_000));
    FaqQueries faqQueries = new FaqQueries(db);
    SynonymStore synonyms = new SynonymStore(db, clock);
    BotFeed feed = new BotFeed(bot, faqQueries, synonyms, clock);
    FaqService faq = new FaqService(db, feed, settings, clock);
    MissLog misses = new MissLog(db, events, clock);
    bootstrap = Bootstrap.run(config, directory, menu, faq, clock);
    feed.start();

    ScheduledExecutorService timers = Executors.newScheduledThreadPool(1,
        r -> Thread.ofPlatform().name("timers").daemon(true).unstarted(r));
    own(timers::shutdownNow);
    AtomicInteger apiThreads = new AtomicInteger();
    ThreadPoolExecutor apiPool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4_000),
        r -> Thread.ofPlatform().name("api-" + apiThreads.getAndIncrement()).daemon(true).unstarted(r));
    own(apiPool::shutdownNow);
    Shards shards = own(new Shards(Math.max(2, Runtime.getRuntime().availableProcessors()), 20_000));
    AgentDispatcher dispatcher = own(new AgentDispatcher(clock, timers, config.limits().agentGrace()));
    AgentRegistry agents = new AgentRegistry();
    TrailRecorder trail = new TrailRecorder(db, events, clock);
    conversations = new ConversationService(new ConversationService.Deps(shards, chatJournal, db,
        new VisitorDirectory(db, chatJournal), trail, gateway, dispatcher, agents, settings, menu, clock, timers, apiPool,
        config.limits(), directory::groupExists, new KbHooks(feed, misses, events)));
    Recovery.run(conversations, directory);

    AuthService auth = new AuthService(db, directory, clock);
    Api api = Apis.build(new Apis.Parts(auth, directory, conversations, new ConversationReader(db), trail, bot, settings,
        menu, dispatcher, new Apis.Knowledge(db, faq, faqQueries, feed, synonyms, misses, new SuggestionBox(db, clock),
        botConfig, clock)));
    NettyServer net = own(new NettyServer(config, api, conversations, auth, directory, apiPool, timers, () -> ready));
    port = net.start();
    timers.scheduleWithFixedDelay(() -> apiPool.execute(() -> refresh(settings, menu, directory, feed)), 5, 5,
        TimeUnit.SECONDS);
    ready = true;
    log.info("event=server.ready port={} db={}", port, db.dialect());
  }

  /**
   * Settings, menu, groups and knowledge may change in another process of the cluster: reread
   * them; the bot feed also applies validity windows that opened or closed.
   */
  private static void refresh(Settings settings, MenuCatalog menu, Directory directory, BotFeed feed) {
    try {
      settings.reload();
      menu.reload();
      directory.reloadGroups();
      feed.tick();
    } catch (java.sql.SQLException e) {
      log.warn("event=refresh.failed reason={}", e.getMessage());
    }
  }

  public int port() {
    return port;
  }

  public Bootstrap.Outcome bootstrap() {
    return bootstrap;
  }

  public ConversationService conversations() {
    return conversations;
  }

  /** Stops in reverse order of start: network first, the journals' queued writes are committed, the database last. */
  @Override
  public void close() {
    ready = false;
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("event=server.close_failed part={} reason={}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}

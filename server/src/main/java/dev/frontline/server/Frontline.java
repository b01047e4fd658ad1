package dev.frontline.server;

import dev.frontline.bot.BotConfig;
import dev.frontline.bot.FaqBot;
import dev.frontline.bot.FaqBots;
import dev.frontline.server.agent.AgentRegistry;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.cluster.RedisLink;
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
import dev.frontline.server.health.Health;
import dev.frontline.server.kb.BotFeed;
import dev.frontline.server.kb.FaqQueries;
import dev.frontline.server.kb.FaqService;
import dev.frontline.server.kb.KbHooks;
import dev.frontline.server.kb.MissLog;
import dev.frontline.server.kb.SuggestionBox;
import dev.frontline.server.kb.SynonymStore;
import dev.frontline.server.metrics.MetricsEndpoint;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.routing.MenuEntry;
import dev.frontline.server.stats.WorkClock;
import dev.frontline.server.store.Database;
import dev.frontline.server.store.Journal;
import dev.frontline.server.ticket.TicketDesk;
import dev.frontline.server.trail.TrailRecorder;
import dev.frontline.server.transport.NettyServer;
import dev.frontline.server.conversation.SiteIdentity;
import dev.frontline.server.trail.RuleBook;
import dev.frontline.server.trail.TrailFiles;
import dev.frontline.server.trail.TrailRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
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
  private Health health;
  private NettyServer net;
  private int port;
  private Bootstrap.Outcome bootstrap;
  private ConversationService conversations;
  private Journal chatJournal;
  private Database database;
  private BotGateway botGateway;
  private dev.frontline.server.cluster.Hub hub;

  /**
   * What a cluster's leader hands the conversations' process it starts (decision 0011): the
   * member's Redis link, its node name, the epoch it leads in and the fence its writes must pass.
   */
  public record Leadership(RedisLink redis, String node, long epoch, dev.frontline.server.store.Fence fence,
      WarmBot warm) {}

  /**
   * A bot kept loaded and current in every member of a cluster, so that a new leader does not
   * spend seconds embedding the knowledge base before it serves (hot standby).
   */
  public record WarmBot(FaqBot bot, BotFeed feed, FaqQueries queries, SynonymStore synonyms) {}

  /** Builds the bot from the published knowledge in {@code db} (blocking: seconds with the embedding model). */
  public static WarmBot warmBot(ServerConfig config, Database db, Clock clock) throws java.sql.SQLException {
    FaqBot bot = FaqBots.bilingual(BotConfig.defaults(), config.botDense());
    FaqQueries queries = new FaqQueries(db);
    SynonymStore synonyms = new SynonymStore(db, clock);
    BotFeed feed = new BotFeed(bot, queries, synonyms, clock);
    feed.start();
    return new WarmBot(bot, feed, queries, synonyms);
  }

  private Frontline() {}

  /** Starts a server; when this returns, it accepts chats on {@link #port()}. */
  public static Frontline start(ServerConfig config) throws Exception {
    return start(config, Clock.systemUTC());
  }

  /** As {@link #start(ServerConfig)} with the given clock (tests script a day with a clock they move). */
  public static Frontline start(ServerConfig config, Clock clock) throws Exception {
    return start(config, clock, null);
  }

  /** As {@link #start(ServerConfig, Clock)}; with {@code lead}, as the conversations' process of a cluster's leader. */
  public static Frontline start(ServerConfig config, Clock clock, Leadership lead) throws Exception {
    Frontline f = new Frontline();
    try {
      f.boot(config, clock, lead);
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

  private void boot(ServerConfig config, Clock clock, Leadership lead) throws Exception {
    ServerMetrics metrics = own(new ServerMetrics());
    Database db = own(Database.open(config));
    database = db;
    if (lead != null) {
      db.fence(lead.fence());
    }
    health = own(new Health(clock));
    health.watch("database", db::probe);
    RedisLink redis = null;
    if (config.redisUrl() != null) {
      // Connects in the background while the rest starts.
      redis = own(new RedisLink(config.redisUrl(), config.cluster()));
      redis.start();
    }
    Settings settings = new Settings(db);
    settings.reload();
    TrailFiles trailFiles = own(new TrailFiles(config.dataDir()));
    chatJournal = own(new Journal("chat", db, 100_000, 1_000));
    // The trail and the unanswered log: written to SQLite's log at commit, forced to disk with the
    // chat journal's next commit, so that they never hold the write lock through an fsync.
    Journal events = own(new Journal("events", db, config.limits().eventsQueue(), 2_000, Journal.Sync.WITH_NEXT));
    chatJournal.onCommit(metrics);
    events.onCommit(metrics);
    Directory directory = new Directory(db, clock);
    MenuCatalog menu = new MenuCatalog(db);

    menu.reload();
    BotConfig botConfig = BotConfig.defaults().withDirectCategories(directCategories(menu.entries()));
    WarmBot warm = lead == null ? null : lead.warm();
    FaqBot bot = warm != null ? warm.bot() : FaqBots.bilingual(botConfig, config.botDense());
    if (warm != null) {
      bot.directCategories(directCategories(menu.entries()));
    }
    menu.onChange(entries -> bot.directCategories(directCategories(entries)));
    BotGateway gateway = own(new BotGateway(bot, config.limits().botThreads(), config.limits().botWaitBudget(),
        config.limits().botNice()));
    botGateway = gateway;
    FaqQueries faqQueries = warm != null ? warm.queries() : new FaqQueries(db);
    SynonymStore synonyms = warm != null ? warm.synonyms() : new SynonymStore(db, clock);
    BotFeed feed = warm != null ? warm.feed() : new BotFeed(bot, faqQueries, synonyms, clock);
    FaqService faq = new FaqService(db, feed, settings, clock);
    MissLog misses = new MissLog(db, events, clock);
    bootstrap = Bootstrap.run(config, directory, menu, faq, clock);
    if (warm == null) {
      feed.start();
    } else {
      feed.tick();
    }

    ScheduledExecutorService timers = Executors.newScheduledThreadPool(1,
        r -> Thread.ofPlatform().name("timers").daemon(true).unstarted(r));
    own(timers::shutdownNow);
    AtomicInteger apiThreads = new AtomicInteger();
    ThreadPoolExecutor apiPool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4_000),
        r -> Thread.ofPlatform().name("api-" + apiThreads.getAndIncrement()).daemon(true).unstarted(r));
    own(apiPool::shutdownNow);
    Shards shards = own(new Shards(Math.max(2, Runtime.getRuntime().availableProcessors()), 20_000));
    AgentDispatcher dispatcher = own(new AgentDispatcher(clock, timers, config.limits().agentGrace(),
        config.limits().queueUpdateInterval()));
    dispatcher.setWaits(metrics);
    dispatcher.setPresenceObserver(new WorkClock(events::submit));
    AgentRegistry agents = new AgentRegistry();
    TrailRecorder trail = new TrailRecorder(db, events, clock, trailFiles);
    TicketDesk tickets = new TicketDesk(db, chatJournal, clock);
    VisitorDirectory visitors = new VisitorDirectory(db, chatJournal, new SiteIdentity(config.siteSecret()));
    RuleBook rules = new RuleBook(db, clock);
    rules.reload();
    conversations = new ConversationService(new ConversationService.Deps(shards, chatJournal, db, visitors, trail,
        gateway, dispatcher, agents, settings, menu, clock, timers, apiPool, config.limits(), directory::groupExists,
        tickets, rules, ZoneId.systemDefault(), new KbHooks(feed, misses, events), metrics));
    Recovery.run(conversations, directory);

    AuthService auth = new AuthService(db, directory, clock, config.edge().sessionTtl());
    timers.scheduleWithFixedDelay(auth.openSessions()::expire, 1, 1, TimeUnit.SECONDS);
    Api api = Apis.build(new Apis.Parts(auth, directory, conversations, new ConversationReader(db), trail, bot, settings,
        menu, dispatcher, tickets, db, clock, config.dataDir(), visitors, rules, new Apis.Knowledge(db, faq, faqQueries,
        feed, synonyms, misses, new SuggestionBox(db, clock),
        () -> botConfig.withDirectCategories(directCategories(menu.entries())), clock)));
    MetricsEndpoint scrapes = new MetricsEndpoint(metrics, auth, dispatcher, config.metricsToken());
    if (redis != null) {
      redis.awaitConnected(Duration.ofSeconds(10));
      health.watch("redis", redis::ping);
    }
    net = own(new NettyServer(config, api, conversations, auth, directory, apiPool, timers, health, metrics,
        scrapes));
    port = net.start();
    if (lead != null) {
      hub = own(new dev.frontline.server.cluster.Hub(lead.redis(), lead.epoch(), lead.node(),
          config.advertiseHost() + ":" + port, conversations, auth, directory, apiPool, config.limits()));
    }
    dispatcher.setRules(Apis.rules(directory));
    timers.scheduleWithFixedDelay(conversations::sweepInactive, 2, 2, TimeUnit.SECONDS);
    timers.scheduleWithFixedDelay(conversations.alerts()::sweep, 1, 1, TimeUnit.SECONDS);
    TrailRetention retention = new TrailRetention(trail, () -> (int) settings.number("trailRetentionDays"));
    timers.scheduleWithFixedDelay(() -> apiPool.execute(retention), 1, 6 * 60, TimeUnit.MINUTES);
    timers.scheduleWithFixedDelay(trail::reportLosses, 10, 10, TimeUnit.SECONDS);
    timers.scheduleWithFixedDelay(() -> apiPool.execute(() -> {
      refresh(settings, menu, directory, feed);
      try {
        rules.reload();
      } catch (java.sql.SQLException e) {
        log.warn("event=rules.reload_failed reason={}", e.getMessage());
      }
      dispatcher.setRules(Apis.rules(directory));
    }), 5, 5, TimeUnit.SECONDS);
    health.serving();
    log.info("event=server.ready port={} db={}", port, db.dialect());
  }

  /**
   * FAQ categories that go straight to a person: those of the menu entries that do (purchases,
   * after-sales, complaints in the default menu).
   */
  private static java.util.Set<String> directCategories(java.util.List<MenuEntry> menu) {
    var entries = menu.isEmpty() ? MenuCatalog.DEFAULTS : menu;
    java.util.Set<String> out = new java.util.HashSet<>();
    for (var e : entries) {
      if (e.directToPerson() && e.faqCategory() != null) {
        out.add(e.faqCategory());
      }
    }
    return out;
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

  /** The database, for operations tooling and tests. */
  public Database database() {
    return database;
  }

  /** The bot's pool (tests hold it busy). */
  public BotGateway botGateway() {
    return botGateway;
  }

  public ConversationService conversations() {
    return conversations;
  }

  /** In a cluster's leader, the end of the relayed sockets; otherwise null. */
  public dev.frontline.server.cluster.Hub hub() {
    return hub;
  }

  /**
   * The first step of a stop: {@code /healthz} answers 503, no new connection is taken, every
   * WebSocket is closed with 1012 (service restart) so that its client reconnects at once.
   */
  public void drain() {
    if (health != null) {
      health.draining();
    }
    if (net != null) {
      net.drain(Duration.ofSeconds(5));
    }
  }

  /**
   * Stops in reverse order of start after draining: the network first, the journals' queued
   * writes are committed, the database last.
   */
  @Override
  public void close() {
    drain();
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

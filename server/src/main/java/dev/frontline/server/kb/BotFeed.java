package dev.frontline.server.kb;

import dev.frontline.bot.FaqBot;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqEntry;
import dev.frontline.knowledge.synonyms.SynonymExpander;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bot's index equal to the live knowledge: every published entry that is valid now,
 * with its phrasings expanded by the synonym sets ({@link SynonymExpander}). A write calls
 * {@link #refresh} after its commit, so the bot answers from it within the bot's refresh
 * (~100 ms); {@link #tick} (every few seconds) applies validity windows that opened or closed and
 * picks up changes made by other processes sharing the database.
 *
 * <p>Blocking (JDBC): call from the API pool, never from an event loop or a conversation shard.
 * {@link #live} is the exception: a map read, safe anywhere.
 */
public final class BotFeed {
  private static final Logger log = LoggerFactory.getLogger(BotFeed.class);
  /** Beyond this many changed entries, one {@code replaceAll} beats single updates. */
  private static final int BULK = 200;

  private final FaqBot bot;
  private final FaqQueries queries;
  private final SynonymStore synonyms;
  private final Clock clock;
  /** Live content by id, whatever its validity. */
  private final Map<String, FaqContent> published = new ConcurrentHashMap<>();
  /** What the bot holds (expanded), by id; guarded by this. */
  private final Map<String, FaqEntry> inBot = new HashMap<>();
  private volatile SynonymExpander expander = SynonymExpander.NONE;
  private List<List<String>> synonymTerms = List.of();
  private String signature = "";

  public BotFeed(FaqBot bot, FaqQueries queries, SynonymStore synonyms, Clock clock) {
    this.bot = bot;
    this.queries = queries;
    this.synonyms = synonyms;
    this.clock = clock;
  }

  private volatile Runnable onPublish = () -> {};

  /** Runs {@code r} (quickly: it should only schedule work) whenever the bot gains or changes an entry. */
  public void onPublished(Runnable r) {
    onPublish = r;
  }

  /** Loads everything and fills the bot (start-up). */
  public synchronized void start() throws SQLException {
    signature = queries.signature();
    load(true);
  }

  /** Re-reads these entries after a committed change and updates the bot. */
  public synchronized void refresh(Collection<String> ids) throws SQLException {
    if (ids.size() > BULK) {
      load(false);
      bot.settle(); // answer from the new set's calibration as soon as the import returns
      return;
    }
    for (String id : ids) {
      FaqQueries.Live l = queries.live(id);
      if (l == null) {
        published.remove(id);
      } else {
        published.put(id, l.content());
      }
      apply(id, true);
    }
    if (ids.size() > 1) {
      bot.settle(); // a batch (an import): answer from what the whole new set teaches at once
    }
  }

  /** Synonym sets changed: re-expand every entry. */
  public synchronized void synonymsChanged() throws SQLException {
    load(false);
  }

  /** Periodic: picks up other processes' changes, and validity windows that opened or closed. */
  public synchronized void tick() throws SQLException {
    String now = queries.signature();
    if (!now.equals(signature)) {
      signature = now;
      load(false);
      return;
    }
    Set<String> ids = new HashSet<>(published.keySet());
    ids.addAll(inBot.keySet());
    for (String id : ids) {
      apply(id, false);
    }
  }

  /** The live entry a visitor may see now (not expanded), or null. Never blocks. */
  public FaqEntry live(String id) {
    FaqContent c = published.get(id);
    return c != null && c.validAt(clock.millis()) ? c.toEntry(id) : null;
  }

  /** Whether the entry's channel scope includes {@code channel}; true when the entry is unknown here. Never blocks. */
  public boolean serves(String id, String channel) {
    FaqContent c = published.get(id);
    return c == null || c.inChannel(channel);
  }

  /** Every entry the bot answers from now, expanded as the bot holds them (for previews). */
  public synchronized List<FaqEntry> botEntries() {
    return new ArrayList<>(inBot.values());
  }

  public SynonymExpander expander() {
    return expander;
  }

  private void load(boolean first) throws SQLException {
    List<List<String>> terms = synonyms.terms();
    boolean synonymsChanged = !terms.equals(synonymTerms);
    if (synonymsChanged) {
      synonymTerms = terms;
      expander = new SynonymExpander(terms);
    }
    Map<String, FaqContent> fresh = new LinkedHashMap<>();
    for (FaqQueries.Live l : queries.live()) {
      fresh.put(l.id(), l.content());
    }
    Set<String> changed = new HashSet<>(published.keySet());
    changed.addAll(fresh.keySet());
    if (!synonymsChanged) {
      changed.removeIf(id -> Objects.equals(published.get(id), fresh.get(id)) && inBot.containsKey(id) == valid(fresh.get(id)));
    }
    published.keySet().retainAll(fresh.keySet());
    published.putAll(fresh);
    if (first || changed.size() > BULK) {
      replaceAll();
    } else {
      changed.forEach(id -> apply(id, true));
    }
    if (first || !changed.isEmpty()) {
      log.info("event=kb.bot_fed entries={} changed={} synonymSets={}", inBot.size(), changed.size(), terms.size());
    }
  }

  private void replaceAll() {
    inBot.clear();
    published.forEach((id, c) -> {
      if (c.validAt(clock.millis())) {
        inBot.put(id, expander.expand(c.toEntry(id)));
      }
    });
    bot.replaceAll(List.copyOf(inBot.values()));
    onPublish.run();
  }

  private boolean valid(FaqContent c) {
    return c != null && c.validAt(clock.millis());
  }

  /** Brings the bot's copy of one entry up to date. */
  private void apply(String id, boolean contentChanged) {
    FaqContent c = published.get(id);
    if (!valid(c)) {
      if (inBot.remove(id) != null) {
        bot.delete(id);
      }
      return;
    }
    if (!contentChanged && inBot.containsKey(id)) {
      return;
    }
    FaqEntry e = expander.expand(c.toEntry(id));
    if (!e.equals(inBot.get(id))) {
      bot.upsert(e);
      inBot.put(id, e);
      onPublish.run();
    }
  }
}

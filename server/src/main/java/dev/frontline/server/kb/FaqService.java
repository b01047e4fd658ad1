package dev.frontline.server.kb;

import dev.frontline.knowledge.importer.FaqRecord;
import dev.frontline.knowledge.model.ChangeKind;
import dev.frontline.knowledge.model.FaqContent;
import dev.frontline.knowledge.model.FaqStatus;
import dev.frontline.knowledge.workflow.Workflow;
import dev.frontline.server.config.Settings;
import dev.frontline.server.conversation.Ids;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import dev.frontline.server.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.frontline.server.store.Dialect;

/**
 * Every change of the knowledge base: a new version with its author and time, its status by
 * {@link Workflow}, the head row, all in one transaction; then, once committed, the bot is told
 * ({@link BotFeed#refresh}), so that a published write is answered from before the request
 * returns plus the bot's refresh. Blocking: runs on the API pool.
 */
public final class FaqService {
  private static final Logger log = LoggerFactory.getLogger(FaqService.class);

  /** More work in the same transaction as a change (resolving unanswered questions...). */
  @FunctionalInterface
  public interface Also {
    void run(Connection c, FaqHead after) throws SQLException;
  }

  private final Database db;
  private final BotFeed feed;
  private final Settings settings;
  private final Clock clock;

  public FaqService(Database db, BotFeed feed, Settings settings, Clock clock) {
    this.db = db;
    this.feed = feed;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * A new entry ({@code id} null: one is made up). {@code kind} is {@code CREATE} or {@code PROPOSAL};
   * {@code draft} keeps it a draft whoever writes. An existing id (not deleted) is a conflict.
   */
  public FaqHead create(Editor who, String id, FaqContent content, ChangeKind kind, boolean draft, String note,
      Also also) throws SQLException {
    String entryId = id == null ? newId() : id;
    FaqHead after = tx(c -> {
      FaqHead before = FaqStore.head(c, entryId, true);
      if (before != null && before.status() != FaqStatus.DELETED) {
        throw ApiException.conflict("an entry with id '" + entryId + "' exists");
      }
      FaqHead h = write(c, who, entryId, before, content, kind, draft, note);
      if (also != null) {
        also.run(c, h);
      }
      return h;
    });
    feed.refresh(List.of(entryId));
    return after;
  }

  /**
   * A new version of an existing entry. With {@code baseVersion} set, the write is refused (409)
   * when someone else wrote a newer version meanwhile.
   */
  public FaqHead edit(Editor who, String id, FaqContent content, Integer baseVersion, String note, Also also)
      throws SQLException {
    FaqHead after = tx(c -> {
      FaqHead before = existing(c, id);
      if (baseVersion != null && baseVersion != before.version()) {
        throw ApiException.conflict("entry '" + id + "' is at version " + before.version() + ", not " + baseVersion
            + "; reload it");
      }
      FaqHead h = write(c, who, id, before, content, ChangeKind.EDIT, false, note);
      if (also != null) {
        also.run(c, h);
      }
      return h;
    });
    feed.refresh(List.of(id));
    return after;
  }

  /**
   * Adds similar questions to an entry's latest content. When that content is a pending draft,
   * the questions join the draft (still pending); otherwise the usual rule applies.
   */
  public FaqHead addSimilar(Editor who, String id, List<String> questions, String note, Also also) throws SQLException {
    FaqHead after = tx(c -> {
      FaqHead before = existing(c, id);
      FaqHead h = write(c, who, id, before, before.content().withMoreSimilar(questions), ChangeKind.EDIT,
          before.pending(), note);
      if (also != null) {
        also.run(c, h);
      }
      return h;
    });
    feed.refresh(List.of(id));
    return after;
  }

  /** Archives or deletes an entry ({@code kind} ARCHIVE or DELETE). */
  public FaqHead remove(Editor who, String id, ChangeKind kind) throws SQLException {
    FaqHead after = tx(c -> {
      FaqHead before = existing(c, id);
      if (before.status() == kind.publishedStatus()) {
        throw new ApiException(ErrorCode.NOT_ALLOWED_NOW, "entry '" + id + "' is already " + before.status().wire());
      }
      return write(c, who, id, before, before.content(), kind, false, null);
    });
    feed.refresh(List.of(id));
    return after;
  }

  /** Submits, publishes or rejects the entry's pending version. */
  public FaqHead step(Editor who, String id, Workflow.Step step, String note) throws SQLException {
    if (step != Workflow.Step.SUBMIT && !Workflow.mayPublish(who.actor(), settings.faqReview())) {
      throw ApiException.forbidden("publishing needs the role admin, supervisor or reviewer while review is on");
    }
    FaqHead after = tx(c -> {
      FaqHead before = existing(c, id);
      String refusal = Workflow.refusal(before.status(), step);
      if (refusal != null) {
        throw new ApiException(ErrorCode.NOT_ALLOWED_NOW, refusal);
      }
      FaqStatus status = Workflow.after(step, before.kind());
      if (step == Workflow.Step.PUBLISH) {
        requireAnswer(before.content(), before.kind(), status);
        FaqStore.supersede(c, id, FaqStatus.PUBLISHED);
      }
      FaqStore.setVersionStatus(c, id, before.version(), status, note);
      FaqHead h = head(id, before, status, before.version(), published(before, status, before.version()), before.kind(),
          before.content(), who);
      FaqStore.updateHead(c, h);
      return h;
    });
    feed.refresh(List.of(id));
    log.info("event=kb.step entry={} step={} status={} by={}", id, step, after.status().wire(), who.userId());
    return after;
  }

  /** Imports records in one transaction: all or nothing. Existing ids get a new version. */
  public int importAll(Editor who, List<FaqRecord> records) throws SQLException {
    List<String> ids = new ArrayList<>(records.size());
    tx(c -> {
      for (FaqRecord r : records) {
        String id = r.id() == null ? newId() : r.id();
        FaqHead before = FaqStore.head(c, id, true);
        write(c, who, id, before, r.content(), ChangeKind.IMPORT, false, "imported");
        ids.add(id);
      }
      return null;
    });
    feed.refresh(ids);
    log.info("event=kb.imported entries={} by={}", ids.size(), who.userId());
    return ids.size();
  }

  private FaqHead existing(Connection c, String id) throws SQLException {
    FaqHead h = FaqStore.head(c, id, true);
    if (h == null || h.status() == FaqStatus.DELETED) {
      throw ApiException.notFound("FAQ entry '" + id + "'");
    }
    return h;
  }

  /** Writes version {@code before.version + 1} (or 1) and the head; returns the head. */
  private FaqHead write(Connection c, Editor who, String id, FaqHead before, FaqContent content, ChangeKind kind,
      boolean draft, String note) throws SQLException {
    boolean live = before != null && before.live();
    FaqStatus status = draft ? FaqStatus.DRAFT
        : Workflow.statusOfWrite(who.actor(), settings.faqReview(), kind, live);
    requireAnswer(content, kind, status);
    int version = before == null ? 1 : before.version() + 1;
    if (before != null) {
      FaqStore.supersede(c, id, FaqStatus.DRAFT, FaqStatus.REVIEW);
      if (status != FaqStatus.DRAFT) {
        FaqStore.supersede(c, id, FaqStatus.PUBLISHED);
      }
    }
    long now = clock.millis();
    FaqStore.insertVersion(c, new FaqVersion(id, version, status, kind, content, who.userId(), who.name(), now, note));
    FaqHead h = head(id, before, status, version, published(before, status, version), kind, content, who);
    if (before == null) {
      FaqStore.insertHead(c, h);
    } else {
      FaqStore.updateHead(c, h);
    }
    return h;
  }

  /** The live version after a version gets {@code status}. */
  private static Integer published(FaqHead before, FaqStatus status, int version) {
    return switch (status) {
      case PUBLISHED -> version;
      case ARCHIVED, DELETED -> null;
      default -> before == null ? null : before.publishedVersion();
    };
  }

  private FaqHead head(String id, FaqHead before, FaqStatus status, int version, Integer published, ChangeKind kind,
      FaqContent content, Editor who) {
    long now = clock.millis();
    return new FaqHead(id, status, version, published, kind, content,
        before == null || before.status() == FaqStatus.DELETED ? now : before.createdAt(), now, who.name(),
        before == null ? 0 : before.clicks(), before == null ? 0 : before.helpful(),
        before == null ? 0 : before.unhelpful());
  }

  private static void requireAnswer(FaqContent content, ChangeKind kind, FaqStatus status) {
    if (status == FaqStatus.PUBLISHED && !kind.removes() && content.answer().isBlank()) {
      throw ApiException.invalid("answer", "must not be empty in a published entry");
    }
  }

  private static String newId() {
    return Ids.newId("faq");
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T tx(Work<T> work) throws SQLException {
    try (Connection c = db.connection()) {
      Dialect.beginWrite(c);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException e) {
        c.rollback();
        if (Dialect.uniqueViolation(e) || LOCKED.contains(e.getSQLState())) {
          throw ApiException.conflict("the entry was changed at the same time; retry");
        }
        throw e;
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** PostgreSQL's SQLSTATE of a serialization failure or deadlock. */
  private static final Set<String> LOCKED = Set.of("40001", "40P01");
}

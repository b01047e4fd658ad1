package dev.frontline.server.kb;

import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.Decision;
import dev.frontline.bot.FaqBot;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes off the unanswered list the questions the bot now answers: once the bot has gained or
 * changed entries and has been quiet for {@link #QUIET_MILLIS}, on its own thread, it waits until
 * the bot has learned from the new content ({@link FaqBot#settle}), asks it every open question
 * again and resolves those it answers ({@code answered}, with the entry), so they leave the list
 * and the editor's badge count.
 */
public final class MissSweeper implements AutoCloseable {
  static final long QUIET_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(MissSweeper.class);

  private final MissLog misses;
  private final FaqBot bot;
  private final ScheduledExecutorService thread;
  private ScheduledFuture<?> pending;

  public MissSweeper(MissLog misses, FaqBot bot) {
    this.misses = misses;
    this.bot = bot;
    this.thread = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name("frontline-miss-sweeper").daemon(true).unstarted(r));
  }

  /** The bot's content changed: sweep once it has been quiet for a while. */
  public synchronized void changed() {
    if (pending != null) {
      pending.cancel(false);
    }
    pending = thread.schedule(this::sweep, QUIET_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    try {
      bot.settle();
      int n = misses.resolveAnswered(text -> {
        BotReply r = bot.answer(text, BotContext.NONE);
        return r.decision() == Decision.ANSWER ? r.faqId() : null;
      });
      if (n > 0) {
        LOG.info("event=unanswered.swept resolved={}", n);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("event=unanswered.sweep_failed reason={}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

package dev.frontline.server.conversation;

import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.FaqBot;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Asks the bot on its own bounded pool, never on a network or conversation thread. */
public final class BotGateway implements AutoCloseable {
  private final FaqBot bot;
  private final ThreadPoolExecutor pool;

  public BotGateway(FaqBot bot, int threads, int queue) {
    this.bot = bot;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
        r -> Thread.ofPlatform().name("bot-" + n.getAndIncrement()).daemon(true).unstarted(r));
  }

  public FaqBot bot() {
    return bot;
  }

  /** The bot's reply; fails with {@link RejectedExecutionException} when the pool is saturated. */
  public CompletableFuture<BotReply> ask(String question, BotContext context) {
    try {
      return CompletableFuture.supplyAsync(() -> bot.answer(question, context), pool);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    pool.shutdown();
    bot.close();
  }
}

package dev.frontline.server.conversation;

import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.FaqBot;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks the bot on its own bounded pool, never on a network or conversation thread, and only as
 * much as it can answer in time: the pool has fewer threads than the machine has cores (the
 * event loops, conversation shards and journals keep the rest), at a lower OS priority (a higher
 * nice value, {@link BotThreadNice}) so that they get a shared core first, and a question that would wait
 * longer than the wait budget is refused at once ({@link BotAdmission}) so that its visitor hears
 * so now instead of an answer seconds late.
 */
public final class BotGateway implements AutoCloseable {
  /** The service time assumed before the first answer is measured. */
  private static final long INITIAL_SERVICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final FaqBot bot;
  private final ThreadPoolExecutor pool;
  private final BotAdmission admission;

  /** What became of a question. */
  public sealed interface Outcome {
    /** The bot decided. */
    record Answered(BotReply reply) implements Outcome {}

    /** Not asked: {@code full} (it would have waited past the budget) or {@code late} (its turn came too late). */
    record Refused(String reason) implements Outcome {}
  }

  /**
   * @param threads bot threads ({@code FRONTLINE_BOT_THREADS})
   * @param waitBudget how long a question may expect to wait for a thread ({@code FRONTLINE_BOT_WAIT_MS}); zero:
   *     only when a thread is free
   */
  public BotGateway(FaqBot bot, int threads, Duration waitBudget) {
    this(bot, threads, waitBudget, 0);
  }

  /**
   * @param nice the bot threads' Linux nice value ({@code FRONTLINE_BOT_NICE}, 0-19; 0: unchanged): above 0 the
   *     scheduler gives the server's other threads the CPU first
   */
  public BotGateway(FaqBot bot, int threads, Duration waitBudget, int nice) {
    this.bot = bot;
    this.admission = new BotAdmission(threads, waitBudget.toNanos(), INITIAL_SERVICE_NANOS);
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(BotAdmission.MAX_WAITING + threads),
        r -> Thread.ofPlatform().name("bot-" + n.getAndIncrement()).daemon(true).unstarted(() -> {
          if (nice > 0) {
            BotThreadNice.apply(nice);
          }
          r.run();
        }));
  }

  public FaqBot bot() {
    return bot;
  }

  /** The bot's decision, or {@link Outcome.Refused} at once when the bot is too busy to answer in time. */
  public CompletableFuture<Outcome> ask(String question, BotContext context) {
    CompletableFuture<Outcome> out = new CompletableFuture<>();
    if (!submit(admitted -> {
      if (admission.late(System.nanoTime() - admitted)) {
        out.complete(new Outcome.Refused("late"));
        return -1;
      }
      long start = System.nanoTime();
      try {
        out.complete(new Outcome.Answered(bot.answer(question, context)));
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
      return System.nanoTime() - start;
    })) {
      out.complete(new Outcome.Refused("full"));
    }
    return out;
  }

  /**
   * Runs {@code work} on a bot thread, admitted like a question (tests hold the pool busy with
   * it); false when refused.
   */
  public boolean run(Runnable work) {
    return submit(admitted -> {
      work.run();
      return -1;
    });
  }

  /** Work that gets its admission time and returns the nanoseconds it answered for (negative: none). */
  private interface Job {
    long run(long admittedNanos);
  }

  private boolean submit(Job job) {
    if (!admission.tryAdmit()) {
      return false;
    }
    long admitted = System.nanoTime();
    try {
      pool.execute(() -> {
        long spent = -1;
        try {
          spent = job.run(admitted);
        } finally {
          admission.done(spent);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      admission.done(-1);
      return false;
    }
  }

  /** Questions running or waiting now. */
  public int inFlight() {
    return admission.inFlight();
  }

  @Override
  public void close() {
    pool.shutdown();
    bot.close();
  }
}

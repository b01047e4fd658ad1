package dev.frontline.bench.jmh;

import dev.frontline.bot.BotConfig;
import dev.frontline.bot.BotContext;
import dev.frontline.bot.BotReply;
import dev.frontline.bot.FaqBot;
import dev.frontline.bot.FaqBots;
import dev.frontline.bot.SuppressForbidden;
import dev.frontline.bot.embed.EmbeddingModel;
import dev.frontline.knowledge.model.FaqEntry;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bot's answer path (analysis, BM25, query embedding, HNSW, fusion, decision) on synthetic
 * Chinese bases of 10,000 and 100,000 entries, cache off so every call searches. Sample-time mode
 * gives p50 / p99 per question. Setup prints index build time and heap used.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar AnswerBenchmark -p entries=10000,100000 -p dense=true,false
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgs = {
      "-Xms4g", "-Xmx8g", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED",
      "--add-modules=jdk.incubator.vector"
    })
public class AnswerBenchmark {

  @Param({"10000", "100000"})
  public int entries;

  @Param({"true", "false"})
  public boolean dense;

  /** Similar phrasings per entry (each entry has one question more). */
  @Param({"2"})
  public int similar;

  private FaqBot bot;
  private List<FaqEntry> faq;
  private String[] questions;
  private int next;

  @Setup(Level.Trial)
  public void build() {
    faq = SyntheticFaq.entries(entries, similar, 42);
    BotConfig config = BotConfig.defaults().withCacheSize(0);
    if (dense) {
      config = config.withDense(EmbeddingModel.BGE_SMALL_ZH);
    }
    long heapBefore = usedHeap();
    long t0 = System.nanoTime();
    bot = FaqBots.create(config);
    bot.replaceAll(faq);
    long buildNanos = System.nanoTime() - t0;
    long heapAfter = usedHeap();
    SplittableRandom random = new SplittableRandom(7);
    questions = new String[4096];
    for (int i = 0; i < questions.length; i++) {
      questions[i] = SyntheticFaq.question(random, faq);
    }
    report(buildNanos, heapAfter - heapBefore);
  }

  @SuppressForbidden(reason = "benchmark set-up figures go to the JMH console")
  private void report(long buildNanos, long heapBytes) {
    System.out.printf(
        Locale.ROOT,
        "%n[setup] entries=%d phrasings=%d dense=%s build=%.1f s heap used by bot=%d MiB%n",
        entries, entries * (similar + 1L), dense, buildNanos / 1e9, heapBytes >> 20);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Benchmark
  public BotReply answer() {
    String q = questions[next++ & (questions.length - 1)];
    return bot.answer(q, BotContext.NONE);
  }

  @TearDown(Level.Trial)
  public void close() {
    bot.close();
  }
}

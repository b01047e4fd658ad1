package dev.frontline.bench.jmh;

import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.routing.AgentProfile;
import dev.frontline.server.routing.AgentRef;
import dev.frontline.server.routing.RoutingListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * The routing dispatcher alone, without sockets, shards or database: {@code agents} agents of
 * group {@code consult} online with {@code maxChats} chats each, every slot busy, {@code queued}
 * visitors waiting. One operation is one turn of a busy queue, as the server runs it: an agent's
 * chat ends ({@code finished}), the dispatcher gives the freed slot to the head of the queue (the
 * {@code assign} callback), then a new visitor asks for a person ({@code request}) and joins the
 * end of the queue. The visitors behind the head learn their new positions as the dispatcher's
 * position window allows ({@code windowMs}: at most one {@code queued} callback per visitor per
 * window, from the dispatcher's timer; 0 = every visitor behind the head at every turn, as before
 * the window existed). The operation ends when the dispatcher has told the new visitor its
 * position (or, with no queue, assigned it). The listener only counts: this is the dispatcher's
 * own cost plus two hand-offs to its thread, not the cost of delivering the callbacks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatcherBenchmark {
  @Param({"200"})
  public int agents;

  @Param({"5"})
  public int maxChats;

  @Param({"0", "100", "1000"})
  public int queued;

  @Param({"0", "1000"})
  public int windowMs;

  private ScheduledExecutorService timers;
  private AgentDispatcher dispatcher;
  private Counting listener;
  private long next;
  private long ops;

  /**
   * Counts callbacks; remembers assigned conversations (oldest first) and whether the awaited
   * conversation was told something.
   */
  static final class Counting implements RoutingListener {
    final ConcurrentLinkedQueue<String> assigned = new ConcurrentLinkedQueue<>();
    volatile String awaited;
    volatile boolean told;
    long queuedCallbacks;
    long assignCallbacks;
    long noAgent;

    private void tell(String conversationId) {
      if (conversationId.equals(awaited)) {
        told = true;
      }
    }

    @Override
    public void noAgent(String conversationId, String visitorId, String group, String reason) {
      noAgent++;
      tell(conversationId);
    }

    @Override
    public void queued(String conversationId, String visitorId, String group, int position, Long expectedWaitMs) {
      queuedCallbacks++;
      tell(conversationId);
    }

    @Override
    public void assign(String conversationId, String visitorId, AgentRef agent, String group, String reason) {
      assignCallbacks++;
      assigned.add(conversationId);
      tell(conversationId);
    }

    @Override
    public void revoke(String conversationId, String visitorId, long agentId, String reason) {}
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    timers = Executors.newSingleThreadScheduledExecutor();
    dispatcher = new AgentDispatcher(Clock.systemUTC(), timers, Duration.ofSeconds(60), Duration.ofMillis(windowMs));
    listener = new Counting();
    dispatcher.setListener(listener);
    for (int i = 1; i <= agents; i++) {
      dispatcher.agentConnected(new AgentProfile(i, "agent " + i, Set.of("consult"), maxChats, false)).get();
      dispatcher.setStatus(i, AgentDispatcher.Status.ONLINE).get();
    }
    int slots = agents * maxChats;
    for (int i = 0; i < slots + queued; i++) {
      request();
    }
    dispatcher.snapshot().get(10, TimeUnit.SECONDS);
    if (listener.assigned.size() != slots) {
      throw new IllegalStateException("expected " + slots + " assigned, got " + listener.assigned.size());
    }
    listener.queuedCallbacks = 0;
    listener.assignCallbacks = 0;
    ops = 0;
  }

  private void request() {
    String conv = "c-" + next;
    listener.awaited = conv;
    listener.told = false;
    dispatcher.request(conv, "v-" + next, "consult");
    next++;
  }

  @Benchmark
  public void closeAssignRequeue() {
    dispatcher.finished(listener.assigned.poll());
    request();
    while (!listener.told) {
      Thread.onSpinWait();
    }
    ops++;
  }

  @TearDown(Level.Trial)
  @dev.frontline.bench.SuppressForbidden
  public void tearDown() throws Exception {
    Object q = dispatcher.snapshot().get(10, TimeUnit.SECONDS).get("queues");
    System.out.printf(java.util.Locale.ROOT, "%n[dispatcher] %d ops: %.2f assign and %.3f queued callbacks per op;"
        + " queues at the end %s%n", ops, listener.assignCallbacks / (double) ops, listener.queuedCallbacks / (double) ops, q);
    dispatcher.close();
    timers.shutdownNow();
  }
}

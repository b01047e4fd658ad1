package dev.frontline.bench.jmh;

import dev.frontline.bench.load.Frames;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the load generator spends per inbound frame (it shares the machine with the server, so it
 * must stay cheap). Also the template for this module's JMH benchmarks: annotate a class here,
 * build, and run {@code java -jar bench/target/frontline-bench.jar jmh FrameParse}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameParseBenchmark {
  private final String ack = "{\"type\":\"ack\",\"clientId\":\"b0-1234-56\",\"seq\":113,\"conversationId\":\"c_01HZX\"}";
  private final String message = "{\"type\":\"message\",\"conversationId\":\"c_01HZX\",\"seq\":114,\"from\":\"bot\","
      + "\"text\":\"您好，请问有什么可以帮您？\",\"ts\":1732400000000,\"menu\":[{\"id\":\"consult\",\"label\":\"业务咨询\"},"
      + "{\"id\":\"query\",\"label\":\"业务查询\"}]}";

  @Benchmark
  public Frames.Inbound parseAck() {
    return Frames.parse(ack);
  }

  @Benchmark
  public Frames.Inbound parseMessage() {
    return Frames.parse(message);
  }
}
